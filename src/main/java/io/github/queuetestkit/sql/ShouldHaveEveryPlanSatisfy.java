package io.github.queuetestkit.sql;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Wording of a check over every captured statement's plan: the statements whose plans failed it, each with its own
 * plan failure, or no statement that could be planned at all.
 */
final class ShouldHaveEveryPlanSatisfy extends BasicErrorMessageFactory {

    private ShouldHaveEveryPlanSatisfy(String message) {
        super("%s", unquotedString(message));
    }

    /**
     * @param plans "plan", "generic plan" or "custom and generic plans"
     * @param what the check, e.g. {@code hasNoSort()}
     * @param failures one entry per plan that failed (a statement's executions may have got several), with its plan
     *     failure
     * @param failed how many statements failed
     * @param planned how many statements were planned
     * @param skipped the "Not planned" listing, or empty
     */
    static ShouldHaveEveryPlanSatisfy create(String plans, String what, List<String> failures, int failed,
            int planned, String skipped) {
        return new ShouldHaveEveryPlanSatisfy("\nExpecting every captured statement's " + plans + " to satisfy " + what
                + ", but " + failed + " of " + planned + " did not." + skipped + "\n\n"
                + String.join("\n\n", failures));
    }

    /**
     * The heading's note on a statement whose executions got more than one plan, for each plan after the first
     * execution's.
     *
     * @param which this plan's number, 2 or more
     * @param of how many plans its executions got
     * @param executions how many distinct executions (text, parameters, row limit) it had
     * @param execution what sets the one planned apart, e.g. {@code parameters [done]}
     * @return e.g. {@code plan 2 of 2 among its 3 distinct executions, with parameters [done]}
     */
    static String variant(int which, int of, int executions, String execution) {
        return "plan " + which + " of " + of + " among its " + executions + " distinct executions, with " + execution;
    }

    /**
     * @param plans "plan", "generic plan" or "custom and generic plans"
     * @param what the check
     * @param skipped the "Not planned" listing, or empty
     * @param captured how many statements were captured
     */
    /**
     * @param plans "plan", "generic plan" or "custom and generic plans"
     * @param what the check
     * @param hidden the "Not checked" listing of statements that only call functions of the database's own
     * @param skipped the "Not planned" listing, or empty
     */
    static ShouldHaveEveryPlanSatisfy onlyFunctionCalls(String plans, String what, String hidden, String skipped) {
        return new ShouldHaveEveryPlanSatisfy("\nExpecting every captured statement's " + plans + " to satisfy " + what
                + ", but no planned statement's plan shows the work it does, so the check would prove nothing." + hidden
                + skipped + "\nA function's statements run with plans of their own: check them with assertThatPlan on"
                + " the SQL inside the function, or see what it ran with the server-side view (ServerStatements).");
    }

    static ShouldHaveEveryPlanSatisfy nonePlanned(String plans, String what, String skipped, int captured) {
        return new ShouldHaveEveryPlanSatisfy("\nExpecting every captured statement's " + plans + " to satisfy " + what
                + ", but no statement could be planned." + skipped + "\nCaptured: " + captured + " statements.");
    }
}
