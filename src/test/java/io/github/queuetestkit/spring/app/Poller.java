package io.github.queuetestkit.spring.app;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/** Background work as applications start it: a scheduled method that keeps querying the queue. */
public class Poller {

    /** Whether polls query (tests that do not look at the poller keep it quiet). */
    public static volatile boolean enabled;
    /** The databases the polls reached. */
    public static final Set<String> DATABASES = ConcurrentHashMap.newKeySet();
    /** What the polls threw. */
    public static final List<Throwable> FAILURES = new CopyOnWriteArrayList<>();

    private final JdbcTemplate jdbc;

    public Poller(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Scheduled(fixedDelay = 5)
    public void poll() {
        if (!enabled) {
            return;
        }
        try {
            DATABASES.add(jdbc.queryForObject("SELECT current_database() FROM (SELECT count(*) FROM jobs) c",
                    String.class));
        } catch (RuntimeException e) {
            FAILURES.add(e);
            throw e;
        }
    }
}
