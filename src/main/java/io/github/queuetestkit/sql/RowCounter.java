package io.github.queuetestkit.sql;

/** Counts the rows code reads from one statement's result sets; written by one thread, read by any. */
final class RowCounter {

    private volatile long count;

    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    void increment() {
        // Only the thread reading the result set writes, so a plain read-modify-write cannot lose counts.
        count = count + 1;
    }

    long count() {
        return count;
    }
}
