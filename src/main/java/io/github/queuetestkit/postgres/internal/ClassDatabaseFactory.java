package io.github.queuetestkit.postgres.internal;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apiguardian.api.API;

/** Creates the database a test class gets: a clone of its template, with its settings applied. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ClassDatabaseFactory {

    private static final int NAME_PART = 36;

    private ClassDatabaseFactory() {
    }

    /**
     * @param handle the server and its templates
     * @param recipe what the class database starts with
     * @param settings per-database settings, defaults included
     * @param owner the test class's name, which the database name echoes for debugging
     * @param origin where the settings came from, for messages
     * @return the new database; the caller drops it
     */
    public static ManagedDatabase create(ServerRegistry.Handle handle, TemplateRecipe recipe,
            Map<String, String> settings, String owner, String origin) {
        PostgresServer server = handle.server();
        String template = handle.templates().obtain(server, recipe);
        String name = databaseName(owner);
        String spareKey = template + " " + settings;
        String spare = handle.templates().takeSpare(spareKey);
        RunLease run = handle.run();
        if (spare == null) {
            make(run, name, template, settings, origin, DatabaseMark.Kind.CLASS);
        } else {
            DatabaseAdmin.rename(server, spare, name);
            run.markClass(name);
        }
        handle.templates().prepareSpare(spareKey,
                spareName -> make(run, spareName, template, settings, origin, DatabaseMark.Kind.SPARE));
        return new ManagedDatabase(server, name);
    }

    private static String make(RunLease run, String name, String template, Map<String, String> settings,
            String origin, DatabaseMark.Kind kind) {
        PostgresServer server = run.server();
        DatabaseAdmin.create(server, name, template);
        try {
            // Marked first, so a run killed from here on leaves a database the next run's cleanup recognizes.
            if (kind == DatabaseMark.Kind.CLASS) {
                run.markClass(name);
            } else {
                run.mark(name, kind);
            }
            DatabaseSettings.apply(server, name, settings, origin);
        } catch (RuntimeException e) {
            DatabaseAdmin.drop(server, name);
            throw e;
        }
        return name;
    }

    static String databaseName(String owner) {
        String simple = owner.substring(owner.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_");
        if (simple.length() > NAME_PART) {
            simple = simple.substring(0, NAME_PART);
        }
        return "qtk_" + simple + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
