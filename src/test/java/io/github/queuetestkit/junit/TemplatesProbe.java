package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.postgres.internal.TemplateCache;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Reads, after each fixture class, how many templates its run's server has built and how many spare databases it
 * has handed out: the counts live in the run's root store, which a test outside that run cannot reach.
 */
final class TemplatesProbe implements AfterAllCallback {

    /** One reading per fixture class, in the order the classes ran. */
    record Reading(int builds, int sparesTaken) {
    }

    static final List<Reading> READINGS = new CopyOnWriteArrayList<>();

    /**
     * Runs one fixture class that carries this probe, with {@code queuetestkit.reuse} so the run leaves its templates
     * on the server for the next run, as a user's reused server does.
     *
     * @param runs how to run it
     * @param fixture the class, which must pass
     * @return the templates that run built (each engine run has its own servers' registry, so these are its own)
     */
    static int templatesBuiltReusing(EngineRuns runs, Class<?> fixture) {
        READINGS.clear();
        runs.with(Map.of("queuetestkit.reuse", "true")).run(fixture).testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(READINGS).hasSize(1);
        return READINGS.get(0).builds();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TemplateCache templates = PostgresExtension.servers(context)
                .templatesOf(PostgresExtension.database(context));
        READINGS.add(new Reading(templates.builds(), templates.sparesTaken()));
    }
}
