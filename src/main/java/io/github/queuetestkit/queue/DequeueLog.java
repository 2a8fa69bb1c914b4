package io.github.queuetestkit.queue;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.queue.internal.SqlErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * An ordered, immutable record of dequeues, oldest first. Built by {@link Workers#run(DataSource)}, read from a
 * table with {@link #fromQuery(DataSource, String)}, or recorded by hand with {@link #builder()}.
 *
 * <pre>{@code
 * DequeueLog log = DequeueLog.fromQuery(dataSource,
 *     "SELECT id, user_id, created_at, priority, started_at, worker FROM jobs"
 *         + " WHERE started_at IS NOT NULL ORDER BY started_at, id");
 * assertThatDequeues(log).hasNoDuplicates().isFairPerKey();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DequeueLog implements Iterable<Dequeue> {

    private final List<Dequeue> dequeues;

    private DequeueLog(List<Dequeue> dequeues) {
        this.dequeues = List.copyOf(dequeues);
    }

    /**
     * @param dequeues the dequeues in any order; they are ordered by {@code dequeuedAt}, ties kept as given
     * @return the log
     */
    public static DequeueLog of(List<Dequeue> dequeues) {
        List<Dequeue> sorted = new ArrayList<>(dequeues);
        sorted.sort(Comparator.comparing(Dequeue::dequeuedAt));
        return new DequeueLog(sorted);
    }

    /** @return a builder that records dequeues by hand, in the order given */
    public static Builder builder() {
        return new Builder(List.of());
    }

    /**
     * Reads a log from the rows of a query whose first six columns are, in this order: job id, key, enqueue
     * time, priority, dequeue time, worker. Rows are kept in the query's order, so end it with
     * {@code ORDER BY <dequeue time>, id}. A null worker becomes {@code "?"}, a null priority {@code 0}.
     *
     * @param dataSource where to run the query
     * @param sql the query; a SQL text of the caller's, run as is
     * @return the log
     * @throws InvalidConfigurationException if the query fails (with the server message and position) or has
     *         fewer than six columns
     */
    public static DequeueLog fromQuery(DataSource dataSource, String sql) {
        return fromQuery(dataSource, sql, Columns.positional());
    }

    /**
     * Reads a log from a query, taking each value from the column named in {@code columns}.
     *
     * <pre>{@code
     * DequeueLog.fromQuery(dataSource, "SELECT * FROM jobs WHERE taken_at IS NOT NULL ORDER BY taken_at, id",
     *     DequeueLog.Columns.named("id", "tenant", "created_at", "prio", "taken_at", "taken_by"));
     * }</pre>
     *
     * @param dataSource where to run the query
     * @param sql the query, run as is
     * @param columns which column holds which value
     * @return the log
     * @throws InvalidConfigurationException if the query fails or a named column is missing
     */
    public static DequeueLog fromQuery(DataSource dataSource, String sql, Columns columns) {
        List<Dequeue> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int[] index = columns.resolve(rs, sql);
            while (rs.next()) {
                Job job = new Job(Objects.toString(rs.getObject(index[0])), Objects.toString(rs.getObject(index[1])),
                        instant(rs.getTimestamp(index[2]), sql, "enqueue time"), rs.getInt(index[3]));
                Instant at = instant(rs.getTimestamp(index[4]), sql, "dequeue time");
                String worker = rs.getString(index[5]);
                rows.add(Dequeue.of(job, worker == null ? "?" : worker, at));
            }
        } catch (SQLException e) {
            throw SqlErrors.invalidQuery("Dequeue log query", sql, e);
        }
        return new DequeueLog(rows);
    }

    private static Instant instant(Timestamp timestamp, String sql, String what) {
        if (timestamp == null) {
            throw new InvalidConfigurationException("Dequeue log query returned a null " + what
                    + "; filter those rows out (for example WHERE started_at IS NOT NULL):\n  " + sql);
        }
        return timestamp.toInstant();
    }

    /** @return the dequeues, oldest first */
    public List<Dequeue> dequeues() {
        return dequeues;
    }

    /** @return how many dequeues the log holds */
    public int size() {
        return dequeues.size();
    }

    /** @return the keys in order of first dequeue */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        dequeues.forEach(d -> keys.add(d.job().key()));
        return keys;
    }

    /** @return dequeue counts per key, keys in order of first dequeue */
    public Map<String, Integer> countsPerKey() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        dequeues.forEach(d -> counts.merge(d.job().key(), 1, Integer::sum));
        return counts;
    }

    @Override
    public Iterator<Dequeue> iterator() {
        return dequeues.iterator();
    }

    @Override
    public String toString() {
        return "DequeueLog[" + dequeues.size() + " dequeues, " + keys().size() + " keys]";
    }

    /**
     * Records dequeues by hand, in order. Immutable: every call returns a new builder.
     *
     * <pre>{@code
     * DequeueLog log = DequeueLog.builder()
     *     .dequeue(Job.of(1, "alice", t0), "w1", t0.plusMillis(5))
     *     .dequeue(Job.of(2, "bob", t0), "w2", t0.plusMillis(6))
     *     .build();
     * }</pre>
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final List<Dequeue> dequeues;

        private Builder(List<Dequeue> dequeues) {
            this.dequeues = dequeues;
        }

        /**
         * @param dequeue the next dequeue
         * @return a new builder with it appended
         */
        public Builder dequeue(Dequeue dequeue) {
            List<Dequeue> next = new ArrayList<>(dequeues);
            next.add(dequeue);
            return new Builder(List.copyOf(next));
        }

        /**
         * @param job the job taken
         * @param worker who took it
         * @param dequeuedAt when
         * @return a new builder with it appended
         */
        public Builder dequeue(Job job, String worker, Instant dequeuedAt) {
            return dequeue(Dequeue.of(job, worker, dequeuedAt));
        }

        /** @return the log, in the order recorded */
        public DequeueLog build() {
            return new DequeueLog(dequeues);
        }
    }

    /**
     * Which result column holds which value for {@link #fromQuery(DataSource, String, Columns)}.
     *
     * @param id column of the job id
     * @param key column of the fairness key
     * @param enqueuedAt column of the enqueue time
     * @param priority column of the priority
     * @param dequeuedAt column of the dequeue time
     * @param worker column of the worker's name
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Columns(String id, String key, String enqueuedAt, String priority, String dequeuedAt,
            String worker) {

        /**
         * @param id column of the job id
         * @param key column of the key
         * @param enqueuedAt column of the enqueue time
         * @param priority column of the priority
         * @param dequeuedAt column of the dequeue time
         * @param worker column of the worker's name
         * @return the mapping by column label
         */
        public static Columns named(String id, String key, String enqueuedAt, String priority, String dequeuedAt,
                String worker) {
            return new Columns(id, key, enqueuedAt, priority, dequeuedAt, worker);
        }

        /** @return the mapping that takes the first six columns in order */
        public static Columns positional() {
            return new Columns(null, null, null, null, null, null);
        }

        int[] resolve(ResultSet rs, String sql) throws SQLException {
            int count = rs.getMetaData().getColumnCount();
            String[] names = {id, key, enqueuedAt, priority, dequeuedAt, worker};
            int[] index = new int[6];
            for (int i = 0; i < 6; i++) {
                if (names[i] == null) {
                    if (count < 6) {
                        throw new InvalidConfigurationException("Dequeue log query returns " + count
                                + " columns, needs 6 (id, key, enqueued at, priority, dequeued at, worker):\n  "
                                + sql);
                    }
                    index[i] = i + 1;
                } else {
                    index[i] = find(rs, names[i], sql);
                }
            }
            return index;
        }

        private static int find(ResultSet rs, String name, String sql) throws SQLException {
            int count = rs.getMetaData().getColumnCount();
            List<String> labels = new ArrayList<>();
            for (int c = 1; c <= count; c++) {
                String label = rs.getMetaData().getColumnLabel(c);
                if (label.equalsIgnoreCase(name)) {
                    return c;
                }
                labels.add(label);
            }
            throw new InvalidConfigurationException("Dequeue log query has no column '" + name + "'; its columns are "
                    + labels + ". Fix the column mapping or the query:\n  " + sql);
        }
    }
}
