package io.github.queuetestkit.plan;

import io.github.queuetestkit.plan.internal.PlanJson;
import io.github.queuetestkit.plan.internal.PlanText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * A query plan from {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)} (or without ANALYZE), with the statement it
 * belongs to. Navigate it with {@link #nodes()} and the {@code nodes...} finders; {@link #render()} prints it like
 * psql's text EXPLAIN.
 *
 * <pre>{@code
 * Plan plan = Explain.of("SELECT * FROM jobs WHERE run_at <= now() ORDER BY run_at LIMIT ?", 5)
 *         .explain(dataSource).custom();
 * plan.nodesOfType("Seq Scan");      // []
 * plan.rowsExamined();               // 5
 * }</pre>
 *
 * @param root the top node
 * @param sql the statement as the test gave it, with {@code ?} placeholders
 * @param parameters what was bound to the placeholders, in order: values ({@code null} allowed) or
 *     {@link SqlParameter}s, which show how they were bound
 * @param type custom or generic plan
 * @param analyzed whether the statement ran (EXPLAIN ANALYZE), so actual rows, loops, buffers and times exist
 * @param planningTime planning time, when reported
 * @param executionTime execution time, when analyzed
 * @param planningBuffers buffers used while planning (PostgreSQL 13+ with BUFFERS), else {@link PlanNode.Buffers#NONE}
 * @param json the JSON document EXPLAIN returned, as received
 * @param driverRowLimit the row limit the code's driver applied outside the SQL ({@code Statement.setMaxRows}), 0 for
 *     none; the server planned and ran the statement without it (see {@link #rowsReceived()})
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Plan(
        PlanNode root,
        String sql,
        List<Object> parameters,
        PlanType type,
        boolean analyzed,
        Optional<Duration> planningTime,
        Optional<Duration> executionTime,
        PlanNode.Buffers planningBuffers,
        String json,
        long driverRowLimit) {

    /** Copies the parameters, keeping nulls. */
    public Plan {
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        if (driverRowLimit < 0) {
            throw new IllegalArgumentException("driverRowLimit " + driverRowLimit + " < 0");
        }
    }

    /**
     * A plan of a statement the driver did not limit.
     *
     * @param root the top node
     * @param sql the statement
     * @param parameters the values bound
     * @param type custom or generic
     * @param analyzed whether the statement ran
     * @param planningTime planning time, when reported
     * @param executionTime execution time, when analyzed
     * @param planningBuffers buffers used while planning
     * @param json the JSON document EXPLAIN returned
     */
    public Plan(PlanNode root, String sql, List<Object> parameters, PlanType type, boolean analyzed,
            Optional<Duration> planningTime, Optional<Duration> executionTime, PlanNode.Buffers planningBuffers,
            String json) {
        this(root, sql, parameters, type, analyzed, planningTime, executionTime, planningBuffers, json, 0);
    }

    /**
     * @param maxRows the row limit the code's driver applied ({@code Statement.setMaxRows}), 0 for none
     * @return this plan, its rows received capped at that limit
     */
    public Plan withDriverRowLimit(long maxRows) {
        return new Plan(root, sql, parameters, type, analyzed, planningTime, executionTime, planningBuffers, json,
                maxRows);
    }

    /**
     * Parses the JSON of {@code EXPLAIN (FORMAT JSON)}, e.g. a plan stored in a test resource.
     *
     * @param json the document EXPLAIN returned (an array of one object with "Plan")
     * @param sql the statement it belongs to, for messages
     * @param type custom or generic
     * @param parameters the values bound, for messages
     * @return the plan
     */
    public static Plan parse(String json, String sql, PlanType type, Object... parameters) {
        return PlanJson.parse(json, sql, type, parameters == null ? Collections.singletonList(null) : toList(parameters));
    }

    private static List<Object> toList(Object[] values) {
        List<Object> list = new ArrayList<>(values.length);
        Collections.addAll(list, values);
        return list;
    }

    /** @return every node, depth first, root first */
    public Stream<PlanNode> nodes() {
        return root.stream();
    }

    /**
     * @param condition which nodes
     * @return the nodes meeting it, depth first
     */
    public List<PlanNode> nodesWhere(Predicate<PlanNode> condition) {
        return nodes().filter(condition).collect(Collectors.toUnmodifiableList());
    }

    /**
     * @param type "Seq Scan", "Sort", or a text name such as "HashAggregate" (any case)
     * @return the nodes of that type
     */
    public List<PlanNode> nodesOfType(String type) {
        return nodesWhere(n -> n.isOfType(type));
    }

    /**
     * @param table a table name
     * @return the nodes scanning or modifying it
     */
    public List<PlanNode> nodesOn(String table) {
        return nodesWhere(n -> n.isOn(table));
    }

    /**
     * @param index an index name
     * @return the nodes reading it
     */
    public List<PlanNode> nodesUsingIndex(String index) {
        return nodesWhere(n -> n.uses(index));
    }

    /**
     * @param node a node of this plan (compared by identity)
     * @return its parent, empty for the root or a node not in this plan
     */
    public Optional<PlanNode> parentOf(PlanNode node) {
        return nodes().filter(p -> p.children().stream().anyMatch(c -> c == node)).findFirst();
    }

    /** @return the tables the plan scans or modifies, in plan order, without repeats */
    public List<String> tables() {
        return nodes().map(PlanNode::relationName).filter(r -> r != null).distinct()
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * Rows examined: the sum over table scans (Seq, Index, Index Only, Bitmap Heap, Tid) of
     * (actual rows + rows removed by filter + rows removed by index recheck) × loops — every table row a scan
     * looked at, kept or not. A Seq Scan over 67,604 rows returning 5 examined 67,604; an index scan that finds
     * its 5 rows directly examined 5. Joins, sorts and aggregates read rows from their children and add nothing.
     *
     * @return the rows examined; 0 when not analyzed
     */
    public long rowsExamined() {
        return nodes().mapToLong(PlanNode::rowsExamined).sum();
    }

    /**
     * How far {@link #rowsExamined()} can be from the rows the scans really examined, summed over them (see
     * {@link PlanNode#rowsExaminedUncertainty()}): 0 when every scan ran once.
     *
     * @return the most the count can be off, either way
     */
    public long rowsExaminedUncertainty() {
        return nodes().mapToLong(PlanNode::rowsExaminedUncertainty).sum();
    }

    /**
     * The most rows the scans can have examined, EXPLAIN's per-loop rounding counted against the plan, summed over
     * them (see {@link PlanNode#mostRowsExamined()}): {@link #rowsExamined()} when every scan ran once.
     *
     * @return the top of the range the rows examined lie in
     */
    public long mostRowsExamined() {
        return nodes().mapToLong(PlanNode::mostRowsExamined).sum();
    }

    /**
     * @return rows the statement returned (or, for INSERT/UPDATE/DELETE without RETURNING, 0): the root's actual
     *         rows × loops, as the server counted them; see {@link #rowsReceived()} for what the code got
     */
    public long rowsReturned() {
        return root.actual().map(a -> Math.round(a.totalRows())).orElse(0L);
    }

    /**
     * The rows the code received: {@link #rowsReturned()}, but at most the {@linkplain #driverRowLimit() driver's row
     * limit}. A statement run with {@code Statement.setMaxRows(5)} hands the code 5 rows however many its plan
     * returns, because the driver stops reading there; the server never hears of that limit when it plans.
     *
     * @return rows the code received
     */
    public long rowsReceived() {
        long returned = rowsReturned();
        return driverRowLimit > 0 ? Math.min(returned, driverRowLimit) : returned;
    }

    /** @return true when the driver's row limit cut the rows the plan returned (see {@link #rowsReceived()}) */
    public boolean limitedByDriver() {
        return driverRowLimit > 0 && rowsReturned() > driverRowLimit;
    }

    /** @return shared buffers hit + read by the whole statement: the root's inclusive count, planning excluded */
    public long sharedBuffers() {
        return root.buffers().sharedTotal();
    }

    /** @return heap fetches of every index-only scan, summed as EXPLAIN reports them */
    public long heapFetches() {
        return nodes().mapToLong(PlanNode::heapFetches).sum();
    }

    /** @return the root's estimated total cost */
    public double totalCost() {
        return root.totalCost();
    }

    /**
     * The node summary used in sweep tables: each node's headline, a single child after {@code >}, several in
     * parentheses. E.g. {@code Limit > Index Scan using jobs_run_at on jobs}.
     *
     * @return the plan's shape on one line
     */
    public String shape() {
        return shape(root);
    }

    private static String shape(PlanNode node) {
        String head = node.headline();
        if (node.children().isEmpty()) {
            return head;
        }
        if (node.children().size() == 1) {
            return head + " > " + shape(node.children().get(0));
        }
        return head + node.children().stream().map(Plan::shape).collect(Collectors.joining(", ", "(", ")"));
    }

    /** @return the plan as psql prints a text EXPLAIN */
    public String render() {
        return PlanText.render(this, Collections.newSetFromMap(new IdentityHashMap<>()), "");
    }

    /**
     * @param marked nodes to mark with {@code >>} in the margin (compared by identity)
     * @return the plan as psql prints a text EXPLAIN, every line indented by three columns for the marker
     */
    public String render(Collection<PlanNode> marked) {
        Set<PlanNode> identity = Collections.newSetFromMap(new IdentityHashMap<>());
        identity.addAll(marked);
        return PlanText.render(this, identity, "   ");
    }

    @Override
    public String toString() {
        return type.label() + " plan of " + sql + "\n" + render();
    }
}
