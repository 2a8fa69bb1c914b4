package io.github.queuetestkit.plan;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Wording of the budget assertions: rows examined (in total and per row returned), heap fetches, shared buffers,
 * total cost and execution time.
 */
final class ShouldBeAtMost extends BasicErrorMessageFactory {

    /** How many of the biggest contributors a message names and marks. */
    private static final int TOP = 3;

    private ShouldBeAtMost(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldBeAtMost rowsExamined(String planName, long max, Plan plan) {
        List<PlanNode> top = top(plan, PlanNode::rowsExamined);
        return new ShouldBeAtMost(PlanMessages.failure("Expecting " + planName + " to examine at most " + PlanMessages.rows(max)
                + ", but it examined " + examined(plan) + " to return "
                + PlanMessages.number(plan.rowsReturned()) + ": " + PlanMessages.join(top, PlanMessages::scanFacts)
                + "." + rounding(plan), plan, top));
    }

    /** @return the most rows the plan's scans can have examined, EXPLAIN's per-loop rounding counted against it */
    static long mostRowsExamined(Plan plan) {
        return plan.mostRowsExamined();
    }

    /** @return {@link #mostRowsExamined} per row the code received (none counts as 1) */
    static double mostRowsExaminedPerRowReceived(Plan plan) {
        return (double) mostRowsExamined(plan) / Math.max(1, plan.rowsReceived());
    }

    /** @return the rows examined, with the range EXPLAIN's per-loop rounding leaves when there is one */
    private static String examined(Plan plan) {
        long examined = plan.rowsExamined();
        long slack = plan.rowsExaminedUncertainty();
        long most = plan.mostRowsExamined();
        long least = Math.min(most, Math.max(0, examined - slack));
        return PlanMessages.number(examined) + (least == most ? "" : " (between "
                + PlanMessages.number(least) + " and " + PlanMessages.number(most) + ")");
    }

    /** @return why the rows examined are a range, when they are; else "" */
    private static String rounding(Plan plan) {
        return plan.rowsExaminedUncertainty() == 0 ? "" : " EXPLAIN prints a scan's rows averaged over its loops and"
                + " rounded (the rows a filter or recheck removed to whole rows on every version, the rows kept to"
                + " whole rows before PostgreSQL 18 and to hundredths from 18), so the count of a scan that ran many"
                + " times is known only within that rounding times its loops; the check counts the most it can be.";
    }

    /** Per row the code received: with a driver row limit, fewer than the plan returns, and the message says why. */
    static ShouldBeAtMost rowsExaminedPerRowReturned(String planName, double max, Plan plan) {
        List<PlanNode> top = top(plan, PlanNode::rowsExamined);
        long returned = plan.rowsReceived();
        double ratio = mostRowsExaminedPerRowReceived(plan);
        String sentence = "Expecting " + planName + " to examine at most " + PlanMessages.number(max)
                + " rows per row returned, but it examined " + examined(plan) + " to return "
                + (returned == 0 ? "none (counted as 1)" : PlanMessages.number(returned))
                + (plan.limitedByDriver() ? " to the code" : "") + ", "
                + (plan.mostRowsExamined() == plan.rowsExamined() ? "" : "up to ") + PlanMessages.number(ratio) + " per row: "
                + PlanMessages.join(top, PlanMessages::scanFacts) + "." + rounding(plan);
        if (plan.limitedByDriver()) {
            sentence += " " + driverLimit(plan);
        }
        return new ShouldBeAtMost(PlanMessages.failure(sentence, plan, top));
    }

    /**
     * @param plan a plan whose rows the driver's row limit cut
     * @return why the code received fewer rows than the plan returns, and the fix
     */
    static String driverLimit(Plan plan) {
        long limit = plan.driverRowLimit();
        return "The limit of " + PlanMessages.rows(limit) + " came from the driver (Statement.setMaxRows(" + limit
                + ")), not the SQL: the server planned the statement for all " + PlanMessages.number(plan.rowsReturned())
                + " rows its plan returns. Write the limit into the SQL (LIMIT " + limit + ") so the planner can choose"
                + " a plan that stops early.";
    }

    static ShouldBeAtMost heapFetches(String planName, long max, Plan plan) {
        List<PlanNode> top = top(plan, PlanNode::heapFetches);
        return new ShouldBeAtMost(PlanMessages.failure("Expecting " + planName + " to make at most " + PlanMessages.number(max)
                + " heap fetches, but its index-only scans made " + PlanMessages.number(plan.heapFetches()) + ": "
                + PlanMessages.join(top, n -> n.headline() + " (" + PlanMessages.number(n.heapFetches()) + ")")
                + ". Heap fetches mean the visibility map is stale, as on a busy queue table that is not vacuumed"
                + " often enough.", plan, top));
    }

    static ShouldBeAtMost sharedBuffers(String planName, long max, Plan plan) {
        List<PlanNode> top = top(plan, ShouldBeAtMost::ownBuffers);
        PlanNode.Buffers b = plan.root().buffers();
        return new ShouldBeAtMost(PlanMessages.failure("Expecting " + planName + " to touch at most " + PlanMessages.number(max)
                + " shared buffers, but it touched " + PlanMessages.number(plan.sharedBuffers()) + " ("
                + PlanMessages.number(b.sharedHit()) + " hit, " + PlanMessages.number(b.sharedRead()) + " read); most in "
                + PlanMessages.join(top, n -> n.headline() + " (" + PlanMessages.number(ownBuffers(n)) + ")") + ".",
                plan, top));
    }

    static ShouldBeAtMost totalCost(String planName, double max, Plan plan) {
        return new ShouldBeAtMost(PlanMessages.failure("Expecting " + planName + " to have an estimated total cost of at most "
                + PlanMessages.number(max) + ", but the planner estimated " + PlanMessages.number(plan.totalCost())
                + ".", plan, List.of(plan.root())));
    }

    static ShouldBeAtMost executionTime(String planName, Duration max, Plan plan) {
        return new ShouldBeAtMost(PlanMessages.failure("Expecting " + planName + " to execute in at most " + ms(max) + ", but it took "
                + ms(plan.executionTime().orElseThrow()) + " (times are noisy: sharedBuffersAtMost and"
                + " rowsExaminedAtMost measure the same work without the noise).", plan, List.of()));
    }

    /** Buffers a node used itself: EXPLAIN's counts are inclusive, so the children's are subtracted. */
    static long ownBuffers(PlanNode node) {
        long children = node.children().stream().mapToLong(c -> c.buffers().sharedTotal()).sum();
        return Math.max(0, node.buffers().sharedTotal() - children);
    }

    private static List<PlanNode> top(Plan plan, ToLongFunction<PlanNode> measure) {
        return plan.nodes().filter(n -> measure.applyAsLong(n) > 0)
                .sorted(Comparator.comparingLong(measure).reversed()).limit(TOP).toList();
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.3f ms", d.toNanos() / 1_000_000.0);
    }
}
