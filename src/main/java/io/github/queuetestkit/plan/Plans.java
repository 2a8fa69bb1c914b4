package io.github.queuetestkit.plan;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.internal.PlanSource;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The plan or plans EXPLAIN gave for one statement (custom, generic or both), with the request that made them
 * and, when they came from a database, a way back to it so assertions can check the catalog (does the named index
 * exist?) and re-plan.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Plans {

    private final List<Plan> all;
    private final Explain request;
    private final PlanSource source;
    private final List<String> analyzedBeforePlanning;

    Plans(List<Plan> all, Explain request, PlanSource source) {
        this(all, request, source, List.of());
    }

    Plans(List<Plan> all, Explain request, PlanSource source, List<String> analyzedBeforePlanning) {
        this.all = List.copyOf(all);
        this.request = request;
        this.source = source;
        this.analyzedBeforePlanning = List.copyOf(analyzedBeforePlanning);
    }

    /**
     * Wraps plans that did not come from a database (e.g. parsed from stored JSON); assertions that need the
     * catalog then say so.
     *
     * @param plans at least one plan
     * @return them
     */
    public static Plans of(Plan... plans) {
        if (plans.length == 0) {
            throw new IllegalArgumentException("at least one plan");
        }
        Plan first = plans[0];
        return new Plans(List.of(plans), new Explain(first.sql(), first.parameters(), first.analyzed(),
                List.of(plans).stream().map(Plan::type).toList(), java.util.Map.of(), first.driverRowLimit()), null);
    }

    /** @return every plan, in request order (custom before generic) */
    public List<Plan> all() {
        return all;
    }

    /** @return the request that made them */
    public Explain request() {
        return request;
    }

    /** @return the custom plan; throws when only the generic plan was requested */
    public Plan custom() {
        return find(PlanType.CUSTOM);
    }

    /** @return the generic plan; throws when it was not requested */
    public Plan generic() {
        return find(PlanType.GENERIC);
    }

    private Plan find(PlanType type) {
        return all.stream().filter(p -> p.type() == type).findFirst().orElseThrow(() -> new QueueTestkitException(
                "No " + type.label() + " plan was requested for " + request.sql() + "; ask for it with "
                        + (type == PlanType.GENERIC ? "withGenericPlan() or withCustomAndGenericPlans()"
                                : "withCustomPlan() or withCustomAndGenericPlans()")));
    }

    /** The database the plans came from, for catalog lookups and re-planning; empty for stored plans. */
    Optional<PlanSource> source() {
        return Optional.ofNullable(source);
    }

    /** Tables whose statistics were stale, analyzed before these plans were taken, each with why. */
    List<String> analyzedBeforePlanning() {
        return analyzedBeforePlanning;
    }

    @Override
    public String toString() {
        return all.toString();
    }
}
