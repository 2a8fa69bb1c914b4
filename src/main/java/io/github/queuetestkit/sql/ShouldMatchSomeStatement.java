package io.github.queuetestkit.sql;

import java.util.List;
import java.util.Map;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Wording for a filter that matched nothing and cannot be told from a typo, or from a write the SQL text cannot
 * show.
 */
final class ShouldMatchSomeStatement extends BasicErrorMessageFactory {

    private ShouldMatchSomeStatement(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldMatchSomeStatement patternMatchedNothing(String filter, List<CapturedStatement> captured, SecretParameters secrets) {
        return new ShouldMatchSomeStatement("No captured statement is among " + filter + ", so there is nothing to count: is the pattern"
                + " right? It is searched in the normalized SQL (lower case, literals as ?, value lists as (...))."
                + " Use hasNone() to assert that it never runs. Captured statements ("
                + captured.size() + "):\n" + StatementListing.of(captured, secrets));
    }

    static ShouldMatchSomeStatement unknownTable(String filter, String table, List<CapturedStatement> captured,
            SecretParameters secrets) {
        return new ShouldMatchSomeStatement("No captured statement is among " + filter + " and the database has no table " + table
                + ": is the table name right? Captured statements (" + captured.size() + "):\n"
                + StatementListing.of(captured, secrets));
    }

    // A write filter on a table that exists, where no statement's text shows the write.
    static ShouldMatchSomeStatement writeMatchedNothing(String filter, String table, List<CapturedStatement> captured,
            SecretParameters secrets) {
        return new ShouldMatchSomeStatement("No captured statement is among " + filter + ", so there is nothing to count. SQL text cannot show"
                + " writes made inside functions, triggers or rules (SELECT enqueue_job(?), a trigger's INSERT): see"
                + " those of functions and triggers with the server-side view, ServerStatements.snapshot(dataSource)"
                + " before the code runs and .diff() after (README \"Server-side view\"); a rule's write does not show"
                + " there, only the statement that sets the rule off. If the code must not write " + table
                + ", assert hasNone(): it passes when no captured statement may write unseen. Captured statements ("
                + captured.size() + "):\n" + StatementListing.of(captured, secrets));
    }

    // A write filter with a zero bound matched nothing, but some captured statements may have made that write where
    // their SQL text does not show it: zero is not proven.
    static ShouldMatchSomeStatement writeMayBeUnseen(String filter, String table,
            Map<CapturedStatement, List<String>> unseen, SecretParameters secrets) {
        StringBuilder listed = new StringBuilder();
        unseen.entrySet().stream().limit(10).forEach(statement -> listed.append("\n  ")
                .append(statement.getKey().describe(secrets)).append("  (through ")
                .append(String.join(", ", statement.getValue())).append(')'));
        if (unseen.size() > 10) {
            listed.append("\n  ... and ").append(unseen.size() - 10).append(" more");
        }
        return new ShouldMatchSomeStatement("No captured statement is among " + filter + ", but that does not prove the"
                + " code did not write " + table + ": these captured statements may write rows their SQL text does not"
                + " show (" + unseen.size() + "):" + listed + "\nSee the writes of functions, procedures, DO blocks and"
                + " triggers with the server-side view, ServerStatements.snapshot(dataSource) before the code runs and"
                + " .diff() after (README \"Server-side view\"); a rule's write does not show there, only the statement"
                + " that sets the rule off.");
    }
}
