package io.github.queuetestkit.junit;

import io.github.queuetestkit.postgres.internal.TemplateCache;
import java.util.List;
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

    @Override
    public void afterAll(ExtensionContext context) {
        TemplateCache templates = PostgresExtension.servers(context)
                .templatesOf(PostgresExtension.database(context));
        READINGS.add(new Reading(templates.builds(), templates.sparesTaken()));
    }
}
