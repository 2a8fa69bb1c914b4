package io.github.queuetestkit.plan;

import io.github.queuetestkit.QueueTestkitException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions over a {@link SweepResult}: the same plan conditions at every scale, a cost measure growing no faster
 * than a bound, the plan keeping its shape. Failures print the sweep's table with the scales at fault marked
 * {@code >>}, then what failed.
 *
 * <pre>{@code
 * assertThat(sweep)
 *         .atEveryScale(plan -> plan.usesIndex("records_client_created").hasNoSort())
 *         .sharedBuffersGrowAtMost(Growth.LOGARITHMIC)
 *         .keepsItsPlanShape();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class SweepAssert extends AbstractAssert<SweepAssert, SweepResult> {

    /**
     * @param actual the sweep
     */
    public SweepAssert(SweepResult actual) {
        super(actual, SweepAssert.class);
    }

    /**
     * Runs plan assertions on the plans of every scale; fails with every scale that failed.
     *
     * @param requirements plan assertions, e.g. {@code plan -> plan.usesIndex("x").hasNoSort()}
     * @return this assertion
     */
    public SweepAssert atEveryScale(Consumer<PlanAssert> requirements) {
        isNotNull();
        Set<Integer> failed = new LinkedHashSet<>();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < actual.steps().size(); i++) {
            SweepResult.Step step = actual.steps().get(i);
            try {
                requirements.accept(new PlanAssert(step.plans()));
            } catch (AssertionError e) {
                failed.add(i);
                messages.add("At scale " + PlanMessages.number(step.scale()) + ":" + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throwAssertionError(ShouldHoldAtEveryScale.conditions(actual, failed, messages));
        }
        return myself;
    }

    /**
     * Shared buffers (hit + read) grow no faster than the bound from the smallest scale to each larger one; with
     * custom and generic plans, for each of them, and a failure names the plan that grew.
     *
     * @param bound constant, logarithmic or linear (see {@link Growth} for the tolerance)
     * @return this assertion
     */
    public SweepAssert sharedBuffersGrowAtMost(Growth bound) {
        return growsAtMost("shared buffers", Plan::sharedBuffers, bound);
    }

    /**
     * Rows examined grow no faster than the bound from the smallest scale to each larger one; with custom and generic
     * plans, for each of them, and a failure names the plan that grew.
     *
     * @param bound constant, logarithmic or linear (see {@link Growth} for the tolerance)
     * @return this assertion
     */
    public SweepAssert rowsExaminedGrowAtMost(Growth bound) {
        return growsAtMost("rows examined", Plan::rowsExamined, bound);
    }

    /**
     * The plan has the same shape (node types, tables and indexes) at every scale: no flip as the data grows. With
     * custom and generic plans, each keeps its own shape, and a failure names the plan that flipped.
     *
     * @return this assertion
     */
    public SweepAssert keepsItsPlanShape() {
        isNotNull();
        // the generic plan is the one a driver switches to after a few executions: a flip there is as real as one in
        // the custom plan, so each plan type is judged on its own, scale by scale
        for (PlanType type : actual.planTypes()) {
            String first = actual.steps().get(0).plan(type).shape();
            Set<Integer> flipped = new LinkedHashSet<>();
            for (int i = 1; i < actual.steps().size(); i++) {
                if (!actual.steps().get(i).plan(type).shape().equals(first)) {
                    flipped.add(i);
                }
            }
            if (!flipped.isEmpty()) {
                throwAssertionError(ShouldHoldAtEveryScale.shape(actual, type, flipped));
            }
        }
        return myself;
    }

    private SweepAssert growsAtMost(String measure, ToLongFunction<Plan> value, Growth bound) {
        isNotNull();
        for (SweepResult.Step step : actual.steps()) {
            if (step.plans().all().stream().anyMatch(plan -> !plan.analyzed())) {
                throw new QueueTestkitException(measure + " growth needs measured plans, but the"
                        + " sweep of " + actual.dataset() + " was taken without executing; drop withoutExecuting().");
            }
        }
        // each plan type against its own smallest scale: a generic plan that walks the whole table grows while the
        // custom plan stays flat
        for (PlanType type : actual.planTypes()) {
            SweepResult.Step base = actual.steps().get(0);
            long baseValue = value.applyAsLong(base.plan(type));
            Set<Integer> over = new LinkedHashSet<>();
            StringBuilder detail = new StringBuilder();
            for (int i = 1; i < actual.steps().size(); i++) {
                SweepResult.Step step = actual.steps().get(i);
                long allowed = bound.allowed(baseValue, base.scale(), step.scale());
                long found = value.applyAsLong(step.plan(type));
                if (found > allowed) {
                    over.add(i);
                    detail.append("  at scale ").append(PlanMessages.number(step.scale())).append(": ")
                            .append(PlanMessages.number(found)).append(" ").append(measure).append(", allowed at most ")
                            .append(PlanMessages.number(allowed)).append('\n');
                }
            }
            if (!over.isEmpty()) {
                throwAssertionError(ShouldHoldAtEveryScale.growth(actual, type, measure, bound, baseValue, over,
                        detail.toString()));
            }
        }
        return myself;
    }

}
