package io.github.queuetestkit.spring.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The application: a queue repository, a poller that keeps querying in the background, Boot's Flyway. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@Import({JobRepository.class, Poller.class})
public class QueueApplication {

    /** How many contexts of this application were started: a cached context starts once. */
    public static final AtomicInteger STARTS = new AtomicInteger();
    /** How many migrations Boot's own Flyway applied at each context start. */
    public static final List<Integer> BOOT_MIGRATIONS = new CopyOnWriteArrayList<>();

    public QueueApplication() {
        STARTS.incrementAndGet();
    }

    @Bean
    FlywayMigrationStrategy recordingMigrationStrategy() {
        return flyway -> BOOT_MIGRATIONS.add(flyway.migrate().migrationsExecuted);
    }
}
