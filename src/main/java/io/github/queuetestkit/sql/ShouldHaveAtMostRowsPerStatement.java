package io.github.queuetestkit.sql;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Wording of {@link StatementsAssert#hasAtMostRowsPerStatement(long)}. */
final class ShouldHaveAtMostRowsPerStatement extends BasicErrorMessageFactory {

    private ShouldHaveAtMostRowsPerStatement(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldHaveAtMostRowsPerStatement create(long expected, String filter, List<CapturedStatement> offending, SecretParameters secrets) {
        return new ShouldHaveAtMostRowsPerStatement("Expecting each of " + filter + " to return or change at most " + expected + " rows, but "
                + offending.size() + (offending.size() == 1 ? " statement" : " statements") + " did not:\n"
                + StatementListing.withRows(offending, secrets));
    }
}
