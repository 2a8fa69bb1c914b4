package io.github.queuetestkit.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The captured statements that share one normalized SQL, in the order they ran: what "the same statement,
 * executed N times" means for N+1 checks, and what a plan check of every distinct statement plans once.
 *
 * @param normalizedSql the shared normalized SQL
 * @param statements the statements, in execution order; never empty
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StatementGroup(String normalizedSql, List<CapturedStatement> statements) {

    /** Defensive copy. */
    public StatementGroup {
        statements = List.copyOf(statements);
    }

    /** @return the first statement of the group */
    public CapturedStatement first() {
        return statements.get(0);
    }

    /**
     * @return the first statement of the group that did not fail: what a plan check plans, since a failed execution
     *     (a lock timeout, a bad value) says nothing of how the others ran; empty when every execution failed
     */
    public Optional<CapturedStatement> firstSucceeded() {
        return statements.stream().filter(s -> s.failure().isEmpty()).findFirst();
    }

    /** @return the first statement's SQL as sent, with its {@code ?} placeholders: what to plan */
    public String sql() {
        return first().sql();
    }

    /** @return the first execution's parameters, in placeholder order: what to plan {@link #sql()} with */
    public List<Object> parameters() {
        return first().parameters();
    }

    /** @return the first execution's parameters as the code bound them: what to plan {@link #sql()} with */
    public List<BoundParameter> bindings() {
        return first().bindings();
    }

    /** @return every parameter set of every statement of the group, in execution order */
    public List<List<Object>> parameterSets() {
        List<List<Object>> all = new ArrayList<>();
        for (CapturedStatement statement : statements) {
            all.addAll(statement.parameterSets());
        }
        return all;
    }

    /** @return how many round trips sent this statement (a batch counts once) */
    public int roundTrips() {
        return (int) statements.stream().mapToLong(CapturedStatement::roundTrip).distinct().count();
    }

    /** @return how many times the server ran it (each parameter set of a batch counts) */
    public int executions() {
        return statements.stream().mapToInt(CapturedStatement::executions).sum();
    }
}
