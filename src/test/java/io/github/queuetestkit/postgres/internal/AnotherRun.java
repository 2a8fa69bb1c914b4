package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.postgres.PostgresDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The main class of a second JVM that a test starts beside its own: it takes a run's lease on the server named by
 * {@code QUEUETESTKIT_JDBC_URL}, creates a class database from a template of its own (so a spare is made too), says
 * what it made on standard output, and then lives until its standard input says {@code END} (a run that ends
 * normally) or it is killed (a run that does not). Driven by {@link OtherJvm}.
 *
 * <p>Arguments: the template step's key (equal keys mean one template), and how long the step takes, in ms.
 */
final class AnotherRun {

    private AnotherRun() {
    }

    public static void main(String[] args) throws Exception {
        String key = args[0];
        long stepMillis = Long.parseLong(args[1]);
        ServerRegistry registry = new ServerRegistry(KitProperties.fromSystem());
        ServerRegistry.Handle handle = registry.obtain(
                new ServerRequest(KitProperties.DEFAULT_IMAGE, "another run", Map.of()));
        System.out.println("RUN " + Integer.toHexString(handle.run().runKey()));
        System.out.flush();
        TemplateRecipe recipe = new TemplateRecipe(List.of(new SlowStep(key, stepMillis)));
        ManagedDatabase database = ClassDatabaseFactory.create(handle, recipe, Map.of(), "AnotherRunTestCase",
                "another run");
        handle.templates().awaitSpares();
        System.out.println("CLASS " + database.name());
        System.out.println("BUILDS " + handle.templates().builds());
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("END")) {
            // Waits for the test to end this run.
        }
        // As the extension does at a class's end, then at the run's end.
        DatabaseAdmin.drop(handle.server(), database.name());
        registry.close();
        System.out.println("CLOSED");
        System.out.flush();
    }

    /** A template step that takes its time, so two JVMs building the same key overlap. */
    private record SlowStep(String key, long millis) implements TemplateStep {

        @Override
        public String describe() {
            return "a slow step";
        }

        @Override
        public void apply(PostgresDatabase database) {
            database.execute("SELECT pg_sleep(" + millis / 1000.0 + ")");
            database.execute("CREATE TABLE built_by_another_run (id int)");
        }
    }
}
