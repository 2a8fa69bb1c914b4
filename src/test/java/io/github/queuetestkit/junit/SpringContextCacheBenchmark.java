package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.spring.app.JobRepository;
import io.github.queuetestkit.spring.app.QueueApplication;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Prints, side by side and from one run, what a test class costs from its start to its end (as JUnit reports it)
 * with the same Flyway template: a plain {@code @PostgresTest} class (the clone alone), a Spring Boot class whose
 * application context comes from Spring's cache (the kit moves it to the class's clone), and one whose context is
 * started and closed for it ({@code @DirtiesContext}). Run with
 * {@code mvn -B test -Pbenchmark -Dtest=SpringContextCacheBenchmark}.
 */
@Tag("benchmark")
@PostgresTest
class SpringContextCacheBenchmark {

    private EngineRuns runs;

    @BeforeEach
    void shareTheServer(PostgresDatabase database) {
        runs = EngineRuns.sharing(database);
    }

    @Test
    void perClassCostWithACachedContextAgainstAContextPerClass() {
        // Warm up: the server, the template, the JIT, and the one cached context.
        runs.run(Plain01TestCase.class, Cached01TestCase.class).testEvents().assertStatistics(s -> s.failed(0));

        List<Double> plain = perClass(runs.run(plainClasses()));
        List<Double> cached = perClass(runs.run(cachedClasses()));
        List<Double> fresh = perClass(runs.run(freshClasses()));

        System.out.printf("%nPer-class cost, %d classes each, one test method using the application's repository%n",
                plain.size());
        System.out.printf("  %-52s %10s %10s%n", "", "median", "p90");
        print("plain @PostgresTest class (clone, no Spring)", plain);
        print("@SpringBootTest, context from Spring's cache", cached);
        print("@SpringBootTest, context started per class", fresh);
        System.out.printf("  cached context against a context per class  %7.1fx faster%n%n",
                percentile(fresh, 50) / percentile(cached, 50));
        assertThat(cached).hasSize(plain.size());
    }

    private static void print(String label, List<Double> values) {
        System.out.printf("  %-52s %7.1f ms %7.1f ms%n", label, percentile(values, 50), percentile(values, 90));
    }

    // From each class's started and finished events: what JUnit spends on the class, callbacks included.
    private static List<Double> perClass(EngineExecutionResults results) {
        results.testEvents().assertStatistics(s -> s.failed(0));
        Map<String, Event> started = new HashMap<>();
        List<Double> durations = new ArrayList<>();
        for (Event event : results.containerEvents().list()) {
            if (event.getTestDescriptor().getSource().filter(ClassSource.class::isInstance).isEmpty()) {
                continue;
            }
            String id = event.getTestDescriptor().getUniqueId().toString();
            if (event.getType() == EventType.STARTED) {
                started.put(id, event);
            } else if (event.getType() == EventType.FINISHED) {
                durations.add(Duration.between(started.get(id).getTimestamp(), event.getTimestamp()).toNanos() / 1e6);
            }
        }
        return durations;
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static Class<?>[] plainClasses() {
        return new Class<?>[] {Plain01TestCase.class, Plain02TestCase.class, Plain03TestCase.class, Plain04TestCase.class, Plain05TestCase.class, Plain06TestCase.class, Plain07TestCase.class, Plain08TestCase.class, Plain09TestCase.class, Plain10TestCase.class};
    }

    private static Class<?>[] cachedClasses() {
        return new Class<?>[] {Cached01TestCase.class, Cached02TestCase.class, Cached03TestCase.class, Cached04TestCase.class, Cached05TestCase.class, Cached06TestCase.class, Cached07TestCase.class, Cached08TestCase.class, Cached09TestCase.class, Cached10TestCase.class};
    }

    private static Class<?>[] freshClasses() {
        return new Class<?>[] {Fresh01TestCase.class, Fresh02TestCase.class, Fresh03TestCase.class, Fresh04TestCase.class, Fresh05TestCase.class, Fresh06TestCase.class, Fresh07TestCase.class, Fresh08TestCase.class, Fresh09TestCase.class, Fresh10TestCase.class};
    }

    @PostgresTest(flyway = "classpath:db/migration")
    abstract static class PlainBase {
        @Test
        void countsJobs(io.github.queuetestkit.postgres.PostgresDatabase database) {
            assertThat(database.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(2);
        }
    }

    @PostgresTest(flyway = "classpath:db/migration")
    @SpringBootTest(classes = QueueApplication.class, properties = {"spring.liquibase.enabled=false",
            "queuetestkit.fixture=benchmark"})
    abstract static class SpringBase {
        @Autowired
        JobRepository jobs;

        @Test
        void countsJobs() {
            assertThat(jobs.count()).isEqualTo(2);
        }
    }

    abstract static class CachedBase extends SpringBase {
    }

    @DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
    abstract static class FreshBase extends SpringBase {
    }

    static class Plain01TestCase extends PlainBase {
    }

    static class Plain02TestCase extends PlainBase {
    }

    static class Plain03TestCase extends PlainBase {
    }

    static class Plain04TestCase extends PlainBase {
    }

    static class Plain05TestCase extends PlainBase {
    }

    static class Plain06TestCase extends PlainBase {
    }

    static class Plain07TestCase extends PlainBase {
    }

    static class Plain08TestCase extends PlainBase {
    }

    static class Plain09TestCase extends PlainBase {
    }

    static class Plain10TestCase extends PlainBase {
    }

    static class Cached01TestCase extends CachedBase {
    }

    static class Cached02TestCase extends CachedBase {
    }

    static class Cached03TestCase extends CachedBase {
    }

    static class Cached04TestCase extends CachedBase {
    }

    static class Cached05TestCase extends CachedBase {
    }

    static class Cached06TestCase extends CachedBase {
    }

    static class Cached07TestCase extends CachedBase {
    }

    static class Cached08TestCase extends CachedBase {
    }

    static class Cached09TestCase extends CachedBase {
    }

    static class Cached10TestCase extends CachedBase {
    }

    static class Fresh01TestCase extends FreshBase {
    }

    static class Fresh02TestCase extends FreshBase {
    }

    static class Fresh03TestCase extends FreshBase {
    }

    static class Fresh04TestCase extends FreshBase {
    }

    static class Fresh05TestCase extends FreshBase {
    }

    static class Fresh06TestCase extends FreshBase {
    }

    static class Fresh07TestCase extends FreshBase {
    }

    static class Fresh08TestCase extends FreshBase {
    }

    static class Fresh09TestCase extends FreshBase {
    }

    static class Fresh10TestCase extends FreshBase {
    }
}
