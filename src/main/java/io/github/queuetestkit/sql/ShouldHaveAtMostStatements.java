package io.github.queuetestkit.sql;

import java.util.List;

/** Wording of {@link StatementsAssert#hasAtMost(int)} and {@link StatementsAssert#hasExactly(int)}. */
final class ShouldHaveAtMostStatements {

    private ShouldHaveAtMostStatements() {
    }

    static String create(String bound, int expected, String filter, List<CapturedStatement> matching,
            SecretParameters secrets) {
        int count = matching.stream().mapToInt(CapturedStatement::executions).sum();
        long roundTrips = matching.stream().mapToLong(CapturedStatement::roundTrip).distinct().count();
        return "Expecting " + bound + " " + expected + " " + filter + ", but " + count + " ran in " + roundTrips
                + (roundTrips == 1 ? " round trip" : " round trips") + ":\n"
                + StatementListing.of(matching, secrets);
    }

    // hasExactly(n) where nothing passed the filter: the count is zero, and every captured statement is listed.
    static String noneRan(int expected, String filter, List<CapturedStatement> captured, SecretParameters secrets) {
        return "Expecting exactly " + expected + " " + filter + ", but none ran. Captured statements ("
                + captured.size() + "):\n" + StatementListing.of(captured, secrets);
    }
}
