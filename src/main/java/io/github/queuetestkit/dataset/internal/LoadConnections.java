package io.github.queuetestkit.dataset.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The connections of one dataset load, one per thread, opened when first needed and kept until the load ends:
 * a new connection costs a server process and an authentication (12 ms and more), and a load would otherwise open
 * one per table, per thread and per step.
 */
final class LoadConnections implements AutoCloseable {

    private final DataSource dataSource;
    private final Connection[] connections;

    LoadConnections(DataSource dataSource, int size) {
        this.dataSource = dataSource;
        this.connections = new Connection[Math.max(1, size)];
    }

    /** @return how many threads may each hold a connection */
    int size() {
        return connections.length;
    }

    /**
     * @param worker 0 to {@link #size()} - 1; each thread uses its own
     * @return that worker's connection, in auto-commit mode
     */
    Connection get(int worker) throws SQLException {
        synchronized (connections) {
            if (connections[worker] == null || connections[worker].isClosed()) {
                connections[worker] = dataSource.getConnection();
            }
            return connections[worker];
        }
    }

    @Override
    public void close() {
        synchronized (connections) {
            for (Connection connection : connections) {
                if (connection != null) {
                    try {
                        connection.close();
                    } catch (SQLException e) {
                        // closing after the load: the rows are in or the load already failed with its own error
                    }
                }
            }
        }
    }
}
