package io.github.queuetestkit.sql;

import java.util.List;

/** The one way failure messages list statements: grouped by normalized SQL, in order, with counts and raw SQL. */
final class StatementListing {

    /** Raw statements shown per group before "... and N more". */
    static final int RAW_PER_GROUP = 5;

    private StatementListing() {
    }

    static String of(List<CapturedStatement> statements, SecretParameters secrets) {
        if (statements.isEmpty()) {
            return "  (none)";
        }
        StringBuilder out = new StringBuilder();
        for (StatementGroup group : CapturedStatements.group(statements)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("  ").append(group.executions()).append("x in ").append(group.roundTrips())
                    .append(group.roundTrips() == 1 ? " round trip: " : " round trips: ")
                    .append(group.normalizedSql());
            List<CapturedStatement> raw = group.statements();
            for (int i = 0; i < Math.min(raw.size(), RAW_PER_GROUP); i++) {
                CapturedStatement statement = raw.get(i);
                out.append("\n      #").append(statement.sequence()).append(' ')
                        .append(statement.describe(secrets));
            }
            if (raw.size() > RAW_PER_GROUP) {
                out.append("\n      ... and ").append(raw.size() - RAW_PER_GROUP).append(" more");
            }
        }
        return out.toString();
    }

    static String withRows(List<CapturedStatement> statements, SecretParameters secrets) {
        StringBuilder out = new StringBuilder();
        for (CapturedStatement statement : statements) {
            if (out.length() > 0) {
                out.append('\n');
            }
            String unknown = statement.unknownRows();
            out.append("  #").append(statement.sequence()).append(unknown == null ? " (" : " (at least ")
                    .append(statement.rows()).append(" rows) ").append(statement.normalizedSql())
                    .append("\n      ").append(statement.describe(secrets));
            if (unknown != null) {
                out.append("\n      rows not known: ").append(unknown);
            }
        }
        return out.toString();
    }
}
