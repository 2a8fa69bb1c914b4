package io.github.queuetestkit.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A plan beside the plan that wins without one of its indexes, measure by measure. "Measurably worse" means at
 * least {@link #FACTOR} times as much and more by a floor that rules out noise: {@link #BUFFER_FLOOR} shared
 * buffers, {@link #ROW_FLOOR} rows examined or {@link #COST_FLOOR} cost units. Buffers and rows count only when
 * both plans were executed; cost always counts.
 *
 * @param with the plan judged
 * @param without the plan taken with the index gone
 */
record PlanComparison(Plan with, Plan without) {

    static final double FACTOR = 1.2;
    static final long BUFFER_FLOOR = 4;
    static final long ROW_FLOOR = 10;
    static final double COST_FLOOR = 1.0;

    /** @return the measures on which the plan without the index is measurably worse; empty when none */
    List<String> worseOn() {
        List<String> worse = new ArrayList<>();
        if (with.analyzed() && without.analyzed()) {
            if (worse(with.sharedBuffers(), without.sharedBuffers(), BUFFER_FLOOR)) {
                worse.add("shared buffers");
            }
            if (worse(with.rowsExamined(), without.rowsExamined(), ROW_FLOOR)) {
                worse.add("rows examined");
            }
        }
        if (without.totalCost() >= with.totalCost() * FACTOR && without.totalCost() - with.totalCost() >= COST_FLOOR) {
            worse.add("total cost");
        }
        return worse;
    }

    /** @return "shared buffers 12 -> 240, rows examined 5 -> 20,000, total cost 8.31 -> 389.00" (with -> without) */
    String figures() {
        StringBuilder s = new StringBuilder();
        if (with.analyzed() && without.analyzed()) {
            s.append("shared buffers ").append(PlanMessages.number(with.sharedBuffers())).append(" -> ")
                    .append(PlanMessages.number(without.sharedBuffers())).append(", rows examined ")
                    .append(PlanMessages.number(with.rowsExamined())).append(" -> ")
                    .append(PlanMessages.number(without.rowsExamined())).append(", ");
        }
        return s.append("total cost ").append(PlanMessages.number(with.totalCost())).append(" -> ")
                .append(PlanMessages.number(without.totalCost())).toString();
    }

    private static boolean worse(long with, long without, long floor) {
        return without >= with * FACTOR && without - with >= floor;
    }
}
