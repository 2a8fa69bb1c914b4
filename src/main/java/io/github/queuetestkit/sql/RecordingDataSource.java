package io.github.queuetestkit.sql;

import io.github.queuetestkit.base.UnrecordedDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.apiguardian.api.API;

/**
 * A {@link DataSource} that records the statements run through its connections while a capture is active. It
 * changes nothing else: batches, auto-commit, generated keys and {@code unwrap(PGConnection.class)} (for COPY)
 * behave as on the wrapped DataSource. Proxying is datasource-proxy's.
 *
 * <p>Hand it to the code under test (or to the pool the code builds), then capture around the code:
 *
 * <pre>{@code
 * RecordingDataSource recording = RecordingDataSource.wrap(dataSource);
 * JobQueue queue = new JobQueue(recording);
 * CapturedStatements captured = recording.capture(() -> queue.enqueueAll(followUps));
 * assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1);
 * }</pre>
 *
 * <p>Tests in a {@code @PostgresTest} class need none of this: the injected DataSource and Connection already
 * record, and an injected {@link CapturedStatements} holds what the test method ran.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RecordingDataSource implements DataSource {

    /** Code to capture. */
    @FunctionalInterface
    public interface Action {
        /**
         * @throws Exception as the code under test throws
         */
        void run() throws Exception;
    }

    private final DataSource target;
    private final DataSource proxy;
    private final RecordingListener listener;
    private final TableLookup tables;

    private RecordingDataSource(DataSource target) {
        this.target = target;
        this.listener = new RecordingListener();
        this.tables = new TableLookup(target, listener::recorded);
        this.proxy = proxy(target, listener);
    }

    private RecordingDataSource(DataSource target, RecordingListener listener, TableLookup tables) {
        this.target = target;
        this.listener = listener;
        this.tables = tables;
        this.proxy = proxy(target, listener);
    }

    private static DataSource proxy(DataSource target, RecordingListener listener) {
        return ProxyDataSourceBuilder.create("queue-testkit", target)
                .listener(listener)
                .proxyResultSet(listener)
                .buildProxy();
    }

    /**
     * @param target any DataSource, pooled or not
     * @return a recording DataSource over it; nothing is recorded until {@link #start()} or {@link #capture}
     */
    public static RecordingDataSource wrap(DataSource target) {
        Objects.requireNonNull(target, "target DataSource");
        if (target instanceof RecordingDataSource) {
            return (RecordingDataSource) target;
        }
        return new RecordingDataSource(target);
    }

    /**
     * Records a second DataSource of the same database into this one's captures: the kit's Spring support builds
     * the application's pool on one with the application's own driver options, and a test method's
     * {@link CapturedStatements} still holds what the application's beans ran.
     *
     * @param other another DataSource of the database this one wraps
     * @return a recording DataSource over it whose statements go to the captures of this one
     */
    public RecordingDataSource alsoRecording(DataSource other) {
        Objects.requireNonNull(other, "other DataSource");
        return new RecordingDataSource(other, listener, tables);
    }

    /** @return the DataSource this one wraps; statements run through it are not recorded */
    public DataSource target() {
        return target;
    }

    /**
     * Starts a capture: every statement run through this DataSource's connections, from any thread, is added to
     * the returned object until its {@link CapturedStatements#stop()}. Captures may overlap; each sees every
     * statement run while it is active.
     *
     * @return the running capture
     */
    public CapturedStatements start() {
        CapturedStatements captured = newCapture();
        captured.start();
        return captured;
    }

    /**
     * @param action the code to capture
     * @return what it ran through this DataSource, capture stopped
     * @throws Exception as the action throws (the capture is stopped either way)
     */
    public CapturedStatements capture(Action action) throws Exception {
        CapturedStatements captured = start();
        try {
            action.run();
        } finally {
            captured.stop();
        }
        return captured;
    }

    /**
     * @return a capture that records nothing until its {@link CapturedStatements#start()}; the kit's extension
     *         creates one per test method and starts it when the method's body begins
     */
    public CapturedStatements newCapture() {
        return new CapturedStatements(new CaptureSession(listener, tables, target), SecretParameters.none());
    }

    @Override
    public Connection getConnection() throws SQLException {
        return proxy.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return proxy.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface == UnrecordedDataSource.class) {
            // The kit's plan code asks for the unrecorded DataSource this way, so its EXPLAINs are not captured.
            return iface.cast((UnrecordedDataSource) () -> target);
        }
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface == UnrecordedDataSource.class || target.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "RecordingDataSource[" + target + "]";
    }
}
