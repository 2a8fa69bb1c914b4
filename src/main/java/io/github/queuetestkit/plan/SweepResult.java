package io.github.queuetestkit.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The plans of one statement over a dataset at several scales, smallest first. {@link #table()} prints what a team
 * looks at: scale, rows, shared buffers, rows examined and the plan's shape, one line per scale.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SweepResult {

    private final String dataset;
    private final long seed;
    private final Explain explain;
    private final List<Step> steps;

    SweepResult(String dataset, long seed, Explain explain, List<Step> steps) {
        this.dataset = dataset;
        this.seed = seed;
        this.explain = explain;
        this.steps = List.copyOf(steps);
    }

    /**
     * One scale of the sweep.
     *
     * @param scale the dataset's scale
     * @param rowsPerTable rows loaded per table
     * @param plans the plans taken there (custom, generic or both)
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Step(long scale, Map<String, Long> rowsPerTable, Plans plans) {

        /** Copies the map. */
        public Step {
            rowsPerTable = Map.copyOf(rowsPerTable);
        }

        /** @return the first plan requested (the custom plan unless only the generic was asked for) */
        public Plan plan() {
            return plans.all().get(0);
        }

        /**
         * @param type custom or generic
         * @return the plan of that type taken at this scale
         * @throws io.github.queuetestkit.QueueTestkitException when that plan type was not requested
         */
        public Plan plan(PlanType type) {
            return type == PlanType.CUSTOM ? plans.custom() : plans.generic();
        }

        /** @return rows loaded, all tables together */
        public long rows() {
            return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** @return the scales, smallest first */
    public List<Step> steps() {
        return steps;
    }

    /** @return the dataset's name */
    public String dataset() {
        return dataset;
    }

    /** @return the statement explained */
    public Explain explain() {
        return explain;
    }

    /** @return one line per scale: scale, rows, buffers, rows examined, plan shape (of the first plan requested) */
    public String table() {
        return table(Set.of());
    }

    /** @return the plan types requested at every scale, custom before generic */
    List<PlanType> planTypes() {
        return steps.get(0).plans().all().stream().map(Plan::type).toList();
    }

    /**
     * @param marked indexes into {@link #steps()} to mark with {@code >>}
     * @return the table of the first plan requested with those lines marked
     */
    String table(Set<Integer> marked) {
        return table(marked, planTypes().get(0));
    }

    /**
     * @param marked indexes into {@link #steps()} to mark with {@code >>}
     * @param type the plan whose measures and shape the table shows
     * @return the table with those lines marked
     */
    String table(Set<Integer> marked, PlanType type) {
        String[] header = {"scale", "rows", "buffers", "rows examined", "plan"};
        String[][] cells = new String[steps.size()][];
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Plan plan = step.plan(type);
            cells[i] = new String[] {PlanMessages.number(step.scale()), PlanMessages.number(step.rows()),
                    plan.analyzed() ? PlanMessages.number(plan.sharedBuffers()) : "-",
                    plan.analyzed() ? PlanMessages.number(plan.rowsExamined()) : "-", plan.shape()};
            for (int c = 0; c < header.length - 1; c++) {
                width[c] = Math.max(width[c], cells[i][c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, "   ", header, width);
        for (int i = 0; i < steps.size(); i++) {
            line(out, marked.contains(i) ? ">> " : "   ", cells[i], width);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String margin, String[] cells, int[] width) {
        out.append(margin);
        for (int c = 0; c < cells.length; c++) {
            boolean last = c == cells.length - 1;
            String cell = cells[c];
            if (last) {
                out.append(cell);
            } else if (c == 0) {
                out.append(" ".repeat(width[c] - cell.length())).append(cell).append("  ");
            } else {
                out.append(" ".repeat(width[c] - cell.length())).append(cell).append("  ");
            }
        }
        out.append('\n');
    }

    /** @return "dataset X (seed S) at scales A, B, C: SQL" */
    String describe() {
        return "dataset " + dataset + " (seed " + seed + ") at scales " + String.join(", ",
                steps.stream().map(s -> PlanMessages.number(s.scale())).toList()) + ":\n  " + explain.sql()
                + (explain.parameters().isEmpty() ? "" : "\nParameters: " + explain.parameters());
    }

    @Override
    public String toString() {
        return "Sweep of " + describe() + "\n" + table();
    }
}
