package io.github.queuetestkit.queue;

import io.github.queuetestkit.sql.CapturedStatement;
import io.github.queuetestkit.sql.SecretParameters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Failure wording of the enqueue assertions: what was expected of which jobs, and what was seen. */
final class ShouldHaveJobs extends BasicErrorMessageFactory {

    private ShouldHaveJobs(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldHaveJobs create(Jobs jobs, String expectation, String seen) {
        return new ShouldHaveJobs("\nExpecting " + jobs.describe() + " to " + expectation + ",\nbut " + seen + ".");
    }

    static ShouldHaveJobs eventually(Jobs jobs, Duration waited, String expectation, String seen) {
        return new ShouldHaveJobs("\nWaited " + waited + " for " + jobs.describe() + " to " + expectation
                + ",\nbut the last value seen was: " + seen + ".");
    }

    // "At most" holds on no job, so a pass there would prove nothing; and since the check reads the table, an enqueue
    // through a function or trigger would have been seen: no job means nothing was enqueued.
    static ShouldHaveJobs noneMatched(Jobs jobs, String expectation) {
        return new ShouldHaveJobs("\nExpecting " + jobs.describe() + " to " + expectation + ",\nbut no job matched: "
                + noRow(jobs) + nothingEnqueued());
    }

    static ShouldHaveJobs noneMatchedWithin(Jobs jobs, Duration waited, String expectation) {
        return new ShouldHaveJobs("\nWaited " + waited + " for " + jobs.describe() + " to " + expectation
                + ",\nbut no job matched in that time: " + noRow(jobs) + nothingEnqueued());
    }

    private static String noRow(Jobs jobs) {
        return "table \"" + jobs.table() + "\" has no row" + (jobs.filter() == null ? "" : " where " + jobs.filter())
                + ".";
    }

    private static String nothingEnqueued() {
        return " This reads the table, so a job enqueued through a function or trigger is counted all the same:"
                + " nothing was enqueued. An at-most check holds on no job without checking anything; to assert"
                + " that nothing is enqueued, use hasCount(0).";
    }

    // No captured statement inserts into the jobs table, yet a bound above zero was asked: nothing to count.
    static ShouldHaveJobs noEnqueueSeen(Jobs jobs, long roundTrips, long jobsFound,
            Map<CapturedStatement, List<String>> unseen, List<CapturedStatement> captured, SecretParameters secrets) {
        return new ShouldHaveJobs("\nExpecting " + jobs.describe() + " to be enqueued in at most " + roundTrips
                + " round trips,\nbut no captured statement inserts into the table (" + matching(jobsFound)
                + " now), so there is no round trip to count." + whereFrom(jobsFound, unseen, captured, secrets));
    }

    // No captured statement inserts into the jobs table and 0 was asked, but jobs match or a captured statement may
    // have enqueued where its SQL text does not show it: "none" is not proven.
    static ShouldHaveJobs enqueueNotRuledOut(Jobs jobs, long jobsFound, Map<CapturedStatement, List<String>> unseen,
            List<CapturedStatement> captured, SecretParameters secrets) {
        return new ShouldHaveJobs("\nExpecting " + jobs.describe() + " to be enqueued in at most 0 round trips,"
                + "\nbut no captured statement inserts into the table, and that does not prove that nothing was"
                + " enqueued: " + (jobsFound > 0 ? matching(jobsFound) + " now."
                        : "no job matches now, yet one enqueued out of sight may have been dequeued since.")
                + whereFrom(jobsFound, unseen, captured, secrets));
    }

    private static String matching(long jobsFound) {
        return jobsFound == 1 ? "1 job matches" : jobsFound + " jobs match";
    }

    // Where jobs no captured statement inserts can have come from: the statements that may write unseen, else
    // outside the capture.
    private static String whereFrom(long jobsFound, Map<CapturedStatement, List<String>> unseen,
            List<CapturedStatement> captured, SecretParameters secrets) {
        if (!unseen.isEmpty()) {
            return " Captured statements that may write rows their SQL text does not show (" + unseen.size() + "):"
                    + unseenListed(unseen, secrets);
        }
        if (jobsFound > 0) {
            return " No captured statement can write rows its SQL text does not show, so those jobs came from outside"
                    + " the capture: a COPY through CopyManager, another connection or DataSource, or rows there"
                    + " before the code ran (narrow Jobs.where(...) to the jobs the code enqueues). Captured"
                    + " statements (" + captured.size() + "):" + listed(captured, secrets);
        }
        return " No captured statement can write rows its SQL text does not show either. Captured statements ("
                + captured.size() + "):" + listed(captured, secrets);
    }

    // Enqueues were seen, within the bound, but other round trips may have enqueued where their SQL text does not show
    // it, and with them the bound is passed: "at most N" is not proven.
    static ShouldHaveJobs mayHaveEnqueuedUnseen(Jobs jobs, long roundTrips, List<CapturedStatement> enqueuing,
            long seen, Map<CapturedStatement, List<String>> unseen, long more, SecretParameters secrets) {
        return new ShouldHaveJobs("\nExpecting " + jobs.describe() + " to be enqueued in at most " + roundTrips
                + " round trips,\nbut " + seen + (seen == 1 ? " round trip wrote" : " round trips wrote")
                + " to the table and " + more + " more may have, where their SQL text does not show it (" + seen
                + " + " + more + " > " + roundTrips + ").\nWrote to the table:" + listed(enqueuing, secrets)
                + "\nMay have written it:" + unseenListed(unseen, secrets));
    }

    // Each statement that may write unseen with what may write, the first ten, then how to count what they did.
    private static String unseenListed(Map<CapturedStatement, List<String>> unseen, SecretParameters secrets) {
        StringBuilder listed = new StringBuilder();
        unseen.entrySet().stream().limit(10).forEach(statement -> listed.append("\n    ")
                .append(statement.getKey().describe(secrets)).append("  (through ")
                .append(String.join(", ", statement.getValue())).append(')'));
        if (unseen.size() > 10) {
            listed.append("\n    ... and ").append(unseen.size() - 10).append(" more");
        }
        return listed + "\nCount the enqueues of functions, procedures, DO blocks and triggers with the"
                + " server-side view, ServerStatements.snapshot(dataSource) before the code runs and .diff() after"
                + " (README \"Server-side view\"). A rule's INSERT does not show there, only the statement that"
                + " sets the rule off: assert that statement's round trips instead.";
    }

    // One statement a line, raw SQL with parameters (secret ones hidden), the first ten.
    static String listed(List<CapturedStatement> statements, SecretParameters secrets) {
        if (statements.isEmpty()) {
            return "\n    (none)";
        }
        StringBuilder listed = new StringBuilder();
        statements.stream().limit(10).forEach(statement -> listed.append("\n    ")
                .append(statement.describe(secrets)));
        if (statements.size() > 10) {
            listed.append("\n    ... and ").append(statements.size() - 10).append(" more");
        }
        return listed.toString();
    }
}
