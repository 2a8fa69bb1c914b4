package io.github.queuetestkit.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** Runs fixture classes through the Jupiter engine, as a build tool would, and reads what failed. */
final class EngineRuns {

    private EngineRuns() {
    }

    static EngineExecutionResults run(Class<?>... fixtures) {
        return run(Map.of(), fixtures);
    }

    static EngineExecutionResults run(Map<String, String> configuration, Class<?>... fixtures) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(Arrays.stream(fixtures).map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .execute();
    }

    /** @return the first failure of any container or test, for asserting on its message */
    static Throwable firstFailure(EngineExecutionResults results) {
        List<Event> finished = results.allEvents().finished().list();
        for (Event event : finished) {
            Optional<Throwable> thrown = event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable);
            if (event.getType() == EventType.FINISHED && thrown.isPresent()) {
                return thrown.get();
            }
        }
        throw new AssertionError("expected a failure, but every container and test succeeded");
    }
}
