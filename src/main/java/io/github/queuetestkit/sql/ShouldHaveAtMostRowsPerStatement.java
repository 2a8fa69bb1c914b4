package io.github.queuetestkit.sql;

import java.util.List;

/** Wording of {@link StatementsAssert#hasAtMostRowsPerStatement(long)}. */
final class ShouldHaveAtMostRowsPerStatement {

    private ShouldHaveAtMostRowsPerStatement() {
    }

    static String create(long expected, String filter, List<CapturedStatement> offending, SecretParameters secrets) {
        return "Expecting each of " + filter + " to return or change at most " + expected + " rows, but "
                + offending.size() + (offending.size() == 1 ? " statement" : " statements") + " did not:\n"
                + StatementListing.withRows(offending, secrets);
    }
}
