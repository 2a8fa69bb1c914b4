package io.github.queuetestkit.dataset;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Queue-like churn applied to one table after it is loaded, so dead tuples and the visibility map look like those of
 * a busy queue table rather than a freshly copied one: a fraction of the rows has its state column updated (each
 * update leaves a dead row version behind), then a fraction of the finished rows is deleted. Immutable.
 *
 * <p>How it runs: autovacuum is switched off for the table ({@code autovacuum_enabled = false}, so nothing cleans
 * up behind the test's back and the result is the same on every run), the table is vacuumed once (as autovacuum
 * would have left it before the busy period), then the updates and deletes run, then {@code ANALYZE} (never
 * {@code VACUUM}). Rows are chosen by a hash of the whole row and the dataset's seed, so the same rows churn on
 * every load.
 *
 * <pre>{@code
 * DatasetSpec.named("jobs").withScale(50_000)
 *         .withChurn(Churn.of("jobs", "state", "done").withUpdates(0.3).withDeletes(0.5).withFinished("done", "failed"))
 *         .load(dataSource);
 * }</pre>
 *
 * @param table the table to churn, one of the dataset's tables
 * @param column its state column
 * @param to the value the updated rows get, e.g. {@code done}
 * @param updates the fraction (0..1) of rows, among those not already at {@code to}, whose state is updated
 * @param finished the states that count as finished, which the deletes pick from
 * @param deletes the fraction (0..1) of finished rows deleted after the updates
 * @param origin where a parsed definition declared it (file:line:column), for messages; null in code
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Churn(String table, String column, String to, double updates, List<String> finished, double deletes,
        String origin) {

    /** Checks the fractions and copies the list. */
    public Churn {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(to, "to");
        finished = List.copyOf(finished);
        requireFraction("updates", updates);
        requireFraction("deletes", deletes);
        if (finished.isEmpty()) {
            throw new IllegalArgumentException("expected at least one finished state for the deletes of churn on "
                    + table);
        }
    }

    /**
     * @param table the table
     * @param column its state column
     * @param to the state updated rows get
     * @return churn updating 10% of the rows to {@code to} and deleting none; {@code to} counts as finished
     */
    public static Churn of(String table, String column, String to) {
        return new Churn(table, column, to, 0.1, List.of(to), 0, null);
    }

    /** @param fraction share of rows (0..1) whose state is updated @return a copy */
    public Churn withUpdates(double fraction) {
        return new Churn(table, column, to, fraction, finished, deletes, origin);
    }

    /** @param fraction share of finished rows (0..1) deleted after the updates @return a copy */
    public Churn withDeletes(double fraction) {
        return new Churn(table, column, to, updates, finished, fraction, origin);
    }

    /** @param states the states that count as finished (default: {@code to}) @return a copy */
    public Churn withFinished(String... states) {
        return new Churn(table, column, to, updates, List.of(states), deletes, origin);
    }

    /** @param where file:line:column of the definition @return a copy that names it in messages */
    public Churn withOrigin(String where) {
        return new Churn(table, column, to, updates, finished, deletes, where);
    }

    /** @return e.g. {@code jobs.state -> done on 30% of rows, 50% of (done, failed) deleted} */
    public String describe() {
        return table + "." + column + " -> " + to + " on " + percent(updates) + " of rows, " + percent(deletes) + " of ("
                + String.join(", ", finished) + ") deleted";
    }

    private static String percent(double fraction) {
        double p = fraction * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.2f", p)) + "%";
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("expected '" + name + "' to be a fraction between 0 and 1, found "
                    + value);
        }
    }
}
