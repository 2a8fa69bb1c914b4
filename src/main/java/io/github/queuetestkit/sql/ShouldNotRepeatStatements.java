package io.github.queuetestkit.sql;

import java.util.ArrayList;
import java.util.List;

/** Wording of {@link StatementsAssert#hasNoNPlusOne(int)}. */
final class ShouldNotRepeatStatements {

    private ShouldNotRepeatStatements() {
    }

    static String create(int maxRoundTrips, String filter, List<StatementGroup> repeated, SecretParameters secrets) {
        List<CapturedStatement> statements = new ArrayList<>();
        repeated.forEach(group -> statements.addAll(group.statements()));
        return "Expecting none of " + filter + " to run in more than " + maxRoundTrips
                + (maxRoundTrips == 1 ? " round trip" : " round trips") + " (N+1), but " + repeated.size()
                + (repeated.size() == 1 ? " statement did" : " statements did")
                + "; batch them or fetch in one query:\n" + StatementListing.of(statements, secrets);
    }
}
