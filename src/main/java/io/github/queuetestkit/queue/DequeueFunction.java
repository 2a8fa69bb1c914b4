package io.github.queuetestkit.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A team's own dequeue: takes one job on the given connection, or returns empty when none is available. The
 * harness opens the transaction (auto-commit off) and commits it after processing, so the function must not
 * commit itself; that is what lets an injected failure roll the dequeue back.
 *
 * <pre>{@code
 * DequeueFunction take = conn -> {
 *     try (PreparedStatement ps = conn.prepareStatement(
 *             "UPDATE jobs SET state = 'running' WHERE id = (SELECT id FROM jobs WHERE state = 'pending'"
 *             + " ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id, user_id, created_at, priority");
 *          ResultSet rs = ps.executeQuery()) {
 *         return rs.next() ? Optional.of(Job.of(rs.getLong(1), rs.getString(2),
 *                 rs.getTimestamp(3).toInstant(), rs.getInt(4))) : Optional.empty();
 *     }
 * };
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface DequeueFunction {

    /**
     * @param connection the worker's own connection, in an open transaction
     * @return the job taken, or empty when the queue has nothing for this worker
     * @throws SQLException if the dequeue fails; the harness stops all workers and reports it
     */
    Optional<Job> dequeue(Connection connection) throws SQLException;
}
