package io.github.queuetestkit.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A statement's plan facts now, judged against its baseline. Worse is any of: a Seq Scan on a table of 10,000 rows
 * or more that the baseline did not have; more sorts, or more sorts spilled to disk; rows examined per row returned
 * or shared buffers beyond the tolerance (baseline x1.5 + 10); a changed shape that examines more rows per row
 * returned than the baseline, even within the tolerance. Better is any of: a large-table Seq Scan or a sort gone,
 * rows examined per row returned or shared buffers below what the tolerance would allow the other way (the baseline
 * is more than now x1.5 + 10). A changed shape that is not worse passes and is reported.
 *
 * <p>Shared buffers beyond the tolerance are not worse when the shape is unchanged and the growth is no more than the
 * rise in heap fetches of its index-only scans: an index-only scan visits the table for each row whose page the
 * visibility map does not mark all-visible, and that depends on whether (auto)vacuum has run since the data was
 * written, not on the plan (the same plan, rows and data read 3 or 52 buffers). Such a comparison says so in
 * {@link #notes()}.
 *
 * @param baseline the facts in the baseline file
 * @param now the facts of the plan just taken
 * @param worse why it is worse, one reason each; empty when it is not
 * @param better why it is better, one reason each (the baseline can be tightened)
 * @param changed the names of the facts that differ, as the baseline file names them
 * @param notes changes not counted as worse, each with why
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record FactsComparison(PlanFacts baseline, PlanFacts now, List<String> worse, List<String> better,
        List<String> changed, List<String> notes) {

    /** The fact names, as baseline files and failure messages print them. */
    public static final String SHAPE = "shape";
    /** The fact names, as baseline files and failure messages print them. */
    public static final String SEQ_SCANS = "seq scans on large tables";
    /** The fact names, as baseline files and failure messages print them. */
    public static final String SORTS = "sorts";
    /** The fact names, as baseline files and failure messages print them. */
    public static final String ROWS_EXAMINED = "rows examined";
    /** The fact names, as baseline files and failure messages print them. */
    public static final String ROWS_RETURNED = "rows returned";
    /** The fact names, as baseline files and failure messages print them. */
    public static final String ROWS_PER_ROW = "rows examined per row returned";
    /** The fact names, as baseline files and failure messages print them. */
    public static final String BUFFERS = "shared buffers";
    /** The fact names, as baseline files and failure messages print them. */
    public static final String HEAP_FETCHES = "heap fetches";

    /** Copies the lists. */
    public FactsComparison {
        worse = List.copyOf(worse);
        better = List.copyOf(better);
        changed = List.copyOf(changed);
        notes = List.copyOf(notes);
    }

    /**
     * A comparison without notes.
     *
     * @param baseline the facts in the baseline file
     * @param now the facts of the plan just taken
     * @param worse why it is worse
     * @param better why it is better
     * @param changed the names of the facts that differ
     */
    public FactsComparison(PlanFacts baseline, PlanFacts now, List<String> worse, List<String> better,
            List<String> changed) {
        this(baseline, now, worse, better, changed, List.of());
    }

    /**
     * @param baseline the facts in the baseline
     * @param now the facts just taken
     * @return the verdict
     */
    public static FactsComparison of(PlanFacts baseline, PlanFacts now) {
        List<String> worse = new ArrayList<>();
        List<String> better = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        boolean shapeChanged = !baseline.shape().equals(now.shape());
        if (shapeChanged) {
            changed.add(SHAPE);
        }
        if (!baseline.seqScansOnLargeTables().equals(now.seqScansOnLargeTables())) {
            changed.add(SEQ_SCANS);
        }
        for (String table : now.seqScansOnLargeTables()) {
            if (!baseline.seqScansOnLargeTables().contains(table)) {
                worse.add("new Seq Scan on " + table);
            }
        }
        for (String table : baseline.seqScansOnLargeTables()) {
            if (!now.seqScansOnLargeTables().contains(table)) {
                better.add("no more Seq Scan on " + table);
            }
        }
        if (!baseline.sorts().equals(now.sorts())) {
            changed.add(SORTS);
        }
        if (now.sorts().size() > baseline.sorts().size()) {
            worse.add("new sort: " + baseline.sorts().size() + " -> " + now.sorts().size() + " sorts");
        } else if (now.sorts().size() < baseline.sorts().size()) {
            better.add("fewer sorts: " + baseline.sorts().size() + " -> " + now.sorts().size());
        }
        if (now.sortsSpilled() > baseline.sortsSpilled()) {
            worse.add("a sort spills to disk: " + baseline.sortsSpilled() + " -> " + now.sortsSpilled()
                    + " sorts spilled");
        }
        if (baseline.rowsExamined() != now.rowsExamined()) {
            changed.add(ROWS_EXAMINED);
        }
        if (baseline.rowsReturned() != now.rowsReturned()) {
            changed.add(ROWS_RETURNED);
        }
        long basePerRow = baseline.rowsExaminedPerRowReturned();
        long nowPerRow = now.rowsExaminedPerRowReturned();
        if (basePerRow != nowPerRow) {
            changed.add(ROWS_PER_ROW);
        }
        if (nowPerRow > PlanFacts.allowed(basePerRow)) {
            worse.add(ROWS_PER_ROW + " " + number(basePerRow) + " -> " + number(nowPerRow) + " (allowed up to "
                    + number(PlanFacts.allowed(basePerRow)) + ")");
        } else if (shapeChanged && nowPerRow > basePerRow) {
            worse.add("the shape changed and examines more rows per row returned: " + number(basePerRow) + " -> "
                    + number(nowPerRow));
        } else if (basePerRow > PlanFacts.allowed(nowPerRow)) {
            better.add(ROWS_PER_ROW + " " + number(basePerRow) + " -> " + number(nowPerRow));
        }
        if (baseline.sharedBuffers() != now.sharedBuffers()) {
            changed.add(BUFFERS);
        }
        if (baseline.heapFetches() != now.heapFetches()) {
            changed.add(HEAP_FETCHES);
        }
        long fetchesRose = now.heapFetches() - baseline.heapFetches();
        List<String> notes = new ArrayList<>();
        if (now.sharedBuffers() > PlanFacts.allowed(baseline.sharedBuffers()) && !shapeChanged && fetchesRose > 0
                && now.sharedBuffers() - fetchesRose <= PlanFacts.allowed(baseline.sharedBuffers())) {
            notes.add(heapFetchesNote(baseline, now));
        } else if (now.sharedBuffers() > PlanFacts.allowed(baseline.sharedBuffers())) {
            worse.add(BUFFERS + " " + number(baseline.sharedBuffers()) + " -> " + number(now.sharedBuffers())
                    + " (allowed up to " + number(PlanFacts.allowed(baseline.sharedBuffers())) + ")");
        } else if (baseline.sharedBuffers() > PlanFacts.allowed(now.sharedBuffers())) {
            better.add(BUFFERS + " " + number(baseline.sharedBuffers()) + " -> " + number(now.sharedBuffers()));
        }
        if (shapeChanged && worse.isEmpty() && better.isEmpty()) {
            better.add("the shape changed without examining more rows per row returned");
        }
        return new FactsComparison(baseline, now, worse, better, changed, notes);
    }

    /**
     * Why shared buffers beyond the tolerance are not counted as worse: the same plan, and the growth is no more than
     * the heap fetches added, which follow the visibility map.
     */
    static String heapFetchesNote(PlanFacts baseline, PlanFacts now) {
        return BUFFERS + " " + number(baseline.sharedBuffers()) + " -> " + number(now.sharedBuffers())
                + " not counted as worse: the plan is the same and its index-only scans fetched "
                + number(now.heapFetches() - baseline.heapFetches()) + " more rows from the table (" + HEAP_FETCHES
                + " " + number(baseline.heapFetches()) + " -> " + number(now.heapFetches()) + "), which follows the"
                + " visibility map, i.e. whether (auto)vacuum has run since the data was written, not the plan";
    }

    /** @return true when any fact is worse than the baseline */
    public boolean isWorse() {
        return !worse.isEmpty();
    }

    /**
     * The nodes of the new plan to mark in a failure: the new large-table Seq Scans, the sorts when there are more of
     * them, and otherwise the table scan that examined the most rows.
     *
     * @param plan the plan these facts were read from
     * @return its nodes at fault, compared by identity
     */
    public List<PlanNode> nodesAtFault(Plan plan) {
        List<PlanNode> marked = new ArrayList<>();
        for (String table : now.seqScansOnLargeTables()) {
            if (!baseline.seqScansOnLargeTables().contains(table)) {
                plan.nodes().filter(n -> n.isOfType("Seq Scan") && table.equals(n.relationName()))
                        .forEach(marked::add);
            }
        }
        if (now.sorts().size() > baseline.sorts().size() || now.sortsSpilled() > baseline.sortsSpilled()) {
            plan.nodes().filter(PlanFacts::isSort).forEach(marked::add);
        }
        if (marked.isEmpty()) {
            plan.nodes().filter(PlanNode::isTableScan).max(Comparator.comparingLong(PlanNode::rowsExamined))
                    .ifPresent(marked::add);
        }
        return marked;
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
