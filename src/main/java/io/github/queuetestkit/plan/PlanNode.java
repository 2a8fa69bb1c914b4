package io.github.queuetestkit.plan;

import io.github.queuetestkit.plan.internal.PlanText;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * One node of a plan, as {@code EXPLAIN (FORMAT JSON)} reports it. Text fields are {@code null} when the node has
 * no such property (a Seq Scan has no index name); counters are 0 when absent. {@link #properties()} keeps every
 * scalar property as reported, for the ones not modelled here (Group Key, Hash Buckets, Workers...).
 *
 * <pre>{@code
 * PlanNode scan = plan.nodesOn("jobs").get(0);
 * scan.nodeType();        // "Index Scan"
 * scan.indexName();       // "jobs_run_at"
 * scan.rowsExamined();    // 5
 * }</pre>
 *
 * @param nodeType the node type as JSON names it: "Seq Scan", "Index Scan", "Hash Join", "Aggregate", "ModifyTable"
 * @param parentRelationship how the parent uses it: "Outer", "Inner", "Member", "InitPlan", "SubPlan", "Subquery";
 *        null for the root
 * @param subplanName "InitPlan 1 (returns $0)", "SubPlan 1", "CTE name" or null
 * @param relationName the table scanned or modified, unqualified, or null
 * @param schema the table's schema (reported only by EXPLAIN VERBOSE), or null
 * @param alias the alias the statement gave the table, or null
 * @param indexName the index used by an index, index-only or bitmap index scan, or null
 * @param joinType "Inner", "Left", "Full", "Right", "Semi", "Anti" for joins, else null
 * @param operation for ModifyTable: "Insert", "Update", "Delete", "Merge"; else null
 * @param strategy for Aggregate and SetOp: "Plain", "Sorted", "Hashed", "Mixed"; else null
 * @param scanDirection "Forward", "Backward", "NoMovement" for index scans, else null
 * @param sortKeys the sort keys of a Sort or Incremental Sort, empty otherwise
 * @param sortMethod "quicksort", "top-N heapsort", "external merge"... (analyzed and executed sorts only), or null;
 *     for an Incremental Sort the methods its groups used, comma-separated
 * @param sortSpaceType "Memory" or "Disk" (analyzed and executed sorts only), or null; for an Incremental Sort "Disk"
 *     when any group spilled
 * @param sortSpaceUsedKb the sort's memory or disk use in kB (an Incremental Sort's peak), 0 if unknown
 * @param filter the Filter condition, or null
 * @param indexCond the Index Cond, or null
 * @param recheckCond the Recheck Cond of a bitmap heap scan, or null
 * @param hashCond the Hash Cond of a hash join, or null
 * @param mergeCond the Merge Cond of a merge join, or null
 * @param joinFilter the Join Filter, or null
 * @param startupCost the planner's estimated startup cost
 * @param totalCost the planner's estimated total cost
 * @param estimatedRows the planner's estimated rows per loop
 * @param width the planner's estimated row width in bytes
 * @param actual what ANALYZE measured; empty when the plan was not analyzed
 * @param rowsRemovedByFilter rows the Filter removed, per loop, as EXPLAIN reports it
 * @param rowsRemovedByJoinFilter rows the Join Filter removed, per loop
 * @param rowsRemovedByIndexRecheck rows a lossy bitmap recheck removed, per loop
 * @param heapFetches heap fetches of an index-only scan, as EXPLAIN reports it
 * @param buffers the buffers this node and its children used (EXPLAIN's counts are inclusive)
 * @param properties every scalar or list property of the node as reported, by its JSON name ("Index Searches",
 *     "Disabled", "Storage" of PostgreSQL 18 included); an Incremental Sort's "Full-sort Groups" and "Pre-sorted
 *     Groups" as the text psql prints after those labels; a partitioned ModifyTable's "Target Tables" as psql's lines
 *     ("Update on jobs_2025 jobs_1"); a parallel node's "Workers" as one map per worker of the same kind
 * @param children the nodes this one reads from, in EXPLAIN's order
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PlanNode(
        String nodeType,
        String parentRelationship,
        String subplanName,
        String relationName,
        String schema,
        String alias,
        String indexName,
        String joinType,
        String operation,
        String strategy,
        String scanDirection,
        List<String> sortKeys,
        String sortMethod,
        String sortSpaceType,
        long sortSpaceUsedKb,
        String filter,
        String indexCond,
        String recheckCond,
        String hashCond,
        String mergeCond,
        String joinFilter,
        double startupCost,
        double totalCost,
        double estimatedRows,
        int width,
        Optional<Actual> actual,
        long rowsRemovedByFilter,
        long rowsRemovedByJoinFilter,
        long rowsRemovedByIndexRecheck,
        long heapFetches,
        Buffers buffers,
        Map<String, Object> properties,
        List<PlanNode> children) {

    /** Node types that read a table's rows themselves; the basis of {@link #rowsExamined()}. */
    private static final List<String> TABLE_SCANS = List.of("Seq Scan", "Index Scan", "Index Only Scan",
            "Bitmap Heap Scan", "Tid Scan", "Tid Range Scan", "Sample Scan");

    /** The properties naming what a scan without a relation reads, in the order EXPLAIN would name it. */
    private static final List<String> TARGET_NAMES = List.of("CTE Name", "Function Name", "Tuplestore Name",
            "Table Function Name");

    /**
     * The property under which the kit keeps a table's schema that the plan itself did not report (EXPLAIN names
     * schemas only with VERBOSE), learnt when the table's name exists in more than one schema; see
     * {@link #tableSchema()}.
     */
    public static final String RESOLVED_SCHEMA = "Schema (resolved by queue-testkit)";

    /**
     * The property under which the kit marks an index scan that looks up one row per loop at most: its index is
     * unique (without a {@code WHERE} or expressions) and its Index Cond equates every key column, read from the
     * catalog with the plan; see {@link #mostRowsExamined()}.
     */
    public static final String UNIQUE_LOOKUP = "Unique Lookup (resolved by queue-testkit)";

    /**
     * Copies the lists and map so the node is immutable.
     */
    public PlanNode {
        sortKeys = List.copyOf(sortKeys);
        properties = Map.copyOf(properties);
        children = List.copyOf(children);
    }

    /**
     * What ANALYZE measured on a node.
     *
     * @param startupTimeMs time to the first row, per loop, in milliseconds
     * @param totalTimeMs time to the last row, per loop, in milliseconds
     * @param rows rows returned per loop, averaged over the loops: rounded to whole rows by PostgreSQL up to 17, to
     *        two decimals from 18 (an inner scan that finds a row on one loop in three reports 0 before 18, 0.33
     *        from 18)
     * @param loops how many times the node ran; 0 means it never ran
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Actual(double startupTimeMs, double totalTimeMs, double rows, long loops) {

        /**
         * @return rows × loops: the rows this node produced in total; exact from PostgreSQL 18, which reports rows
         *     per loop with two decimals, and off by up to half a row per loop before
         */
        public double totalRows() {
            return rows * loops;
        }
    }

    /**
     * Buffer counts of a node and everything below it, as {@code EXPLAIN (BUFFERS)} reports them.
     *
     * @param sharedHit shared blocks found in shared buffers
     * @param sharedRead shared blocks read from the OS (disk or page cache)
     * @param sharedDirtied shared blocks dirtied
     * @param sharedWritten shared blocks written
     * @param tempRead temporary blocks read
     * @param tempWritten temporary blocks written
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Buffers(long sharedHit, long sharedRead, long sharedDirtied, long sharedWritten, long tempRead,
            long tempWritten) {

        /** No buffers used, or not measured. */
        public static final Buffers NONE = new Buffers(0, 0, 0, 0, 0, 0);

        /** @return hit + read: the shared blocks touched, whether cached or not */
        public long sharedTotal() {
            return sharedHit + sharedRead;
        }

        /** @return true when nothing at all was counted */
        public boolean isEmpty() {
            return equals(NONE);
        }
    }

    /** @return this node and every node under it, depth first, in EXPLAIN's order */
    public Stream<PlanNode> stream() {
        return Stream.concat(Stream.of(this), children.stream().flatMap(PlanNode::stream));
    }

    /** @return true for nodes that read table rows themselves: Seq, Index, Index Only, Bitmap Heap, Tid scans */
    public boolean isTableScan() {
        return TABLE_SCANS.contains(nodeType);
    }

    /** @return true when ANALYZE says the node ran at least once */
    public boolean wasExecuted() {
        return actual.map(a -> a.loops() > 0).orElse(false);
    }

    /**
     * How many times this index, index-only or bitmap index scan descended its index, over all loops (PostgreSQL
     * 18's "Index Searches"). A B-tree skip scan searches once per distinct leading-column value it skips to, so a
     * scan on the second column of a two-column index searches many times where a plain lookup searches once per
     * loop.
     *
     * @return the searches; empty before PostgreSQL 18, when not analyzed, and for nodes that do not read an index
     */
    public OptionalLong indexSearches() {
        return properties.get("Index Searches") instanceof Number n ? OptionalLong.of(n.longValue())
                : OptionalLong.empty();
    }

    /**
     * @return true when the planner chose this node although a setting disabled its kind (for example a Seq Scan
     *     under {@code enable_seqscan=off} on a table with no usable index); PostgreSQL 18 reports it as
     *     "Disabled: true", older servers never do
     */
    public boolean disabled() {
        return Boolean.TRUE.equals(properties.get("Disabled"));
    }

    /**
     * Rows this node examined: for a table scan, (actual rows + rows removed by filter + rows removed by index
     * recheck) × loops, i.e. every row it looked at whether kept or not; 0 for other nodes, which read rows from
     * their children rather than from tables, and when not analyzed. The product is rounded once, after multiplying,
     * so PostgreSQL 18's fractional rows per loop count: 0.50 rows over 1,000 loops is 500 rows (17 reports that loop
     * average as 0). EXPLAIN reports removed rows as whole numbers averaged per loop on every version, so for a node
     * that ran many times the count is known only within {@link #rowsExaminedUncertainty()}.
     *
     * @return the rows examined by this node alone
     */
    public long rowsExamined() {
        if (!isTableScan() || actual.isEmpty()) {
            return 0;
        }
        Actual a = actual.get();
        return Math.round((a.rows() + rowsRemovedByFilter + rowsRemovedByIndexRecheck) * a.loops());
    }

    /**
     * How far {@link #rowsExamined()} can be from the rows this scan really examined. EXPLAIN prints a node's figures
     * averaged over its loops: the rows its filter removed as whole numbers on every version (0.4 removed per loop
     * prints as 0, 0.6 as 1), the rows it kept as whole numbers before PostgreSQL 18 and with two decimals from 18 on.
     * Each figure printed so hides up to half its last digit per loop: over 2,500 loops, a printed
     * "Rows Removed by Filter: 1" stands for anything from 1,250 to 3,750 rows. A Bitmap Heap Scan's recheck counts
     * likewise; an index scan's recheck is taken as exact (a B-tree never rechecks).
     *
     * @return the most the count can be off, either way; 0 for a scan that ran once (its figures are exact) or
     *     when not analyzed
     */
    public long rowsExaminedUncertainty() {
        if (!isTableScan() || actual.isEmpty() || actual.get().loops() <= 1) {
            return 0;
        }
        // 18 prints the rows kept with two decimals (a JSON number with a fraction), earlier versions as integers
        double perLoop = properties.get("Actual Rows") instanceof Double ? 0.005 : 0.5;
        if (filter != null) {
            perLoop += 0.5;
        }
        if (nodeType.equals("Bitmap Heap Scan") && recheckCond != null) {
            perLoop += 0.5;
        }
        return (long) Math.floor(perLoop * actual.get().loops());
    }

    /**
     * The most rows this scan can have examined: {@link #rowsExamined()} plus {@link #rowsExaminedUncertainty()},
     * except for a lookup of one row per loop through a unique index ({@link #UNIQUE_LOOKUP}), which examines at most
     * one row per loop however its averages were rounded: {@code rows=1 loops=5} before PostgreSQL 18 is 5 rows, not
     * up to 7.
     *
     * @return the top of the range the rows examined lie in
     */
    public long mostRowsExamined() {
        long examined = rowsExamined();
        long slack = rowsExaminedUncertainty();
        if (actual.isPresent() && Boolean.TRUE.equals(properties.get(UNIQUE_LOOKUP))) {
            return Math.max(examined - slack, Math.min(examined + slack, actual.get().loops()));
        }
        return examined + slack;
    }

    /**
     * The operation as psql's text EXPLAIN names it, without costs: "Seq Scan on jobs j", "Index Scan Backward
     * using jobs_run_at on jobs", "Hash Left Join", "HashAggregate", "Update on jobs", "Parallel Seq Scan on jobs",
     * "Partial HashAggregate", {@code Values Scan on "*VALUES*"}.
     *
     * @return the node's headline
     */
    public String headline() {
        StringBuilder s = new StringBuilder();
        if (Boolean.TRUE.equals(properties.get("Parallel Aware"))) {
            s.append("Parallel ");
        }
        if (Boolean.TRUE.equals(properties.get("Async Capable"))) {
            s.append("Async ");
        }
        Object partialMode = properties.get("Partial Mode");
        if ("Partial".equals(partialMode) || "Finalize".equals(partialMode)) {
            s.append(partialMode).append(' ');
        }
        s.append(operationName());
        boolean backward = "Backward".equals(scanDirection);
        if (backward && nodeType.startsWith("Index")) {
            s.append(" Backward");
        }
        if (indexName != null) {
            s.append(nodeType.equals("Bitmap Index Scan") ? " on " : " using ").append(PlanText.identifier(indexName));
        }
        Object target = relationName != null ? relationName : TARGET_NAMES.stream().map(properties::get)
                .filter(v -> v != null).findFirst().orElse(null);
        if (target != null) {
            s.append(" on ");
            if (schema != null) {
                s.append(PlanText.identifier(schema)).append('.');
            }
            s.append(PlanText.identifier(target.toString()));
            if (alias != null && !alias.equals(target)) {
                s.append(' ').append(PlanText.identifier(alias));
            }
        } else if (alias != null && (nodeType.endsWith("Scan") && !nodeType.startsWith("Bitmap Index"))) {
            s.append(" on ").append(PlanText.identifier(alias));
        }
        return s.toString();
    }

    /**
     * The operation's name alone, as psql's text EXPLAIN names it: "HashAggregate" for an Aggregate with the Hashed
     * strategy, "Hash Left Join", "Nested Loop", "Update" for a ModifyTable, "Foreign Insert", "Custom Scan (name)";
     * without the "Parallel", "Async", "Partial" or "Finalize" {@link #headline()} puts before it, so a type named
     * here matches the node whether it ran in parallel or not.
     *
     * @return the name
     */
    public String operationName() {
        switch (nodeType) {
            case "Aggregate":
                return switch (strategy == null ? "Plain" : strategy) {
                    case "Sorted" -> "GroupAggregate";
                    case "Hashed" -> "HashAggregate";
                    case "Mixed" -> "MixedAggregate";
                    default -> "Aggregate";
                };
            case "SetOp":
                String command = (String) properties.getOrDefault("Command", "");
                return ("Hashed".equals(strategy) ? "HashSetOp" : "SetOp") + (command.isEmpty() ? "" : " " + command);
            case "ModifyTable":
                return operation == null ? nodeType : operation;
            case "Foreign Scan":
                return operation == null || operation.equals("Select") ? nodeType : "Foreign " + operation;
            case "Custom Scan":
                Object provider = properties.get("Custom Plan Provider");
                return provider == null ? nodeType : nodeType + " (" + provider + ")";
            case "Nested Loop":
            case "Hash Join":
            case "Merge Join":
                if (joinType == null || joinType.equals("Inner")) {
                    return nodeType;
                }
                String base = nodeType.equals("Nested Loop") ? "Nested Loop" : nodeType.replace(" Join", "");
                return base + " " + joinType + " Join";
            default:
                return nodeType;
        }
    }

    /**
     * @param type a node type as JSON names it ("Seq Scan", "Aggregate") or as text EXPLAIN names it
     *        ("HashAggregate", "Hash Left Join"), in any case
     * @return true when this node is of that type
     */
    public boolean isOfType(String type) {
        return nodeType.equalsIgnoreCase(type) || operationName().equalsIgnoreCase(type);
    }

    /**
     * @return the schema of the table this node scans or modifies: as EXPLAIN VERBOSE reported it, else as the kit
     *     learnt it when the table's name exists in more than one schema ({@link #RESOLVED_SCHEMA}); null when unknown
     */
    public String tableSchema() {
        return schema != null ? schema : (String) properties.get(RESOLVED_SCHEMA);
    }

    /**
     * @param table a table name, optionally schema-qualified, in any case
     * @return true when this node scans or modifies that table
     */
    public boolean isOn(String table) {
        return relationName != null && unqualified(table).equalsIgnoreCase(relationName)
                && (tableSchema() == null || !table.contains(".") || qualifier(table).equalsIgnoreCase(tableSchema()));
    }

    /**
     * @param index an index name, optionally schema-qualified, in any case
     * @return true when this node reads that index
     */
    public boolean uses(String index) {
        return indexName != null && unqualified(index).equalsIgnoreCase(indexName);
    }

    private static String unqualified(String name) {
        String n = name.replace("\"", "");
        return n.substring(n.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    private static String qualifier(String name) {
        String n = name.replace("\"", "");
        return n.substring(0, Math.max(0, n.lastIndexOf('.')));
    }

    @Override
    public String toString() {
        return headline();
    }
}
