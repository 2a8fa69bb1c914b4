package io.github.queuetestkit.sql;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The statements one capture collected, appended from any thread while the capture is active. */
final class CaptureSession {

    private final RecordingListener listener;
    private final TableLookup tables;
    private final DataSource target;
    private final List<CapturedStatement> statements = new ArrayList<>();
    private volatile boolean active;
    private long sequence;
    private long roundTrips;

    CaptureSession(RecordingListener listener, TableLookup tables, DataSource target) {
        this.listener = listener;
        this.tables = tables;
        this.target = target;
    }

    void start() {
        synchronized (this) {
            if (active) {
                return;
            }
            active = true;
        }
        listener.add(this);
    }

    void stop() {
        synchronized (this) {
            if (!active) {
                return;
            }
            active = false;
        }
        listener.remove(this);
    }

    boolean active() {
        return active;
    }

    /**
     * Records the statements of one round trip (several for a Statement batch), numbering them within this
     * capture. One call per round trip, so concurrent threads cannot split a batch.
     */
    synchronized void add(List<String> sqls, CapturedStatement.Via via, List<List<List<BoundParameter>>> parameters,
            int batchSize, long[] rowsAffected, int[] countsMissing, RowCounter rows, long nanos, String thread,
            boolean inTransaction, String failure, long maxRows, int fetchSize, String searchPath) {
        roundTrips++;
        for (int i = 0; i < sqls.size(); i++) {
            CapturedStatement statement = new CapturedStatement(++sequence, roundTrips, sqls.get(i), via,
                    parameters.get(i), batchSize, rowsAffected[i], countsMissing[i], rows, nanos, thread, inTransaction,
                    failure, maxRows, fetchSize, searchPath);
            statement.readTablesWith(tables);
            statements.add(statement);
        }
    }

    synchronized void clear() {
        statements.clear();
    }

    List<CapturedStatement> snapshot() {
        List<CapturedStatement> copy;
        synchronized (this) {
            copy = new ArrayList<>(statements);
        }
        return copy;
    }

    TableLookup tables() {
        return tables;
    }

    /** @return the DataSource the recording one wraps: where captured statements can be planned again */
    DataSource target() {
        return target;
    }
}
