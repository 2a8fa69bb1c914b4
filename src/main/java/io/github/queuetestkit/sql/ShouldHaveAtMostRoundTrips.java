package io.github.queuetestkit.sql;

import java.util.List;

/** Wording of {@link StatementsAssert#hasAtMostRoundTrips(int)}. */
final class ShouldHaveAtMostRoundTrips {

    private ShouldHaveAtMostRoundTrips() {
    }

    static String create(int expected, String filter, List<CapturedStatement> matching, SecretParameters secrets) {
        long roundTrips = matching.stream().mapToLong(CapturedStatement::roundTrip).distinct().count();
        return "Expecting " + filter + " in at most " + expected + (expected == 1 ? " round trip" : " round trips")
                + " (a JDBC batch is one), but they took " + roundTrips + ":\n"
                + StatementListing.of(matching, secrets);
    }
}
