package io.github.queuetestkit.queue;

import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A job as a dequeue function returns it: its id, the key it is fair over (user, tenant, queue), when it was
 * enqueued and its priority. A smaller priority number is more urgent (as in River, Oban and Sidekiq
 * weights turned around: {@code 0} beats {@code 1}).
 *
 * <pre>{@code
 * return Optional.of(Job.of(rs.getLong("id"), rs.getString("user_id"),
 *         rs.getTimestamp("created_at").toInstant(), rs.getInt("priority")));
 * }</pre>
 *
 * @param id the job's id as text, so bigint, uuid and text ids all fit; read it with {@code getString} (or
 *        {@code getLong} for a bigint), as the kit reads the ids of waiting jobs
 * @param key the fairness key (user, tenant or queue name), as the text {@code ResultSet.getString} gives: the kit
 *        reads waiting jobs' keys so, and compares keys as text
 * @param enqueuedAt when the job became eligible for dequeue
 * @param priority the job's priority; smaller is more urgent
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Job(String id, String key, Instant enqueuedAt, int priority) {

    /** Checks that nothing is null. */
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    }

    /**
     * @param id a numeric job id
     * @param key the fairness key
     * @param enqueuedAt when the job became eligible
     * @param priority smaller is more urgent
     * @return the job
     */
    public static Job of(long id, String key, Instant enqueuedAt, int priority) {
        return new Job(Long.toString(id), key, enqueuedAt, priority);
    }

    /**
     * @param id a numeric job id
     * @param key the fairness key
     * @param enqueuedAt when the job became eligible
     * @return the job with priority {@code 0}
     */
    public static Job of(long id, String key, Instant enqueuedAt) {
        return of(id, key, enqueuedAt, 0);
    }
}
