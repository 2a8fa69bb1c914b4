package io.github.queuetestkit.sql;

import java.util.List;
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
                + " them with the server-side view, ServerStatements.snapshot(dataSource) before the code runs and"
                + " .diff() after (README \"Server-side view\"). If the code must not write " + table
                + ", assert hasNone(). Captured statements (" + captured.size() + "):\n"
                + StatementListing.of(captured, secrets));
    }
}
