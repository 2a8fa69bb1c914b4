package com.example.springqueue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The application's queue: workers take the most urgent queued job of a queue with FOR UPDATE SKIP LOCKED. */
@Repository
public class JobQueueRepository {

    /** Higher priority first, then oldest run_at; served by jobs_dequeue (queue, priority DESC, run_at) WHERE state = 'queued'. */
    static final String DEQUEUE = """
            UPDATE jobs SET state = 'running', locked_at = ?, locked_by = ?
             WHERE id = (SELECT id FROM jobs
                          WHERE queue = ? AND state = 'queued' AND run_at <= ?
                          ORDER BY priority DESC, run_at
                          LIMIT 1
                          FOR UPDATE SKIP LOCKED)
            RETURNING id, tenant_id, run_at, priority""";

    /** A job to enqueue. */
    public record NewJob(String queue, String kind, long tenantId, int priority) {
    }

    /** A job a worker took. */
    public record Taken(long id, long tenantId, Instant runAt, int priority) {
    }

    private final JdbcTemplate jdbc;

    public JobQueueRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Enqueues jobs in one JDBC batch. */
    public void enqueueAll(List<NewJob> jobs) {
        jdbc.batchUpdate("INSERT INTO jobs (queue, kind, tenant_id, priority) VALUES (?, ?, ?, ?)", jobs, 100,
                (statement, job) -> {
                    statement.setString(1, job.queue());
                    statement.setString(2, job.kind());
                    statement.setLong(3, job.tenantId());
                    statement.setInt(4, job.priority());
                });
    }

    /**
     * Takes the next runnable job of a queue.
     *
     * @param queue the queue
     * @param worker the worker's name, recorded in locked_by
     * @param now the clock
     * @return the job, or empty when nothing is runnable
     */
    public Optional<Taken> dequeue(String queue, String worker, Instant now) {
        return jdbc.query(DEQUEUE, (rs, row) -> new Taken(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                rs.getInt(4)), Timestamp.from(now), worker, queue, Timestamp.from(now)).stream().findFirst();
    }

    /** @return how many jobs of a queue wait */
    public long depth(String queue) {
        return jdbc.queryForObject("SELECT count(*) FROM jobs WHERE queue = ? AND state = 'queued'", Long.class, queue);
    }
}
