package io.github.queuetestkit.sql;

import java.util.Set;

/**
 * Wording of the exception {@link EveryPlanAssert} throws when a captured statement that ran cannot be planned again:
 * it always says the statement itself ran fine, so a replanning problem never reads as a broken statement, and why.
 */
final class CannotReplan {

    /** Errors of a name the planning connection does not know: likely something only the code's session had. */
    private static final Set<String> UNKNOWN_NAME = Set.of("42P01", "42883", "42704", "3F000", "26000");

    private CannotReplan() {
    }

    /**
     * @param group the statement
     * @param position the parameter, from 1
     * @param binding how the code bound it
     * @param why why that binding cannot be made again
     * @return the message
     */
    static String unbindable(StatementGroup group, int position, BoundParameter binding, String why) {
        return opening(group) + ", but parameter " + position + " (" + binding.setter() + ") cannot be bound again: "
                + why + "." + narrow();
    }

    /**
     * @param group the statement
     * @param reason what planning it again reported
     * @param sqlState the server's SQLSTATE, or null
     * @return the message
     */
    static String failed(StatementGroup group, String reason, String sqlState) {
        String hint = sqlState != null && UNKNOWN_NAME.contains(sqlState)
                ? "\nPlanning again happens on a new connection after the code ran: a temporary table, a prepared"
                        + " statement or anything else only the code's own session had is gone there. Create it in"
                        + " the test's setup (an init script) to plan the statement, or leave the statement out."
                : "";
        return opening(group) + ", but planning it again failed:\n" + reason + hint + narrow();
    }

    private static String opening(StatementGroup group) {
        boolean firstFailed = group.first().failure().isPresent();
        return "Could not plan the captured statement " + group.normalizedSql() + " (run " + times(group.executions())
                + ") again with the parameters of its first " + (firstFailed ? "successful " : "") + "execution, bound"
                + " as the code bound them. The statement itself ran fine when the code ran it";
    }

    private static String narrow() {
        return "\nNarrow the check with a filter, e.g. assertThatStatements(captured).selectsFrom(\"jobs\").everyPlan(),"
                + " to leave it out.";
    }

    static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }
}
