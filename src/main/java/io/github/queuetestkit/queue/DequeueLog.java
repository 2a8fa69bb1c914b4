package io.github.queuetestkit.queue;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.queue.internal.SqlErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * An ordered, immutable record of dequeues, oldest first, with the jobs that were still waiting when it ended and
 * how many workers dequeued concurrently. Built by {@link Workers#run(DataSource)}, read from a table with
 * {@link #fromQuery(DataSource, String)}, or recorded by hand with {@link #builder()}.
 *
 * <p><b>Order.</b> However it is made, the log is put in commit order: the dequeues are sorted by
 * {@link Dequeue#dequeuedAt()}, and dequeues with the same time keep the order they were given in (the query's row
 * order, the builder's call order). The rules judge that order, so a log read {@code ORDER BY id}, or with no
 * {@code ORDER BY}, is judged as the queue served it, not as the rows came back.
 *
 * <p><b>Ids and keys</b> are compared as the text {@code ResultSet.getString} gives: that is how
 * {@link #fromQuery(DataSource, String)}, {@link #withWaitingFromQuery(DataSource, String)} and
 * {@link Workers#waitingJobs(String)} read them, so build your {@link Job} with {@code getString} too (or
 * {@code Job.of(rs.getLong(1), ...)} for a bigint id, the same text). {@code getObject().toString()} gives other text
 * for boolean, float, timestamp and interval columns ({@code true} where {@code getString} gives {@code t}), and one
 * key would become two.
 *
 * <p><b>Waiting jobs</b> are jobs that were enqueued but never dequeued by the end of the log. The fairness rules
 * count their keys as eligible and unserved, so a queue that never serves some keys fails them; without waiting
 * jobs a key that was never dequeued is invisible to every rule but {@link DequeueAssert#hasDequeuedEachExactlyOnce}.
 * The harness adds them with {@link Workers#waitingJobs(String)}; a log read from a table or built by hand adds them
 * with {@link #withWaitingFromQuery(DataSource, String)}, {@link #withWaiting(Collection)} or
 * {@link Builder#waiting(Job)}.
 *
 * <p><b>Concurrency</b> is how many workers may have dequeued at the same time: the harness records its worker
 * count; a log read from a table or built by hand has 1 (the rules are exact) unless {@link #withConcurrency(int)}
 * states otherwise. What each rule promises with N workers is in {@link DequeueAssert}.
 *
 * <pre>{@code
 * DequeueLog log = DequeueLog.fromQuery(dataSource,
 *         "SELECT id, user_id, created_at, priority, started_at, worker FROM jobs"
 *             + " WHERE started_at IS NOT NULL ORDER BY started_at, id")
 *     .withWaitingFromQuery(dataSource,
 *         "SELECT id, user_id, created_at, priority FROM jobs WHERE started_at IS NULL")
 *     .withConcurrency(8);
 * assertThatDequeues(log).hasNoDuplicates().isFairPerKey();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DequeueLog implements Iterable<Dequeue> {

    private static final String DEQUEUE_TIME = "dequeue time";
    private static final String WORKER = "worker";

    private final List<Dequeue> dequeues;
    private final List<Job> waiting;
    private final int concurrency;

    private DequeueLog(List<Dequeue> dequeues) {
        this(dequeues, List.of(), 1);
    }

    private DequeueLog(List<Dequeue> dequeues, List<Job> waiting, int concurrency) {
        this.dequeues = List.copyOf(dequeues);
        this.waiting = List.copyOf(waiting);
        this.concurrency = concurrency;
    }

    /**
     * @param dequeues the dequeues in any order; they are ordered by {@code dequeuedAt}, ties kept as given
     * @return the log
     */
    public static DequeueLog of(List<Dequeue> dequeues) {
        return new DequeueLog(inCommitOrder(dequeues));
    }

    // Every rule reads the log as the order the queue served it in; List.sort is stable, so equal commit times keep
    // the order the caller gave them (the only order known between them).
    private static List<Dequeue> inCommitOrder(List<Dequeue> dequeues) {
        List<Dequeue> sorted = new ArrayList<>(dequeues);
        sorted.sort(Comparator.comparing(Dequeue::dequeuedAt));
        return sorted;
    }

    /** @return a builder that records dequeues by hand; {@link Builder#build()} puts them in commit order */
    public static Builder builder() {
        return new Builder(List.of());
    }

    /**
     * Reads a log from the rows of a query whose first six columns are, in this order: job id, key, enqueue
     * time, priority, dequeue time, worker. The dequeues are put in commit order, by dequeue time; rows with the
     * same dequeue time keep the query's order, so {@code ORDER BY <dequeue time>, id} only decides those ties. The id
     * and key are read with {@code ResultSet.getString}, as the documented dequeue reads them. A null worker becomes
     * {@code "?"}, a null priority {@code 0}; a null id, key or time is rejected, and so is a priority with a fraction
     * (1.7), rather than cut to a whole number.
     *
     * @param dataSource where to run the query
     * @param sql the query; a SQL text of the caller's, run as is
     * @return the log
     * @throws InvalidConfigurationException if the query fails (with the server message and position), has fewer
     *         than six columns, or returns a null id, key, enqueue time or dequeue time or a priority that is not a
     *         whole number (naming the column and the row)
     */
    public static DequeueLog fromQuery(DataSource dataSource, String sql) {
        return fromQuery(dataSource, sql, Columns.positional());
    }

    /**
     * Reads a log from a query, taking each value from the column named in {@code columns}; the dequeues are put in
     * commit order as {@link #fromQuery(DataSource, String)} puts them.
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
     * @throws InvalidConfigurationException if the query fails, a named column is missing, or a row has a null id,
     *         key, enqueue time or dequeue time or a priority that is not a whole number
     */
    public static DequeueLog fromQuery(DataSource dataSource, String sql, Columns columns) {
        List<Dequeue> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int[] index = columns.resolve(rs, sql);
            JobRows read = new JobRows("Dequeue log query", sql,
                    "every dequeue needs its id, key, enqueue time and dequeue time", List.of(JobRows.ID, JobRows.KEY,
                            JobRows.ENQUEUE_TIME, JobRows.PRIORITY, DEQUEUE_TIME, WORKER), index);
            for (int row = 1; rs.next(); row++) {
                Job job = new Job(read.text(rs, row, JobRows.ID), read.text(rs, row, JobRows.KEY),
                        read.time(rs, row, JobRows.ENQUEUE_TIME), read.priority(rs, row));
                Instant at = read.time(rs, row, DEQUEUE_TIME);
                String worker = rs.getString(index[5]);
                rows.add(Dequeue.of(job, worker == null ? "?" : worker, at));
            }
        } catch (SQLException e) {
            throw SqlErrors.invalidQuery("Dequeue log query", sql, e);
        }
        return new DequeueLog(inCommitOrder(rows));
    }

    /**
     * Reads a log from two queries: the dequeues, as {@link #fromQuery(DataSource, String)} reads them, and the jobs
     * that were never dequeued, as {@link #withWaitingFromQuery(DataSource, String)} reads them.
     *
     * @param dataSource where to run both queries
     * @param dequeuesSql the dequeues: job id, key, enqueue time, priority, dequeue time, worker
     * @param waitingSql the jobs never dequeued: job id, key, enqueue time, priority
     * @return the log with its waiting jobs
     * @throws InvalidConfigurationException if a query fails, has too few columns, or a waiting job is also among
     *         the dequeues
     */
    public static DequeueLog fromQuery(DataSource dataSource, String dequeuesSql, String waitingSql) {
        return fromQuery(dataSource, dequeuesSql).withWaitingFromQuery(dataSource, waitingSql);
    }

    /**
     * Reads the jobs that were enqueued and never dequeued from a query whose first four columns are, in this
     * order: job id, key, enqueue time (when the job became eligible), priority; a null priority becomes {@code 0}.
     * The id and key are read with {@code ResultSet.getString}, as the documented dequeue reads them, so a waiting
     * job's key is the same key as the dequeued jobs' (for any column type). Select only jobs that no worker took, for
     * example {@code WHERE state = 'queued'} or {@code WHERE started_at IS NULL}.
     *
     * @param what what the query is for, first words of its error messages
     * @param dataSource where to run it
     * @param sql the query, run as is
     * @return the jobs, in the query's order
     * @throws InvalidConfigurationException if the query fails, has fewer than four columns, or a row has a null id,
     *         key or enqueue time or a priority that is not a whole number (naming the column and the row)
     */
    static List<Job> readWaiting(String what, DataSource dataSource, String sql) {
        List<Job> jobs = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int count = rs.getMetaData().getColumnCount();
            if (count < 4) {
                throw new InvalidConfigurationException(what + " returns " + count
                        + " columns, needs 4 (id, key, enqueued at, priority):\n  " + sql);
            }
            JobRows read = new JobRows(what, sql, "every waiting job needs its id, key and enqueue time",
                    List.of(JobRows.ID, JobRows.KEY, JobRows.ENQUEUE_TIME, JobRows.PRIORITY), new int[] {1, 2, 3, 4});
            for (int row = 1; rs.next(); row++) {
                jobs.add(new Job(read.text(rs, row, JobRows.ID), read.text(rs, row, JobRows.KEY),
                        read.time(rs, row, JobRows.ENQUEUE_TIME), read.priority(rs, row)));
            }
        } catch (SQLException e) {
            throw SqlErrors.invalidQuery(what, sql, e);
        }
        return jobs;
    }

    /**
     * Adds the jobs returned by a query as waiting jobs. The first four columns are, in this order: job id, key,
     * enqueue time (when the job became eligible), priority; a null priority becomes {@code 0}. The id and key are
     * read with {@code ResultSet.getString}, as {@link #fromQuery(DataSource, String)} reads them. Select only jobs
     * that no worker took, for example {@code WHERE state = 'queued'} or {@code WHERE started_at IS NULL}.
     *
     * <pre>{@code
     * log.withWaitingFromQuery(dataSource,
     *     "SELECT id, user_id, created_at, priority FROM jobs WHERE state = 'queued'");
     * }</pre>
     *
     * @param dataSource where to run the query
     * @param sql a query whose first four columns are job id, key, enqueue time and priority of every job never
     *        dequeued; the caller's SQL, run as is
     * @return a new log with those jobs added to the waiting ones
     * @throws InvalidConfigurationException if the query fails, has fewer than four columns, returns a null id, key
     *         or enqueue time or a priority that is not a whole number, or returns a job the log shows dequeued
     */
    public DequeueLog withWaitingFromQuery(DataSource dataSource, String sql) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(sql, "sql");
        return withWaiting(readWaiting("Waiting jobs query", dataSource, sql), "the waiting jobs query:\n  " + sql);
    }

    /**
     * @param jobs jobs that were enqueued and never dequeued by the end of the log
     * @return a new log with those jobs added to the waiting ones
     * @throws InvalidConfigurationException if one of them is among the dequeues or already waiting
     */
    public DequeueLog withWaiting(Collection<Job> jobs) {
        return withWaiting(List.copyOf(jobs), "withWaiting");
    }

    /** Adds waiting jobs; {@code source} names where they came from in the error of a contradicting one. */
    DequeueLog withWaiting(List<Job> jobs, String source) {
        Map<String, Integer> dequeued = new HashMap<>();
        for (int i = dequeues.size() - 1; i >= 0; i--) {
            dequeued.put(dequeues.get(i).job().id(), i);
        }
        Set<String> seen = new HashSet<>();
        waiting.forEach(j -> seen.add(j.id()));
        for (Job job : jobs) {
            Integer at = dequeued.get(job.id());
            if (at != null) {
                throw new InvalidConfigurationException("Waiting job " + job.id() + " (key \"" + job.key()
                        + "\") is also dequeued at #" + (at + 1) + " by " + dequeues.get(at).worker()
                        + "; waiting jobs are the ones never dequeued, so select only jobs no worker took (for"
                        + " example WHERE state = 'queued'). From " + source);
            }
            if (!seen.add(job.id())) {
                throw new InvalidConfigurationException("Waiting job " + job.id() + " (key \"" + job.key()
                        + "\") is given twice; each waiting job once. From " + source);
            }
        }
        List<Job> all = new ArrayList<>(waiting);
        all.addAll(jobs);
        return new DequeueLog(dequeues, all, concurrency);
    }

    /**
     * States how many workers dequeued concurrently, so the rules allow what that many workers provably do (see
     * {@link DequeueAssert}). The harness records its worker count itself; 1 means the rules are exact.
     *
     * @param workers how many workers dequeued at the same time, at least 1
     * @return a new log with that concurrency
     * @throws InvalidConfigurationException if {@code workers} is less than 1
     */
    public DequeueLog withConcurrency(int workers) {
        if (workers < 1) {
            throw new InvalidConfigurationException("DequeueLog.withConcurrency(" + workers
                    + "): at least 1 worker dequeued; use 1 for a log with no concurrency");
        }
        return new DequeueLog(dequeues, waiting, workers);
    }

    /** @return the dequeues, oldest first */
    public List<Dequeue> dequeues() {
        return dequeues;
    }

    /** @return the jobs enqueued and never dequeued by the end of the log, in the order given */
    public List<Job> waiting() {
        return waiting;
    }

    /** @return how many workers may have dequeued at the same time; 1 for an exact log */
    public int concurrency() {
        return concurrency;
    }

    /** @return how many dequeues the log holds */
    public int size() {
        return dequeues.size();
    }

    /** @return the keys in order of first dequeue, then the keys that only have waiting jobs */
    public Set<String> keys() {
        return countsPerKey().keySet();
    }

    /**
     * @return dequeue counts per key, keys in order of first dequeue, then the keys that only have waiting jobs
     *         (count 0)
     */
    public Map<String, Integer> countsPerKey() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        dequeues.forEach(d -> counts.merge(d.job().key(), 1, Integer::sum));
        waiting.forEach(j -> counts.putIfAbsent(j.key(), 0));
        return counts;
    }

    /** @return waiting jobs per key, keys in order of first waiting job; empty when nothing waits */
    public Map<String, Integer> waitingPerKey() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        waiting.forEach(j -> counts.merge(j.key(), 1, Integer::sum));
        return counts;
    }

    @Override
    public Iterator<Dequeue> iterator() {
        return dequeues.iterator();
    }

    @Override
    public String toString() {
        return "DequeueLog[" + dequeues.size() + " dequeues, " + keys().size() + " keys"
                + (waiting.isEmpty() ? "" : ", " + waiting.size() + " waiting")
                + (concurrency == 1 ? "" : ", " + concurrency + " concurrent workers") + "]";
    }

    /**
     * Records dequeues by hand and the jobs still waiting at the end; {@link #build()} puts the dequeues in commit
     * order. Immutable: every call returns a new builder.
     *
     * <pre>{@code
     * DequeueLog log = DequeueLog.builder()
     *     .dequeue(Job.of(1, "alice", t0), "w1", t0.plusMillis(5))
     *     .dequeue(Job.of(2, "bob", t0), "w2", t0.plusMillis(6))
     *     .waiting(Job.of(3, "carol", t0))
     *     .build();
     * }</pre>
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final List<Dequeue> dequeues;
        private final List<Job> waiting;

        private Builder(List<Dequeue> dequeues) {
            this(dequeues, List.of());
        }

        private Builder(List<Dequeue> dequeues, List<Job> waiting) {
            this.dequeues = dequeues;
            this.waiting = waiting;
        }

        /**
         * @param dequeue the next dequeue
         * @return a new builder with it appended
         */
        public Builder dequeue(Dequeue dequeue) {
            List<Dequeue> next = new ArrayList<>(dequeues);
            next.add(Objects.requireNonNull(dequeue, "dequeue"));
            return new Builder(List.copyOf(next), waiting);
        }

        /**
         * @param job a job that was enqueued and never dequeued by the end of the log
         * @return a new builder with it added to the waiting jobs
         */
        public Builder waiting(Job job) {
            List<Job> next = new ArrayList<>(waiting);
            next.add(Objects.requireNonNull(job, "job"));
            return new Builder(dequeues, List.copyOf(next));
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

        /**
         * @return the log with concurrency 1, its dequeues in commit order: sorted by {@code dequeuedAt}, those with
         *         the same time in the order recorded
         * @throws InvalidConfigurationException if a waiting job is also among the dequeues or given twice
         */
        public DequeueLog build() {
            return new DequeueLog(inCommitOrder(dequeues)).withWaiting(waiting, "DequeueLog.builder().waiting(...)");
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
