package io.github.queuetestkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints, side by side and from one run: a container's time to first connection, and the cost of a new class
 * database once the server is up, cloned from a template versus built by running the same init script from
 * scratch. Run with {@code mvn -B test -Pbenchmark -Dtest=ClassDatabaseBenchmark}.
 */
@Tag("benchmark")
class ClassDatabaseBenchmark {

    private static final int ROUNDS = 20;

    @Test
    void perClassDatabaseFromTemplateAgainstInitScriptsFromScratch() throws Exception {
        long startedAt = System.nanoTime();
        ContainerServer server = ContainerServer.start(new ServerRequest(KitProperties.DEFAULT_IMAGE,
                "the benchmark", Map.of("application_name", "qtk_benchmark")), false);
        try {
            try (Connection connection = server.connectMaintenance()) {
                assertThat(connection.isValid(5)).isTrue();
            }
            double firstConnectionMs = (System.nanoTime() - startedAt) / 1e6;
            RunLease lease = RunLease.open(server, false, false);
            ServerRegistry.Handle handle = new ServerRegistry.Handle(server, lease, new TemplateCache(lease));
            InitScript script = InitScript.load("db/bench-schema.sql", "the benchmark", getClass().getClassLoader());
            TemplateRecipe recipe = new TemplateRecipe(List.of(script));
            Map<String, String> settings = DatabaseSettings.withPlannerDefaults(Map.of());

            long templateStart = System.nanoTime();
            handle.templates().obtain(server, recipe);
            double templateBuildMs = (System.nanoTime() - templateStart) / 1e6;

            List<Double> cloned = new ArrayList<>();
            List<Double> scratch = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                long t0 = System.nanoTime();
                ManagedDatabase clone = ClassDatabaseFactory.create(handle, recipe, settings, "Bench", "the benchmark");
                cloned.add((System.nanoTime() - t0) / 1e6);
                assertThat(clone.queryForLong("SELECT count(*) FROM t1")).isEqualTo(1000);
                DatabaseAdmin.drop(server, clone.name());

                long t1 = System.nanoTime();
                String freshName = "qtk_bench_scratch_" + round;
                DatabaseAdmin.create(server, freshName, "template1");
                DatabaseSettings.apply(server, freshName, settings, "the benchmark");
                ManagedDatabase fresh = new ManagedDatabase(server, freshName);
                script.apply(fresh);
                scratch.add((System.nanoTime() - t1) / 1e6);

                long t2 = System.nanoTime();
                String directName = "qtk_bench_direct_" + round;
                DatabaseAdmin.create(server, directName, handle.templates().obtain(server, recipe));
                DatabaseSettings.apply(server, directName, settings, "the benchmark");
                direct.add((System.nanoTime() - t2) / 1e6);
                DatabaseAdmin.drop(server, directName);
                assertThat(fresh.queryForLong("SELECT count(*) FROM t1")).isEqualTo(1000);
                DatabaseAdmin.drop(server, fresh.name());
            }
            System.out.printf("%nPer-class database, %d rounds each, same server (%s)%n", ROUNDS, server.describe());
            System.out.printf("  container start to first connection     %8.0f ms%n", firstConnectionMs);
            System.out.printf("  template build (once per recipe)        %8.1f ms%n", templateBuildMs);
            System.out.printf("  %-40s %10s %10s%n", "", "median", "p90");
            System.out.printf("  %-40s %7.1f ms %7.1f ms%n", "class database as a class waits for it",
                    percentile(cloned, 50), percentile(cloned, 90));
            System.out.printf("  %-40s %7.1f ms %7.1f ms%n", "  of which the server's clone itself",
                    percentile(direct, 50), percentile(direct, 90));
            System.out.printf("  %-40s %7.1f ms %7.1f ms%n", "new database + init script from scratch",
                    percentile(scratch, 50), percentile(scratch, 90));
            System.out.printf("  speed-up                                 %7.1fx%n%n",
                    percentile(scratch, 50) / percentile(cloned, 50));
            System.out.printf("  spare clones taken                        %d of %d%n%n", handle.templates().sparesTaken(),
                    ROUNDS);
        } finally {
            server.close();
        }
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
