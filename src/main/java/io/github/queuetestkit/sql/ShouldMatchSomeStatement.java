package io.github.queuetestkit.sql;

import java.util.List;

/** Wording for a filter that matched nothing and cannot be told from a typo. */
final class ShouldMatchSomeStatement {

    private ShouldMatchSomeStatement() {
    }

    static String patternMatchedNothing(String filter, List<CapturedStatement> captured, SecretParameters secrets) {
        return "No captured statement is among " + filter + ", so there is nothing to count: is the pattern"
                + " right? It is searched in the normalized SQL (lower case, literals as ?, value lists as (...))."
                + " Use hasNone() to assert that it never runs. Captured statements ("
                + captured.size() + "):\n" + StatementListing.of(captured, secrets);
    }

    static String unknownTable(String filter, String table, List<CapturedStatement> captured,
            SecretParameters secrets) {
        return "No captured statement is among " + filter + " and the database has no table " + table
                + ": is the table name right? Captured statements (" + captured.size() + "):\n"
                + StatementListing.of(captured, secrets);
    }
}
