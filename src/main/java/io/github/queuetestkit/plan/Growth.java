package io.github.queuetestkit.plan;

import org.apiguardian.api.API;

/**
 * How fast a cost measure (shared buffers, rows examined) may grow as a scale sweep's data grows. Checked from the
 * smallest scale to each larger one: the measure may grow by the bound's factor, times a tolerance of 1.5, plus a
 * slack of 10 units, so that 3 buffers becoming 5 is not "growth" and a B-tree gaining a level passes as constant.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Growth {

    /** The same work at every scale: an index finds the few rows it returns. */
    CONSTANT("constant"),

    /** Work grows with log(rows): descending a B-tree that gains levels. */
    LOGARITHMIC("logarithmic"),

    /** Work grows in proportion to the rows: a scan of a table or of a growing part of it. */
    LINEAR("linear");

    /** How much more than the bound's factor the measure may grow. */
    static final double TOLERANCE = 1.5;

    /** Absolute slack in the measure's units. */
    static final long SLACK = 10;

    private final String label;

    Growth(String label) {
        this.label = label;
    }

    /**
     * @param base the measure at the smallest scale
     * @param baseScale the smallest scale
     * @param scale a larger scale
     * @return the most the measure may be at {@code scale}
     */
    long allowed(long base, long baseScale, long scale) {
        double factor = switch (this) {
            case CONSTANT -> 1.0;
            case LOGARITHMIC -> Math.log(Math.max(scale, 2)) / Math.log(Math.max(baseScale, 2));
            case LINEAR -> (double) scale / baseScale;
        };
        return (long) Math.floor(base * factor * TOLERANCE) + SLACK;
    }

    /** @return the bound in words, e.g. "logarithmic" */
    public String label() {
        return label;
    }
}
