package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.base.UnrecordedDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/** Where plans come from: a DataSource (a new connection each time, closed after) or a connection the caller owns. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class PlanSource {

    /** Work done on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param connection an open connection
         * @return the result
         * @throws SQLException from the driver
         */
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Connection connection;

    private PlanSource(DataSource dataSource, Connection connection) {
        this.dataSource = dataSource;
        this.connection = connection;
    }

    /**
     * @param dataSource a DataSource; a recording one is unwrapped so EXPLAINs are not captured as statements
     * @return the source
     */
    public static PlanSource of(DataSource dataSource) {
        java.util.Objects.requireNonNull(dataSource, "dataSource");
        return new PlanSource(UnrecordedDataSource.beneath(dataSource), null);
    }

    /**
     * @param connection a connection the caller keeps open
     * @return the source
     */
    public static PlanSource of(Connection connection) {
        return new PlanSource(null, java.util.Objects.requireNonNull(connection, "connection"));
    }

    /**
     * @param work what to do
     * @param <T> its result
     * @return the result
     * @throws SQLException from the driver
     */
    public <T> T use(Work<T> work) throws SQLException {
        if (connection != null) {
            return work.run(connection);
        }
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }
}
