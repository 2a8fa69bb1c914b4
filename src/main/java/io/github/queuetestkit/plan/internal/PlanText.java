package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Renders a {@link Plan} the way psql prints {@code EXPLAIN (ANALYZE, BUFFERS)} in text format, so a failure shows
 * the plan developers already know how to read. Node headers of marked nodes get {@code >>} in the margin.
 *
 * <p>Each node's detail lines follow the order of PostgreSQL's own {@code ExplainNode} (explain.c), which depends on
 * the node type, and print only what the text format prints: the JSON the plan was read from has more (zero counts,
 * "Disabled": false). What differs between versions follows from the JSON itself: a plan of PostgreSQL 18 reports
 * fractional actual rows, index searches and tuple store use, older ones do not, so each prints as its own server
 * would. Not printed: JIT (the kit's settings turn it off), grouping sets, and what only options the kit does not use
 * show (VERBOSE, WAL, I/O timings). Names are quoted where they are not plain
 * lower-case identifiers; key words, which psql also quotes, are not.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class PlanText {

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");

    /** The margin marker of a node at fault. */
    public static final String MARK = ">> ";

    private PlanText() {
    }

    /**
     * @param plan the plan
     * @param marked nodes to mark, an identity set
     * @param margin the unmarked margin: empty when nothing can be marked, else three spaces
     * @return the text, lines separated by {@code \n}, no trailing newline
     */
    public static String render(Plan plan, Set<PlanNode> marked, String margin) {
        Lines out = new Lines(marked, margin);
        node(out, plan.root(), -1);
        if (!plan.planningBuffers().isEmpty()) {
            out.line(null, 0, "Planning:");
            out.line(null, 2, "Buffers: " + buffers(plan.planningBuffers()));
        }
        plan.planningTime().ifPresent(t -> out.line(null, 0, "Planning Time: " + ms(t) + " ms"));
        triggers(out, plan);
        plan.executionTime().ifPresent(t -> out.line(null, 0, "Execution Time: " + ms(t) + " ms"));
        return out.toString();
    }

    /**
     * "Trigger for constraint jobs_user_id_fkey: time=0.210 calls=5", as explain.c prints each trigger that fired;
     * the table is named when the triggers fired on more than the statement's own table, which is as close as the
     * JSON lets the renderer come to the server's own rule (several result tables, partitions, cascades).
     */
    private static void triggers(Lines out, Plan plan) {
        List<PlanJson.Trigger> triggers = PlanJson.triggers(plan.json());
        String own = plan.root().relationName();
        boolean named = plan.root().properties().containsKey("Target Tables")
                || triggers.stream().anyMatch(t -> !Objects.equals(t.relation(), own));
        for (PlanJson.Trigger t : triggers) {
            out.line(null, 0, (t.constraint() == null ? "Trigger " + t.name() : "Trigger for constraint "
                    + t.constraint()) + (named ? " on " + t.relation() : "") + ": "
                    + (t.timeMs() == null ? "" : String.format(Locale.ROOT, "time=%.3f ", t.timeMs()))
                    + "calls=" + t.calls());
        }
    }

    /** psql's properties sit six columns right of the arrow; the root has no arrow and two columns. */
    private static void node(Lines out, PlanNode n, int arrowAt) {
        int props;
        if (arrowAt < 0) {
            out.line(n, 0, header(n));
            props = 2;
        } else {
            int at = arrowAt;
            if (n.subplanName() != null) {
                out.line(null, at, n.subplanName());
                at += 2;
            }
            out.line(n, at, "->  " + header(n));
            props = at + 6;
        }
        for (String p : properties(n)) {
            out.line(null, props, p);
        }
        for (PlanNode child : n.children()) {
            node(out, child, props);
        }
    }

    /**
     * @param n a node
     * @return its header line as psql prints it: headline, estimates, actuals; actual rows with two decimals when the
     *     server reported them so (PostgreSQL 18)
     */
    public static String header(PlanNode n) {
        StringBuilder s = new StringBuilder(n.headline());
        if (n.properties().containsKey("Total Cost")) {
            s.append(String.format(Locale.ROOT, "  (cost=%.2f..%.2f rows=%.0f width=%d)", n.startupCost(),
                    n.totalCost(), n.estimatedRows(), n.width()));
        }
        n.actual().ifPresent(a -> {
            if (a.loops() == 0) {
                s.append(" (never executed)");
                return;
            }
            s.append(" (actual ");
            if (n.properties().containsKey("Actual Total Time")) {
                s.append(String.format(Locale.ROOT, "time=%.3f..%.3f ", a.startupTimeMs(), a.totalTimeMs()));
            }
            // 18 prints "rows=%.2f" and writes the JSON number with its decimals; before, both were whole numbers
            String rows = n.properties().get("Actual Rows") instanceof Double ? "%.2f" : "%.0f";
            s.append(String.format(Locale.ROOT, "rows=" + rows + " loops=%d)", a.rows(), a.loops()));
        });
        return s.toString();
    }

    /** The detail lines under a node's header, in the order explain.c prints them for its type. */
    private static List<String> properties(PlanNode n) {
        Details d = new Details(n);
        if (Boolean.TRUE.equals(n.properties().get("Disabled"))) {
            d.add("Disabled: true");
        }
        switch (n.nodeType()) {
            case "Index Scan" -> {
                d.text("Index Cond").removed("Rows Removed by Index Recheck", n.rowsRemovedByIndexRecheck());
                d.text("Order By").filter().number("Index Searches");
            }
            case "Index Only Scan" -> {
                d.text("Index Cond").removed("Rows Removed by Index Recheck", n.rowsRemovedByIndexRecheck());
                d.text("Order By").filter();
                if (n.actual().isPresent()) {
                    d.add("Heap Fetches: " + n.heapFetches());
                }
                d.number("Index Searches");
            }
            case "Bitmap Index Scan" -> d.text("Index Cond").number("Index Searches");
            case "Bitmap Heap Scan" -> {
                d.text("Recheck Cond").removed("Rows Removed by Index Recheck", n.rowsRemovedByIndexRecheck());
                d.filter().heapBlocks();
            }
            case "Sample Scan" -> d.sampling().filter();
            case "Seq Scan", "Values Scan", "Named Tuplestore Scan", "WorkTable Scan", "Subquery Scan", "Function Scan",
                    "Foreign Scan", "Custom Scan" -> d.filter();
            case "CTE Scan", "Table Function Scan" -> d.filter().storage();
            case "Gather", "Gather Merge" -> {
                d.filter().number("Workers Planned").number("Workers Launched");
                if (Boolean.TRUE.equals(n.properties().get("Single Copy"))) {
                    d.add("Single Copy: true");
                }
            }
            case "Tid Scan", "Tid Range Scan" -> d.text("TID Cond").filter();
            case "Nested Loop" -> d.joinFilter().filter();
            case "Merge Join" -> d.text("Merge Cond").joinFilter().filter();
            case "Hash Join" -> d.text("Hash Cond").joinFilter().filter();
            case "Aggregate" -> {
                // the aggregate prints its HAVING, then its hash table, and only then what the HAVING removed
                d.list("Group Key").text("Filter").hashAggregate().removed("Rows Removed by Filter",
                        n.rowsRemovedByFilter());
            }
            case "WindowAgg" -> d.text("Window").text("Run Condition").filter().storage();
            case "Group" -> d.list("Group Key").filter();
            case "Sort" -> d.sortKey().sortMethod();
            case "Incremental Sort" -> d.sortKey().list("Presorted Key").addAll(incrementalSortLines(n.properties()));
            case "Merge Append" -> d.sortKey();
            case "Result" -> d.text("One-Time Filter").filter();
            case "ModifyTable" -> d.modifyTable();
            case "Hash" -> d.hashTable();
            case "Materialize", "Recursive Union" -> d.storage();
            case "Memoize" -> d.text("Cache Key").text("Cache Mode").memoize();
            default -> {
                // Append, BitmapAnd/Or, Limit, LockRows, Unique, SetOp, ProjectSet print no details of their own
            }
        }
        d.buffers().workers();
        if (n.nodeType().equals("Append") || n.nodeType().equals("Merge Append")) {
            d.positive("Subplans Removed");
        }
        return d.lines;
    }

    /** One node's detail lines, built in order. */
    private static final class Details {
        private final PlanNode n;
        private final boolean ran;
        private final List<String> lines = new ArrayList<>();

        Details(PlanNode n) {
            this.n = n;
            this.ran = n.wasExecuted();
        }

        private Object get(String name) {
            return n.properties().get(name);
        }

        Details add(String line) {
            lines.add(line);
            return this;
        }

        Details text(String name) {
            Object v = get(name);
            return v == null ? this : add(name + ": " + v);
        }

        /** A count EXPLAIN prints whenever it reports it, zero included (Index Searches, Workers Planned). */
        Details number(String name) {
            return get(name) instanceof Number v ? add(name + ": " + v.longValue()) : this;
        }

        /** A count text EXPLAIN prints only when above zero (Subplans Removed). */
        Details positive(String name) {
            return get(name) instanceof Number v && v.longValue() > 0 ? add(name + ": " + v.longValue()) : this;
        }

        Details list(String name) {
            if (get(name) instanceof List<?> keys && !keys.isEmpty()) {
                add(name + ": " + String.join(", ", keys.stream().map(String::valueOf).toList()));
            }
            return this;
        }

        Details sortKey() {
            return n.sortKeys().isEmpty() ? this : add("Sort Key: " + String.join(", ", n.sortKeys()));
        }

        /** Rows removed print in text only when the node ran and removed some. */
        Details removed(String label, long rows) {
            return ran && rows > 0 ? add(label + ": " + rows) : this;
        }

        Details filter() {
            return text("Filter").removed("Rows Removed by Filter", n.rowsRemovedByFilter());
        }

        Details joinFilter() {
            return text("Join Filter").removed("Rows Removed by Join Filter", n.rowsRemovedByJoinFilter());
        }

        Details sampling() {
            Object method = get("Sampling Method");
            if (method == null) {
                return this;
            }
            Object parameters = get("Sampling Parameters");
            String arguments = parameters instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf)
                    .toList()) : "";
            Object seed = get("Repeatable Seed");
            return add("Sampling: " + method + " (" + arguments + ")" + (seed == null ? "" : " REPEATABLE (" + seed
                    + ")"));
        }

        /** Where a tuple store kept its rows (PostgreSQL 18: Materialize, CTE Scan, WindowAgg...). */
        Details storage() {
            Object storage = get("Storage");
            return storage == null ? this : add("Storage: " + storage + "  Maximum Storage: "
                    + get("Maximum Storage") + "kB");
        }

        Details sortMethod() {
            return ran ? addAll(sortLines(n.properties())) : this;
        }

        Details heapBlocks() {
            return ran ? addAll(heapBlockLines(n.properties())) : this;
        }

        /** A hashed aggregate's batches and memory (PostgreSQL 13+), on one line as psql prints them. */
        Details hashAggregate() {
            Object partitions = get("Planned Partitions");
            String planned = partitions instanceof Long l && l > 0 ? "Planned Partitions: " + l : "";
            List<String> used = ran ? hashAggregateLines(n.properties()) : List.of();
            if (!used.isEmpty()) {
                add(planned.isEmpty() ? used.get(0) : planned + "  " + used.get(0));
            } else if (!planned.isEmpty()) {
                add(planned);
            }
            return this;
        }

        Details hashTable() {
            if (ran && get("Hash Buckets") instanceof Long buckets) {
                Object batches = get("Hash Batches");
                Object originalBuckets = get("Original Hash Buckets");
                Object originalBatches = get("Original Hash Batches");
                boolean changed = !buckets.equals(originalBuckets) || !batches.equals(originalBatches);
                add("Buckets: " + buckets + (changed ? " (originally " + originalBuckets + ")" : "") + "  Batches: "
                        + batches + (changed ? " (originally " + originalBatches + ")" : "") + "  Memory Usage: "
                        + get("Peak Memory Usage") + "kB");
            }
            return this;
        }

        Details memoize() {
            return addAll(memoizeLines(n.properties()));
        }

        Details addAll(List<String> more) {
            lines.addAll(more);
            return this;
        }

        /**
         * What each parallel worker reported of this node, after the leader's buffers: "Worker 0:  " before the
         * first line, further lines one stop deeper, as explain.c prints them.
         */
        Details workers() {
            if (get("Workers") instanceof List<?> workers) {
                for (Object w : workers) {
                    if (w instanceof Map<?, ?> worker) {
                        List<String> detail = workerLines(n.nodeType(), worker);
                        for (int i = 0; i < detail.size(); i++) {
                            add(i == 0 ? "Worker " + worker.get("Worker Number") + ":  " + detail.get(0)
                                    : "  " + detail.get(i));
                        }
                    }
                }
            }
            return this;
        }

        /** The tables an inheritance or partition update writes, then what ON CONFLICT or MERGE did. */
        Details modifyTable() {
            if (get("Target Tables") instanceof List<?> targets) {
                targets.forEach(t -> add(String.valueOf(t)));
            }
            if (get("Conflict Resolution") != null) {
                text("Conflict Resolution").list("Conflict Arbiter Indexes").text("Conflict Filter");
                removed("Rows Removed by Conflict Filter", count("Rows Removed by Conflict Filter"));
                if (n.actual().isPresent()) {
                    add("Tuples Inserted: " + count("Tuples Inserted"));
                    add("Conflicting Tuples: " + count("Conflicting Tuples"));
                }
            } else if ("Merge".equals(n.operation()) && n.actual().isPresent()) {
                StringBuilder tuples = new StringBuilder();
                for (String kind : List.of("Inserted", "Updated", "Deleted", "Skipped")) {
                    long c = count("Tuples " + kind);
                    if (c > 0) {
                        tuples.append(' ').append(kind.toLowerCase(Locale.ROOT)).append('=').append(c);
                    }
                }
                if (tuples.length() > 0) {
                    add("Tuples:" + tuples);
                }
            }
            return this;
        }

        private long count(String name) {
            return get(name) instanceof Number v ? Math.round(v.doubleValue()) : 0;
        }

        /** Shared and temporary blocks from the model; local blocks (temporary tables) by their JSON names. */
        Details buffers() {
            String line = PlanText.buffers(n.buffers(), count("Local Hit Blocks"), count("Local Read Blocks"),
                    count("Local Dirtied Blocks"), count("Local Written Blocks"));
            return line.isEmpty() ? this : add("Buffers: " + line);
        }
    }

    /** The per-worker details of a node that text EXPLAIN prints without VERBOSE. */
    private static List<String> workerLines(String nodeType, Map<?, ?> worker) {
        return switch (nodeType) {
            case "Sort" -> sortLines(worker);
            case "Incremental Sort" -> incrementalSortLines(worker);
            case "Aggregate" -> hashAggregateLines(worker);
            case "Memoize" -> memoizeLines(worker);
            case "Bitmap Heap Scan" -> heapBlockLines(worker);
            default -> List.of();
        };
    }

    private static List<String> sortLines(Map<?, ?> p) {
        Object method = p.get("Sort Method");
        return method == null ? List.of() : List.of("Sort Method: " + method + "  " + p.get("Sort Space Type") + ": "
                + p.get("Sort Space Used") + "kB");
    }

    private static List<String> incrementalSortLines(Map<?, ?> p) {
        List<String> lines = new ArrayList<>();
        for (String group : List.of("Full-sort Groups", "Pre-sorted Groups")) {
            if (p.get(group) != null) {
                lines.add(group + ": " + p.get(group));
            }
        }
        return lines;
    }

    private static List<String> hashAggregateLines(Map<?, ?> p) {
        if (!(p.get("HashAgg Batches") instanceof Long batches)) {
            return List.of();
        }
        return List.of("Batches: " + batches + "  Memory Usage: " + p.get("Peak Memory Usage") + "kB"
                + (batches > 1 ? "  Disk Usage: " + p.get("Disk Usage") + "kB" : ""));
    }

    private static List<String> memoizeLines(Map<?, ?> p) {
        if (!(p.get("Cache Misses") instanceof Long misses) || misses == 0) {
            return List.of();
        }
        return List.of("Hits: " + p.get("Cache Hits") + "  Misses: " + misses + "  Evictions: "
                + p.get("Cache Evictions") + "  Overflows: " + p.get("Cache Overflows") + "  Memory Usage: "
                + p.get("Peak Memory Usage") + "kB");
    }

    private static List<String> heapBlockLines(Map<?, ?> p) {
        long exact = p.get("Exact Heap Blocks") instanceof Number e ? e.longValue() : 0;
        long lossy = p.get("Lossy Heap Blocks") instanceof Number l ? l.longValue() : 0;
        if (exact == 0 && lossy == 0) {
            return List.of();
        }
        return List.of("Heap Blocks:" + (exact > 0 ? " exact=" + exact : "") + (lossy > 0 ? " lossy=" + lossy : ""));
    }

    /**
     * @param name a table, index, alias or CTE name
     * @return it as text EXPLAIN prints it: as is when it is a plain lower-case identifier, else in double quotes
     *     ({@code "*VALUES*"}, {@code "Jobs"}); key words, which PostgreSQL also quotes, are printed as is
     */
    public static String identifier(String name) {
        return PLAIN_IDENTIFIER.matcher(name).matches() ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * @param b buffer counts
     * @return them as psql's Buffers line prints them: "shared hit=3 read=1, temp read=5"
     */
    public static String buffers(PlanNode.Buffers b) {
        return buffers(b, 0, 0, 0, 0);
    }

    private static String buffers(PlanNode.Buffers b, long localHit, long localRead, long localDirtied,
            long localWritten) {
        StringBuilder shared = new StringBuilder();
        part(shared, "hit", b.sharedHit());
        part(shared, "read", b.sharedRead());
        part(shared, "dirtied", b.sharedDirtied());
        part(shared, "written", b.sharedWritten());
        StringBuilder local = new StringBuilder();
        part(local, "hit", localHit);
        part(local, "read", localRead);
        part(local, "dirtied", localDirtied);
        part(local, "written", localWritten);
        StringBuilder temp = new StringBuilder();
        part(temp, "read", b.tempRead());
        part(temp, "written", b.tempWritten());
        StringBuilder s = new StringBuilder();
        group(s, "shared", shared);
        group(s, "local", local);
        group(s, "temp", temp);
        return s.toString();
    }

    private static void group(StringBuilder s, String name, StringBuilder parts) {
        if (parts.length() > 0) {
            s.append(s.length() > 0 ? ", " : "").append(name).append(parts);
        }
    }

    private static void part(StringBuilder s, String name, long value) {
        if (value > 0) {
            s.append(' ').append(name).append('=').append(value);
        }
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1_000_000.0);
    }

    private static final class Lines {
        private final StringBuilder out = new StringBuilder();
        private final Set<PlanNode> marked;
        private final String margin;

        Lines(Set<PlanNode> marked, String margin) {
            this.marked = marked;
            this.margin = margin;
        }

        void line(PlanNode node, int indent, String text) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(node != null && marked.contains(node) ? MARK : margin).append(" ".repeat(indent)).append(text);
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
