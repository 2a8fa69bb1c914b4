package io.github.queuetestkit.plan;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.internal.Catalog;
import io.github.queuetestkit.base.Identifiers;
import io.github.queuetestkit.postgres.internal.RelationCatalog;
import io.github.queuetestkit.postgres.internal.RelationCatalog.Coverage;
import io.github.queuetestkit.postgres.internal.RelationCatalog.Member;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A table or index name given to an assertion, read as the user means it. With the database the plan came from, the
 * name resolves through the catalog on the plan's {@code search_path}: a partitioned table stands for its partitions,
 * a table for its inheritance children, a view for the tables it reads, a partitioned index for its partitions'
 * indexes; a name that does not exist, or names the wrong kind of relation, is refused. A plan parsed from JSON has
 * no catalog, so the name matches plan nodes by name alone.
 */
final class NamedRelation {

    private final String name;
    private final Coverage coverage;

    private NamedRelation(String name, Coverage coverage) {
        this.name = name;
        this.coverage = coverage;
    }

    /**
     * @param assertion the assertion, for messages
     * @param table the table name as given
     * @param catalog the plan's database, if it came from one
     * @param plan the plan, whose tables are listed when the name is unknown
     * @return the table
     * @throws QueueTestkitException when the name is not a table, view or materialized view of the database
     */
    static NamedRelation table(String assertion, String table, Optional<Catalog> catalog, Plan plan) {
        if (catalog.isEmpty()) {
            NamedRelation named = unresolved(table);
            if (plan.nodes().noneMatch(named::isOn)) {
                throw new QueueTestkitException(UnknownRelation.tableWithoutDatabase(assertion, table, plan.tables()));
            }
            return named;
        }
        Coverage coverage = catalog.get().cover(table).orElseThrow(() -> new QueueTestkitException(
                UnknownRelation.table(assertion, table, indexesOfTables(catalog.get(), plan))));
        RelationCatalog.Relation named = coverage.named();
        if (named.isIndex()) {
            throw new QueueTestkitException(UnknownRelation.notATable(assertion, table, named.kindName()));
        }
        if (!named.isTableLike() && !named.isView()) {
            throw new QueueTestkitException(UnknownRelation.notATable(assertion, table, named.kindName()));
        }
        if (named.isView() && coverage.members().isEmpty()) {
            throw new QueueTestkitException(UnknownRelation.viewWithoutTables(assertion, table));
        }
        return new NamedRelation(table, coverage);
    }

    /**
     * @param assertion the assertion, for messages
     * @param index the index name as given
     * @param catalog the plan's database, if it came from one
     * @param plan the plan, whose tables' indexes are listed when the name is unknown
     * @return the index
     * @throws QueueTestkitException when the name is not an index of the database
     */
    static NamedRelation index(String assertion, String index, Optional<Catalog> catalog, Plan plan) {
        if (catalog.isEmpty()) {
            return unresolved(index);
        }
        Coverage coverage = catalog.get().cover(index).orElseThrow(() -> new QueueTestkitException(
                UnknownRelation.index(assertion, index, indexesOfTables(catalog.get(), plan))));
        if (!coverage.named().isIndex()) {
            throw new QueueTestkitException(UnknownRelation.notAnIndex(assertion, index, coverage.named().kindName()));
        }
        return new NamedRelation(index, coverage);
    }

    /**
     * @param name a table or index name
     * @return the name, matched against plan nodes by name alone (a plan parsed from JSON has no catalog)
     */
    static NamedRelation unresolved(String name) {
        return new NamedRelation(name, null);
    }

    /**
     * @param catalog the plan's database, if it came from one
     * @return for an index resolved through the catalog, the table it indexes (with its partitions); else empty
     */
    Optional<NamedRelation> indexedTable(Optional<Catalog> catalog) {
        if (coverage == null || catalog.isEmpty() || !coverage.named().isIndex()) {
            return Optional.empty();
        }
        String table = Identifiers.quote(coverage.named().schema()) + "." + Identifiers.quote(coverage.named().table());
        return catalog.get().cover(table).map(c -> new NamedRelation(coverage.named().table(), c));
    }

