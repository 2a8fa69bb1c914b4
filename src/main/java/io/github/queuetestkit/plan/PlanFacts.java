package io.github.queuetestkit.plan;

import io.github.queuetestkit.plan.internal.TableStats;
import io.github.queuetestkit.plan.internal.VerdictFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.ToLongFunction;
import org.apiguardian.api.API;

/**
 * The facts of one plan that a plan baseline keeps: the ones that matter and survive noise. Costs and times are never
 * kept; parameter values are not either, since they change between runs.
 *
 * <pre>{@code
 * PlanFacts facts = PlanFacts.of(plans).get(0);
 * facts.shape();                   // ["LockRows", "  Limit", "    Index Scan using jobs_run_at on jobs"]
 * facts.seqScansOnLargeTables();   // []
 * }</pre>
 *
 * @param type custom or generic plan
 * @param shape one line per node, indented two spaces per level: the node's headline as text EXPLAIN prints it
 *     (node type, join type, index, table and alias)
 * @param seqScansOnLargeTables the tables read by a Seq Scan that hold at least 10,000 rows (the tiny-table
 *     threshold), in plan order, without repeats
 * @param sorts each Sort and Incremental Sort, in plan order: its keys and whether it stayed in memory or spilled
 *     to disk, e.g. {@code Sort (run_at) in memory}
 * @param rowsExamined rows the table scans looked at (see {@link Plan#rowsExamined()})
 * @param rowsReturned rows the statement returned (see {@link Plan#rowsReturned()})
 * @param sharedBuffers shared buffers hit and read (see {@link Plan#sharedBuffers()})
 * @param heapFetches heap fetches of the index-only scans (see {@link Plan#heapFetches()}): the rows they had to look
 *     up in the table because the visibility map did not mark their page all-visible; kept so that shared buffers
 *     spent on them, which depend on when (auto)vacuum last ran rather than on the plan, can be told apart
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record PlanFacts(PlanType type, List<String> shape, List<String> seqScansOnLargeTables, List<String> sorts,
        long rowsExamined, long rowsReturned, long sharedBuffers, long heapFetches) {

    private static final String SPILLED = "spilled to disk";

    /** Copies the lists. */
    public PlanFacts {
        shape = List.copyOf(shape);
        seqScansOnLargeTables = List.copyOf(seqScansOnLargeTables);
        sorts = List.copyOf(sorts);
    }

    /**
     * Facts without heap fetches, as baselines recorded before they were kept read: no heap fetches.
     *
     * @param type custom or generic plan
     * @param shape one line per node
     * @param seqScansOnLargeTables the tables of 10,000 rows or more read by a Seq Scan
     * @param sorts each sort and where it ran
     * @param rowsExamined rows the table scans looked at
     * @param rowsReturned rows the statement returned
     * @param sharedBuffers shared buffers hit and read
     */
    public PlanFacts(PlanType type, List<String> shape, List<String> seqScansOnLargeTables, List<String> sorts,
            long rowsExamined, long rowsReturned, long sharedBuffers) {
        this(type, shape, seqScansOnLargeTables, sorts, rowsExamined, rowsReturned, sharedBuffers, 0);
    }

    /** @return whether the plan has an index-only scan, the only node with heap fetches */
    public boolean hasIndexOnlyScan() {
        return shape.stream().anyMatch(line -> line.stripLeading().startsWith("Index Only Scan"));
    }

    /**
     * The facts of each plan, read with the table sizes captured when the plans were taken.
     *
     * @param plans plans taken from a database; for stored plans, or when the table sizes could not be read, every
     *     table counts as large
     * @return one entry per plan, in request order (custom before generic)
     */
    public static List<PlanFacts> of(Plans plans) {
        VerdictFacts facts = plans.facts();
        Map<String, Long> rows = new HashMap<>();
        for (TableStats table : facts.tables()) {
            rows.put(table.table().toLowerCase(Locale.ROOT), table.rows());
        }
        List<PlanFacts> out = new ArrayList<>();
        for (Plan plan : plans.all()) {
            out.add(of(plan, table -> rows.getOrDefault(table.toLowerCase(Locale.ROOT), Long.MAX_VALUE)));
        }
        return out;
    }

    /**
     * @param plan a plan
     * @param tableRows the rows of a table, by the name the plan reports
     * @return its facts
     */
    static PlanFacts of(Plan plan, ToLongFunction<String> tableRows) {
        List<String> shape = new ArrayList<>();
        shape(plan.root(), 0, shape);
        List<String> seqScans = plan.nodes()
                .filter(n -> n.isOfType("Seq Scan") && n.relationName() != null
                        && tableRows.applyAsLong(n.relationName()) >= PlanFooter.TINY_TABLE_ROWS)
                .map(PlanNode::relationName).distinct().toList();
        List<String> sorts = plan.nodes().filter(PlanFacts::isSort).map(PlanFacts::sort).toList();
        return new PlanFacts(plan.type(), shape, seqScans, sorts, plan.rowsExamined(), plan.rowsReturned(),
                plan.sharedBuffers(), plan.heapFetches());
    }

    /**
     * The server's major version the plans were taken on.
     *
     * @param plans plans taken from a database
     * @return e.g. 17; empty for stored plans or when the facts could not be read
     */
    public static OptionalInt serverMajor(Plans plans) {
        VerdictFacts facts = plans.facts();
        if (!facts.taken()) {
            return OptionalInt.empty();
        }
        String version = facts.reproduction().serverVersion();
        StringBuilder digits = new StringBuilder();
        for (char c : version.toCharArray()) {
            if (!Character.isDigit(c)) {
                break;
            }
            digits.append(c);
        }
        return digits.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(digits.toString()));
    }

    /**
     * @return rows examined for each row returned, rounded up; with no row returned, the rows examined (a statement
     *     that returns nothing still pays for what it reads)
     */
    public long rowsExaminedPerRowReturned() {
        return rowsReturned <= 0 ? rowsExamined : (rowsExamined + rowsReturned - 1) / rowsReturned;
    }

    /** @return how many sorts spilled to disk */
    public long sortsSpilled() {
        return sorts.stream().filter(s -> s.endsWith(SPILLED)).count();
    }

    static boolean isSort(PlanNode node) {
        return node.nodeType().equals("Sort") || node.nodeType().equals("Incremental Sort");
    }

    private static String sort(PlanNode node) {
        String where = "Disk".equals(node.sortSpaceType()) ? SPILLED : "in memory";
        return node.nodeType() + " (" + String.join(", ", node.sortKeys()) + ") " + where;
    }

    private static void shape(PlanNode node, int depth, List<String> out) {
        out.add("  ".repeat(depth) + node.headline());
        for (PlanNode child : node.children()) {
            shape(child, depth + 1, out);
        }
    }

    /**
     * The most a measure may reach before it counts as worse than its baseline: x1.5 plus 10, the tolerance of a
     * constant {@link Growth}, so a B-tree gaining a level (3 buffers becoming 5) is noise.
     *
     * @param baseline the measure in the baseline
     * @return the largest value that still passes
     */
    public static long allowed(long baseline) {
        return Growth.CONSTANT.allowed(baseline, 1, 1);
    }
}
