package io.github.queuetestkit.sql;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Wording of {@link StatementsAssert#hasAtMostRoundTrips(int)}. */
final class ShouldHaveAtMostRoundTrips extends BasicErrorMessageFactory {

    private ShouldHaveAtMostRoundTrips(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldHaveAtMostRoundTrips create(int expected, String filter, List<CapturedStatement> matching, SecretParameters secrets) {
        long roundTrips = matching.stream().mapToLong(CapturedStatement::roundTrip).distinct().count();
        return new ShouldHaveAtMostRoundTrips("Expecting " + filter + " in at most " + expected + (expected == 1 ? " round trip" : " round trips")
                + " (a JDBC batch is one), but they took " + roundTrips + ":\n"
                + StatementListing.of(matching, secrets));
    }
}