    /**
     * @param other a relation resolved through the same catalog
     * @return whether this name stands for that relation (itself, a partition, a child, or a table of this view);
     *     true when either is unresolved, which cannot be told
     */
    boolean standsFor(NamedRelation other) {
        if (coverage == null || other.coverage == null) {
            return true;
        }
        return member(other.coverage.named().schema(), other.coverage.named().name()).isPresent();
    }

    /** @return the relation as schema.name when resolved, else the name as given */
    String qualifiedName() {
        return coverage == null ? name : coverage.named().schema() + "." + coverage.named().name();
    }

    /** @return the name as the assertion was given it */
    String name() {
        return name;
    }

    /** @return true when the name was resolved through a catalog */
    boolean resolved() {
        return coverage != null;
    }

    /** @return the relation's kind as messages name it, or "table" when unresolved */
    String kindName() {
        return coverage == null ? "table" : coverage.named().kindName();
    }

    /**
     * @param node a plan node
     * @return true when the node scans or modifies this table (or one it stands for)
     */
    boolean isOn(PlanNode node) {
        if (coverage == null) {
            return node.isOn(name);
        }
        return member(node.tableSchema(), node.relationName()).isPresent();
    }

    /**
     * @param plan the plan the nodes are in
     * @return whether a node of that plan reads this index (see {@link #isReadBy})
     */
    Predicate<PlanNode> readerIn(Plan plan) {
        return node -> isReadBy(plan, node);
    }

    /**
     * @param plan the plan the node is in
     * @param node a plan node
     * @return true when the node reads this index (or an index of a partition attached to it): an index of this name
     *     on the table the node reads (for a Bitmap Index Scan, the table of the Bitmap Heap Scan above it), in that
     *     table's schema when the plan tells it, so an index of the same name on a table of another schema does not
     *     count
     */
    boolean isReadBy(Plan plan, PlanNode node) {
        if (coverage == null) {
            return node.uses(name);
        }
        return indexMember(plan, node).isPresent();
    }

    private Optional<Member> indexMember(Plan plan, PlanNode node) {
        if (node.indexName() == null) {
            return Optional.empty();
        }
        PlanNode heap = node;
        while (heap.relationName() == null) {
            Optional<PlanNode> parent = plan.parentOf(heap);
            if (parent.isEmpty()) {
                break;
            }
            heap = parent.get();
        }
        String table = heap.relationName();
        String schema = heap.tableSchema();
        return coverage.members().stream().filter(m -> m.relation().name().equals(node.indexName())
                && (schema == null || m.relation().schema().equals(schema))
                && (table == null || table.equals(m.relation().table()))).findFirst();
    }

    /**
     * @param node a node on this table
     * @return how the node's table relates to the name, e.g. " (a partition of jobs)"; empty for the named one
     */
    String via(PlanNode node) {
        if (coverage == null) {
            return "";
        }
        return member(node.tableSchema(), node.relationName()).filter(m -> !m.isNamed())
                .map(m -> " (" + m.how() + ")").orElse("");
    }

    /** @return for a view, the tables it reads; for a partitioned table, its partitions; else empty */
    List<String> stoodFor() {
        if (coverage == null) {
            return List.of();
        }
        return coverage.members().stream().filter(m -> !m.isNamed()).map(m -> m.relation().name()).toList();
    }

    private Optional<Member> member(String schema, String relation) {
        return coverage.member(schema, relation);
    }

    static Map<String, List<String>> indexesOfTables(Catalog catalog, Plan plan) {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        for (String table : plan.tables()) {
            indexes.put(table, catalog.indexesOn(table));
        }
        return indexes;
    }
}
