package io.github.queuetestkit.dataset.internal;

/**
 * SplitMix64 randomness for one (seed, table, column, row): a value depends on nothing else, so adding a
 * column or changing the thread count changes no other value.
 */
final class Rng {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    /** @param base a stream's base, from {@link #stream(long, String...)} @param row the row number */
    public void reset(long base, long row) {
        state = mix(base ^ mix(row * GOLDEN + 0x632BE59BD9B4E019L));
    }

    /** @return the next 64 random bits */
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** @return uniform in [0, 1) */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** @param bound exclusive bound, > 0 @return uniform in [0, bound) */
    public long nextLong(long bound) {
        return Math.floorMod(Long.remainderUnsigned(nextLong(), bound), bound);
    }

    /** @return a standard normal value (Box-Muller; one draw per value keeps values independent of order) */
    public double nextGaussian() {
        double u = 1.0 - nextDouble();
        double v = nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * @param seed the dataset's seed
     * @param names table, column, field... naming the stream
     * @return the base of that stream
     */
    public static long stream(long seed, String... names) {
        long h = mix(seed);
        for (String name : names) {
            for (int i = 0; i < name.length(); i++) {
                h = mix(h ^ name.charAt(i));
            }
            h = mix(h ^ 0xFF);
        }
        return h;
    }

    /** @param z any value @return its SplitMix64 finalisation */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
