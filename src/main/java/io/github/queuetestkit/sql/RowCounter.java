package io.github.queuetestkit.sql;

/**
 * Counts the rows of one statement's result sets: those the code reads, and those the driver received from the
 * server, which a write's {@code RETURNING} makes the rows it changed even when the code reads only the first. Written
 * by the thread that runs the statement and reads its results, read by any.
 */
final class RowCounter {

    private volatile long count;
    private volatile long received;
    private volatile int streaming;

    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    void increment() {
        // Only the thread reading the result set writes, so a plain read-modify-write cannot lose counts.
        count = count + 1;
    }

    /** A result set whose rows the driver received whole: pgjdbc reads every row unless a fetch size is set. */
    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    void receivedWhole(long rows) {
        received = received + rows;
    }

    /**
     * A result set fetched a part at a time (a fetch size), {@code first} rows so far: its size is known only once
     * the code reads it all.
     */
    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    void streaming(long first) {
        streaming = streaming + 1;
        received = received + first;
    }

    /** The code read a streamed result set to its end, {@code rows} rows, of which {@code first} were counted. */
    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    void streamEnded(long rows, long first) {
        streaming = streaming - 1;
        received = received + Math.max(0, rows - first);
    }

    /** @return the rows the code read */
    long count() {
        return count;
    }

    /** @return the rows the driver received (at least), over every result set */
    long received() {
        return received;
    }

    /** @return true when some result set's rest was left on the server, so its size is unknown */
    boolean partlyReceived() {
        return streaming > 0;
    }
}
