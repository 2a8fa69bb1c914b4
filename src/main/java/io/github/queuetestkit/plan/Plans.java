package io.github.queuetestkit.plan;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.internal.Catalog;
import io.github.queuetestkit.plan.internal.PlanSource;
import io.github.queuetestkit.plan.internal.VerdictFacts;
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
    private final VerdictFacts facts;
    private volatile Catalog catalog;

    Plans(List<Plan> all, Explain request, PlanSource source, List<String> analyzedBeforePlanning,
            VerdictFacts facts) {
        this.all = List.copyOf(all);
        this.request = request;
        this.source = source;
        this.analyzedBeforePlanning = List.copyOf(analyzedBeforePlanning);
        this.facts = facts;
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
                List.of(plans).stream().map(Plan::type).toList(), java.util.Map.of(), first.driverRowLimit()), null,
                List.of(), VerdictFacts.none());
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

    /**
     * Whether any of these plans scans or modifies the table as a user means it: with the database the plans came
     * from, a partitioned table counts through its partitions, a table through its inheritance children and a view
     * through the tables it reads; a plan parsed from JSON matches by name alone.
     *
     * @param table a table, partitioned table or view name, optionally schema-qualified
     * @return true when some node of some plan is on it
     * @throws QueueTestkitException when the database has no such table (a typo must not read as "not touched")
     */
    public boolean touch(String table) {
        Optional<Catalog> catalog = catalog();
        NamedRelation named = catalog.isPresent()
                ? NamedRelation.table("touch(" + PlanMessages.quoted(table) + ")", table, catalog, all.get(0))
                : NamedRelation.unresolved(table);
        return all.stream().anyMatch(plan -> plan.nodes().anyMatch(named::isOn));
    }

    /**
     * The catalog of the database the plans came from, on the plans' search_path; one per Plans, so the names that
     * several assertions on the same plans give are looked up once.
     */
    Optional<Catalog> catalog() {
        if (source == null) {
            return Optional.empty();
        }
        Catalog c = catalog;
        if (c == null) {
            c = new Catalog(source, request.settings().get("search_path"));
            catalog = c;
        }
        return Optional.of(c);
    }

    /** The database the plans came from, for catalog lookups and re-planning; empty for stored plans. */
    Optional<PlanSource> source() {
        return Optional.ofNullable(source);
    }

    /** The facts read when these plans were taken, which their failure messages print. */
    VerdictFacts facts() {
        return facts;
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
