package io.github.queuetestkit.sql;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Wording of a table check over every captured statement's plan when no planned statement reads or writes the
 * table: the check would prove nothing, so it fails and lists what was planned.
 */
final class ShouldPlanStatementOn extends BasicErrorMessageFactory {

    private ShouldPlanStatementOn(String message) {
        super("%s", unquotedString(message));
    }

    /**
     * @param what the check, e.g. {@code hasNoSeqScanOn("jobs")}
     * @param table the table as the check names it
     * @param planned the statements that were planned
     * @param skipped the "Not planned" listing, or empty
     */
    static ShouldPlanStatementOn create(String what, String table, List<StatementGroup> planned, String skipped) {
        StringBuilder s = new StringBuilder("\nExpecting every captured statement's plan to satisfy ").append(what)
                .append(", but no planned statement reads or writes \"").append(table)
                .append("\" (through its partitions, inheritance children or, for a view, its tables), so the check"
                        + " would prove nothing.\nPlanned:");
        planned.forEach(group -> s.append("\n  ").append(group.normalizedSql()));
        return new ShouldPlanStatementOn(s.append(skipped).append("\nStatements reach tables inside functions, triggers and rules without"
                + " their plans showing them; see the server-side view (ServerStatements) for those.").toString());
    }
}
