package io.github.queuetestkit.dataset.internal;

/** A compiled generator: the value of one column for one row, from that row's randomness. */
@FunctionalInterface
interface ValueFunction {

    /**
     * @param rng the randomness of (seed, table, column, row), reset for this row
     * @param row the row number, from 0
     * @param row values of earlier columns of the row, by index, for conditions and {@code after}
     * @return a Long, Double, String, Instant, Json or null
     */
    Object apply(Rng rng, long row, Object[] earlier);
}
