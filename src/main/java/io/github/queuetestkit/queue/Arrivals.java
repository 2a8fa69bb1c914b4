package io.github.queuetestkit.queue;

import java.sql.Connection;
import java.sql.SQLException;
import org.apiguardian.api.API;

/**
 * New jobs arriving while workers run. Called by one extra thread with its own auto-committing connection, once
 * per poll interval, until it returns {@code false}; workers that find the queue empty keep polling until then.
 *
 * <pre>{@code
 * Arrivals tenMore = (conn, round) -> {
 *     try (Statement st = conn.createStatement()) {
 *         st.execute("INSERT INTO jobs (user_id) SELECT 'late' FROM generate_series(1, 10)");
 *     }
 *     return round < 4;
 * };
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Arrivals {

    /**
     * @param connection an auto-committing connection of its own
     * @param round 0 on the first call, then 1, 2, ...
     * @return {@code true} if more jobs may arrive (call again), {@code false} when arrivals are over
     * @throws SQLException if inserting fails; the harness stops all workers and reports it
     */
    boolean arrive(Connection connection, int round) throws SQLException;
}
