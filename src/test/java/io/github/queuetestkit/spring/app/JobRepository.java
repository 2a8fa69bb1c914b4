package io.github.queuetestkit.spring.app;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** A JdbcTemplate queue as applications write them. */
public class JobRepository {

    private final JdbcTemplate jdbc;

    public JobRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void enqueue(String queue) {
        jdbc.update("INSERT INTO jobs (queue) VALUES (?)", queue);
    }

    public Optional<Long> dequeue(String queue) {
        return jdbc.query("DELETE FROM jobs WHERE id = (SELECT id FROM jobs WHERE queue = ? ORDER BY priority DESC,"
                + " run_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id", (rs, row) -> rs.getLong(1), queue)
                .stream().findFirst();
    }

    public long count() {
        return jdbc.queryForObject("SELECT count(*) FROM jobs", Long.class);
    }

    public String currentDatabase() {
        return jdbc.queryForObject("SELECT current_database()", String.class);
    }
}
