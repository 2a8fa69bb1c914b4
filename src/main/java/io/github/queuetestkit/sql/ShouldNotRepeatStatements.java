package io.github.queuetestkit.sql;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Wording of {@link StatementsAssert#hasNoNPlusOne(int)}. */
final class ShouldNotRepeatStatements extends BasicErrorMessageFactory {

    private ShouldNotRepeatStatements(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldNotRepeatStatements create(int maxRoundTrips, String filter, List<StatementGroup> repeated, SecretParameters secrets) {
        List<CapturedStatement> statements = new ArrayList<>();
        repeated.forEach(group -> statements.addAll(group.statements()));
        return new ShouldNotRepeatStatements("Expecting none of " + filter + " to run in more than " + maxRoundTrips
                + (maxRoundTrips == 1 ? " round trip" : " round trips") + " (N+1), but " + repeated.size()
                + (repeated.size() == 1 ? " statement did" : " statements did")
                + "; batch them or fetch in one query:\n" + StatementListing.of(statements, secrets));
    }
}
