package io.github.queuetestkit.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.internal.JdbcUrls;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * Runs fixture classes through the Jupiter engine, as a build tool would, and reads what failed. Each run is a
 * test run of its own, with its own root store and so its own servers: a run {@link #sharing} the outer test's
 * server is handed it as configuration parameters ({@code queuetestkit.jdbcUrl}, {@code username},
 * {@code password}), as a user names an external server, so it starts no container. A run that needs a server of
 * its own (server settings, an image) says so with {@link #inContainerMode()}.
 */
public final class EngineRuns {

    /** The configuration parameter every run sets, so {@code @FixtureOnly} fixtures run only through here. */
    public static final String FIXTURE = "queuetestkit.fixture";

    private final Map<String, String> configuration;

    private EngineRuns(Map<String, String> configuration) {
        this.configuration = Map.copyOf(configuration);
    }

    /**
     * @param outer a database of the outer run, whose server the nested run uses
     * @return runs on that server
     */
    public static EngineRuns sharing(PostgresDatabase outer) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put(FIXTURE, "true");
        configuration.put("queuetestkit.jdbcUrl", JdbcUrls.withDatabase(outer.jdbcUrl(), "postgres"));
        if (outer.username() != null) {
            configuration.put("queuetestkit.username", outer.username());
        }
        if (outer.password() != null) {
            configuration.put("queuetestkit.password", outer.password());
        }
        return new EngineRuns(configuration);
    }

    /** @return runs that get their servers as a user's run would: a container, unless the environment names one */
    public static EngineRuns inContainerMode() {
        return new EngineRuns(Map.of(FIXTURE, "true"));
    }

    /**
     * @param more configuration parameters to add (or override)
     * @return these runs with them
     */
    public EngineRuns with(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(configuration);
        all.putAll(more);
        return new EngineRuns(all);
    }

    /**
     * @param fixtures the classes to run, in one engine run
     * @return what happened
     */
    public EngineExecutionResults run(Class<?>... fixtures) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(Arrays.stream(fixtures).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
                .execute();
    }

    /** @return the first failure of any container or test, for asserting on its message */
    public static Throwable firstFailure(EngineExecutionResults results) {
        List<Event> finished = results.allEvents().finished().list();
        for (Event event : finished) {
            Optional<Throwable> thrown = event.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable);
            if (event.getType() == EventType.FINISHED && thrown.isPresent()) {
                return thrown.get();
            }
        }
        throw new AssertionError("expected a failure, but every container and test succeeded");
    }
}
