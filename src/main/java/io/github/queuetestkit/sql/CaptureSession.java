package io.github.queuetestkit.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The statements one capture collected, appended from any thread while the capture is active. */
final class CaptureSession {

    private final RecordingListener listener;
    private final TableLookup tables;
    private final List<CapturedStatement> statements = new ArrayList<>();
    private volatile boolean active;

    CaptureSession(RecordingListener listener, TableLookup tables) {
        this.listener = listener;
        this.tables = tables;
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

    synchronized void add(CapturedStatement statement) {
        statements.add(statement);
    }

    synchronized void clear() {
        statements.clear();
    }

    List<CapturedStatement> snapshot() {
        List<CapturedStatement> copy;
        synchronized (this) {
            copy = new ArrayList<>(statements);
        }
        // Threads append in the order they finish; the sequence is the order the statements started to be recorded.
        copy.sort(Comparator.comparingLong(CapturedStatement::sequence));
        return copy;
    }

    TableLookup tables() {
        return tables;
    }
}
