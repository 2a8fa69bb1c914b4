package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link Plan} the way psql prints {@code EXPLAIN (ANALYZE, BUFFERS)} in text format, so a failure shows
 * the plan developers already know how to read. Node headers of marked nodes get {@code >>} in the margin.
 */
public final class PlanText {

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
        plan.executionTime().ifPresent(t -> out.line(null, 0, "Execution Time: " + ms(t) + " ms"));
        return out.toString();
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
     * @return its header line as psql prints it: headline, estimates, actuals
     */
    public static String header(PlanNode n) {
        StringBuilder s = new StringBuilder(n.headline());
        s.append(String.format(Locale.ROOT, "  (cost=%.2f..%.2f rows=%.0f width=%d)", n.startupCost(), n.totalCost(),
                n.estimatedRows(), n.width()));
        n.actual().ifPresent(a -> {
            if (a.loops() == 0) {
                s.append(" (never executed)");
            } else {
                s.append(String.format(Locale.ROOT, " (actual time=%.3f..%.3f rows=%.0f loops=%d)", a.startupTimeMs(),
                        a.totalTimeMs(), a.rows(), a.loops()));
            }
        });
        return s.toString();
    }

    private static List<String> properties(PlanNode n) {
        java.util.ArrayList<String> p = new java.util.ArrayList<>();
        boolean ran = n.wasExecuted();
        list(p, n, "Group Key");
        if (!n.sortKeys().isEmpty()) {
            p.add("Sort Key: " + String.join(", ", n.sortKeys()));
        }
        list(p, n, "Presorted Key");
        text(p, n, "Cache Key");
        text(p, n, "Hash Cond");
        text(p, n, "Merge Cond");
        text(p, n, "Index Cond");
        text(p, n, "Recheck Cond");
        if (ran && n.rowsRemovedByIndexRecheck() > 0) {
            p.add("Rows Removed by Index Recheck: " + n.rowsRemovedByIndexRecheck());
        }
        text(p, n, "Order By");
        text(p, n, "Join Filter");
        if (ran && n.rowsRemovedByJoinFilter() > 0) {
            p.add("Rows Removed by Join Filter: " + n.rowsRemovedByJoinFilter());
        }
        text(p, n, "One-Time Filter");
        text(p, n, "Filter");
        if (ran && n.rowsRemovedByFilter() > 0) {
            p.add("Rows Removed by Filter: " + n.rowsRemovedByFilter());
        }
        hashAggregate(p, n, ran);
        if (n.nodeType().equals("Index Only Scan") && n.actual().isPresent()) {
            p.add("Heap Fetches: " + n.heapFetches());
        }
        if (n.properties().containsKey("Full-sort Groups") || n.properties().containsKey("Pre-sorted Groups")) {
            text(p, n, "Full-sort Groups");
            text(p, n, "Pre-sorted Groups");
        } else if (n.sortMethod() != null) {
            p.add("Sort Method: " + n.sortMethod() + "  " + n.sortSpaceType() + ": " + n.sortSpaceUsedKb() + "kB");
        }
        if (ran && n.properties().get("Hash Buckets") instanceof Long buckets) {
            Object batches = n.properties().get("Hash Batches");
            Object originalBuckets = n.properties().get("Original Hash Buckets");
            Object originalBatches = n.properties().get("Original Hash Batches");
            boolean changed = !buckets.equals(originalBuckets) || !batches.equals(originalBatches);
            p.add("Buckets: " + buckets + (changed ? " (originally " + originalBuckets + ")" : "") + "  Batches: "
                    + batches + (changed ? " (originally " + originalBatches + ")" : "") + "  Memory Usage: "
                    + n.properties().get("Peak Memory Usage") + "kB");
        }
        if (ran && n.properties().containsKey("Exact Heap Blocks")) {
            long exact = (Long) n.properties().get("Exact Heap Blocks");
            long lossy = (Long) n.properties().getOrDefault("Lossy Heap Blocks", 0L);
            if (exact > 0 || lossy > 0) {
                p.add("Heap Blocks:" + (exact > 0 ? " exact=" + exact : "") + (lossy > 0 ? " lossy=" + lossy : ""));
            }
        }
        if (!n.buffers().isEmpty()) {
            p.add("Buffers: " + buffers(n.buffers()));
        }
        return p;
    }

    /** A hashed aggregate's batches and memory (PostgreSQL 13+), on one line as psql prints them. */
    private static void hashAggregate(List<String> p, PlanNode n, boolean ran) {
        Object partitions = n.properties().get("Planned Partitions");
        String planned = partitions instanceof Long l && l > 0 ? "Planned Partitions: " + l : "";
        if (ran && n.properties().get("HashAgg Batches") instanceof Long batches) {
            String line = "Batches: " + batches + "  Memory Usage: " + n.properties().get("Peak Memory Usage") + "kB"
                    + (batches > 1 ? "  Disk Usage: " + n.properties().get("Disk Usage") + "kB" : "");
            p.add(planned.isEmpty() ? line : planned + "  " + line);
        } else if (!planned.isEmpty()) {
            p.add(planned);
        }
    }

    private static void text(List<String> p, PlanNode n, String name) {
        Object v = n.properties().get(name);
        if (v != null) {
            p.add(name + ": " + v);
        }
    }

    private static void list(List<String> p, PlanNode n, String name) {
        if (n.properties().get(name) instanceof List<?> keys && !keys.isEmpty()) {
            p.add(name + ": " + String.join(", ", keys.stream().map(String::valueOf).toList()));
        }
    }

    /**
     * @param b buffer counts
     * @return them as psql's Buffers line prints them: "shared hit=3 read=1, temp read=5"
     */
    public static String buffers(PlanNode.Buffers b) {
        StringBuilder shared = new StringBuilder();
        part(shared, "hit", b.sharedHit());
        part(shared, "read", b.sharedRead());
        part(shared, "dirtied", b.sharedDirtied());
        part(shared, "written", b.sharedWritten());
        StringBuilder temp = new StringBuilder();
        part(temp, "read", b.tempRead());
        part(temp, "written", b.tempWritten());
        StringBuilder s = new StringBuilder();
        if (shared.length() > 0) {
            s.append("shared").append(shared);
        }
        if (temp.length() > 0) {
            s.append(s.length() > 0 ? ", " : "").append("temp").append(temp);
        }
        return s.toString();
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
