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

    static ShouldHaveAtMostRowsPerStatement unknown(long expected, String filter, List<CapturedStatement> unknown,
            SecretParameters secrets) {
        return new ShouldHaveAtMostRowsPerStatement("Expecting each of " + filter + " to return or change at most "
                + expected + " rows, but the rows of " + unknown.size()
                + (unknown.size() == 1 ? " statement are" : " statements are") + " not known, so the check cannot"
                + " pass:\n" + StatementListing.withRows(unknown, secrets)
                + "\nA driver that rewrites a batch (pgjdbc's reWriteBatchedInserts=true) reports no row counts, and a"
                + " result fetched a part at a time (setFetchSize) keeps its rest on the server until the code reads"
                + " it. Run the test without reWriteBatchedInserts, or let the code read the whole result.");
    }
}
