package io.github.queuetestkit.sql;

import io.github.queuetestkit.plan.FactsComparison;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanFacts;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Wording of {@link EveryPlanAssert#matchesBaseline}: per statement that got worse, its baseline and new facts side
 * by side with the changed facts marked {@code >>}, the reasons, and the new plan with the nodes at fault marked;
 * then the statements with no baseline (in CI mode) and the baselines of statements that no longer run.
 */
final class ShouldMatchBaseline extends BasicErrorMessageFactory {

    private static final String UPDATE = "-D" + BaselineMode.SETTING + "=update";

    private ShouldMatchBaseline(String message) {
        super("%s", unquotedString(message));
    }

    /**
     * @param file the baseline file, as the user named it
     * @param statements how many statements were planned
     * @param worse one block per plan that got worse, from {@link #regression}
     * @param missing the statements with no baseline, in CI mode (each "SQL (custom plan)"); empty otherwise
     * @param stale the baselines of statements that did not run, each "SQL (custom plan)"
     */
    static ShouldMatchBaseline create(String file, int statements, List<String> worse, List<String> missing,
            List<String> stale) {
        StringBuilder out = new StringBuilder("\nExpecting the plans of every captured statement to match the baseline "
                + file + ", but ");
        List<String> what = new ArrayList<>();
        if (!worse.isEmpty()) {
            what.add(worse.size() + " of " + statements + (statements == 1 ? " statement" : " statements")
                    + " got worse");
        }
        if (!missing.isEmpty()) {
            what.add(missing.size() + (missing.size() == 1 ? " has" : " have") + " no baseline");
        }
        out.append(String.join(" and ", what)).append('.');
        for (String block : worse) {
            out.append("\n\n").append(block);
        }
        if (!missing.isEmpty()) {
            out.append("\n\nNo baseline (CI mode writes none): record it by running the test locally or with ")
                    .append(UPDATE).append(", then commit ").append(file).append(':');
            missing.forEach(m -> out.append("\n  ").append(m));
        }
        out.append(stale(stale));
        return new ShouldMatchBaseline(out.toString());
    }

    /** @return the listing of baselines whose statements did not run, starting with a blank line; empty if none */
    static String stale(List<String> stale) {
        if (stale.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n\nIn the baseline but not run (remove them with " + UPDATE + "):");
        stale.forEach(s -> out.append("\n  ").append(s));
        return out.toString();
    }

    /**
     * @param heading e.g. "Statement 1 of 2, run once, custom plan: SELECT ..."
     * @param comparison its facts against the baseline
     * @param plan the new plan the facts were read from
     * @return the statement's block: heading, reasons, side-by-side facts, new plan with the nodes at fault marked
     */
    static String regression(String heading, FactsComparison comparison, Plan plan) {
        return heading + "\nWorse: " + String.join("; ", comparison.worse()) + "\n"
                + (comparison.notes().isEmpty() ? "" : "Not counted: " + String.join("; ", comparison.notes()) + "\n")
                + sideBySide(comparison)
                + "\nPlan now:\n" + plan.render(comparison.nodesAtFault(plan));
    }

    /**
     * @param comparison baseline and new facts
     * @return a table: fact | baseline | now, each changed fact marked with {@code >>} in the margin
     */
    static String sideBySide(FactsComparison comparison) {
        PlanFacts base = comparison.baseline();
        PlanFacts now = comparison.now();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"   ", "fact", "baseline", "now"});
        add(rows, comparison, FactsComparison.SHAPE, base.shape(), now.shape());
        add(rows, comparison, FactsComparison.SEQ_SCANS, List.of(BaselineFile.list(base.seqScansOnLargeTables())),
                List.of(BaselineFile.list(now.seqScansOnLargeTables())));
        add(rows, comparison, FactsComparison.SORTS, base.sorts().isEmpty() ? List.of("none") : base.sorts(),
                now.sorts().isEmpty() ? List.of("none") : now.sorts());
        add(rows, comparison, FactsComparison.ROWS_EXAMINED, List.of(String.valueOf(base.rowsExamined())),
                List.of(String.valueOf(now.rowsExamined())));
        add(rows, comparison, FactsComparison.ROWS_RETURNED, List.of(String.valueOf(base.rowsReturned())),
                List.of(String.valueOf(now.rowsReturned())));
        add(rows, comparison, FactsComparison.ROWS_PER_ROW,
                List.of(String.valueOf(base.rowsExaminedPerRowReturned())),
                List.of(String.valueOf(now.rowsExaminedPerRowReturned())));
        add(rows, comparison, FactsComparison.BUFFERS, List.of(String.valueOf(base.sharedBuffers())),
                List.of(String.valueOf(now.sharedBuffers())));
        if (BaselineFile.keepsHeapFetches(base) || BaselineFile.keepsHeapFetches(now)) {
            add(rows, comparison, FactsComparison.HEAP_FETCHES, List.of(String.valueOf(base.heapFetches())),
                    List.of(String.valueOf(now.heapFetches())));
        }
        int factWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        int baseWidth = rows.stream().mapToInt(r -> r[2].length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            String line = row[0] + pad(row[1], factWidth) + " | " + pad(row[2], baseWidth) + " | " + row[3];
            out.append(line.stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static void add(List<String[]> rows, FactsComparison comparison, String fact, List<String> base,
            List<String> now) {
        boolean changed = comparison.changed().contains(fact);
        int lines = Math.max(base.size(), now.size());
        for (int i = 0; i < lines; i++) {
            rows.add(new String[] {i == 0 && changed ? ">> " : "   ", i == 0 ? fact : "",
                    i < base.size() ? base.get(i) : "", i < now.size() ? now.get(i) : ""});
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
