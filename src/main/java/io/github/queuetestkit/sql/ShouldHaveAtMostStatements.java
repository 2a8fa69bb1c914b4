package io.github.queuetestkit.sql;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Wording of {@link StatementsAssert#hasAtMost(int)} and {@link StatementsAssert#hasExactly(int)}. */
final class ShouldHaveAtMostStatements extends BasicErrorMessageFactory {

    private ShouldHaveAtMostStatements(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldHaveAtMostStatements create(String bound, int expected, String filter, List<CapturedStatement> matching,
            SecretParameters secrets) {
        int count = matching.stream().mapToInt(CapturedStatement::executions).sum();
        long roundTrips = matching.stream().mapToLong(CapturedStatement::roundTrip).distinct().count();
        return new ShouldHaveAtMostStatements("Expecting " + bound + " " + expected + " " + filter + ", but " + count + " ran in " + roundTrips
                + (roundTrips == 1 ? " round trip" : " round trips") + ":\n"
                + StatementListing.of(matching, secrets));
    }

    // hasExactly(n) where nothing passed the filter: the count is zero, and every captured statement is listed.
    static ShouldHaveAtMostStatements noneRan(int expected, String filter, List<CapturedStatement> captured, SecretParameters secrets) {
        return new ShouldHaveAtMostStatements("Expecting exactly " + expected + " " + filter + ", but none ran. Captured statements ("
                + captured.size() + "):\n" + StatementListing.of(captured, secrets));
    }
}
