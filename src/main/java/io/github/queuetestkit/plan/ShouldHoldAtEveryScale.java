package io.github.queuetestkit.plan;

import java.util.List;
import java.util.Set;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Wording of {@link SweepAssert}: plan conditions that failed at some scales, a measure that grew faster than its
 * bound, a plan that flipped its shape. Each prints the sweep's table with the scales at fault marked {@code >>}.
 */
final class ShouldHoldAtEveryScale extends BasicErrorMessageFactory {

    private ShouldHoldAtEveryScale(String message) {
        super("%s", unquotedString(message));
    }

    /**
     * @param sweep the sweep
     * @param failed the indexes of the steps that failed
     * @param messages what failed at each of them, in order
     */
    static ShouldHoldAtEveryScale conditions(SweepResult sweep, Set<Integer> failed, List<String> messages) {
        return new ShouldHoldAtEveryScale("\nExpecting the plan conditions to hold at every scale, but they failed at "
                + failed.size() + " of " + sweep.steps().size() + " (" + scalesOf(sweep, failed) + ").\n\nSweep of "
                + sweep.describe() + "\n\n" + sweep.table(failed) + "\n" + String.join("\n", messages));
    }

    /**
     * @param sweep the sweep
     * @param type the plan that flipped; named when the sweep took custom and generic plans
     * @param flipped the indexes of the steps whose shape differs from the first's; the first of them is shown
     */
    static ShouldHoldAtEveryScale shape(SweepResult sweep, PlanType type, Set<Integer> flipped) {
        SweepResult.Step step = sweep.steps().get(flipped.iterator().next());
        return new ShouldHoldAtEveryScale("\nExpecting " + planName(sweep, type) + " to keep its shape at every scale,"
                + " but it flipped at scale " + PlanMessages.number(step.scale()) + ":\n  from "
                + sweep.steps().get(0).plan(type).shape() + "\n  to   " + step.plan(type).shape() + "\n\nSweep of "
                + sweep.describe() + "\n\n" + tableOf(sweep, type, flipped) + "\n" + planAt(sweep, type, step) + ":\n"
                + step.plan(type).render());
    }

    /**
     * @param sweep the sweep
     * @param type the plan that grew; named when the sweep took custom and generic plans
     * @param measure e.g. "shared buffers"
     * @param bound the growth allowed
     * @param baseValue the measure at the smallest scale
     * @param over the indexes of the steps over the bound; the first of them is shown
     * @param detail one line per step over the bound
     */
    static ShouldHoldAtEveryScale growth(SweepResult sweep, PlanType type, String measure, Growth bound,
            long baseValue, Set<Integer> over, String detail) {
        SweepResult.Step base = sweep.steps().get(0);
        SweepResult.Step at = sweep.steps().get(over.iterator().next());
        String of = named(sweep) ? " of the " + type.label() + " plan" : "";
        return new ShouldHoldAtEveryScale("\nExpecting " + measure + of + " to grow at most " + bound.label()
                + " with the data (from " + PlanMessages.number(baseValue) + " at scale "
                + PlanMessages.number(base.scale()) + ", times " + Growth.TOLERANCE + " plus " + Growth.SLACK
                + "), but they grew faster:\n" + detail + "\nSweep of " + sweep.describe() + "\n\n"
                + tableOf(sweep, type, over) + "\n" + planAt(sweep, type, at) + ":\n" + at.plan(type).render());
    }

    /** Whether the sweep took more than one plan, so a message must say which one failed. */
    private static boolean named(SweepResult sweep) {
        return sweep.planTypes().size() > 1;
    }

    private static String planName(SweepResult sweep, PlanType type) {
        return named(sweep) ? "the " + type.label() + " plan" : "the plan";
    }

    private static String tableOf(SweepResult sweep, PlanType type, Set<Integer> marked) {
        return (named(sweep) ? capitalized(type.label()) + " plans:\n" : "")
                + sweep.table(marked, type);
    }

    private static String planAt(SweepResult sweep, PlanType type, SweepResult.Step step) {
        return (named(sweep) ? capitalized(type.label()) + " plan" : "Plan") + " at scale "
                + PlanMessages.number(step.scale());
    }

    private static String capitalized(String label) {
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    private static String scalesOf(SweepResult sweep, Set<Integer> indexes) {
        return String.join(", ", indexes.stream().map(i -> PlanMessages.number(sweep.steps().get(i).scale())).toList());
    }
}
