package io.github.queuetestkit.queue;

import java.time.Duration;
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
}
