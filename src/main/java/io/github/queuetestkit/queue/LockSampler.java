package io.github.queuetestkit.queue;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.UnrecordedDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Samples the lock waits of the harness's sessions on a connection of its own, which the queue code never sees:
 * one prepared query over {@code pg_stat_activity}, and {@code pg_locks} and {@code pg_blocking_pids} only for the
 * sessions found waiting, so a sample where nobody waits costs one scan of the activity view. Consecutive samples of
 * the same statement waiting on the same lock make one {@link LockWait}.
 */
final class LockSampler implements Runnable {

    /**
     * Only sessions in a lock wait are joined to their ungranted lock and their blockers; the lateral joins run per
     * waiting row, so the lock table is not read while nobody waits.
     */
    static final String SAMPLE = "SELECT clock_timestamp(), a.pid, coalesce(a.query_start, clock_timestamp()),"
            + " coalesce(a.query, ''), l.locktype, l.relation::regclass::text, l.page, l.tuple,"
            + " l.transactionid::text, l.classid::int8, l.objid::int8, l.objsubid, l.mode, l.virtualxid,"
            + " bp.pid, coalesce(b.query, '')"
            + " FROM pg_stat_activity a"
            + " CROSS JOIN LATERAL (SELECT * FROM pg_locks k WHERE k.pid = a.pid AND NOT k.granted LIMIT 1) l"
            + " LEFT JOIN LATERAL unnest(pg_blocking_pids(a.pid)) bp(pid) ON true"
            + " LEFT JOIN pg_stat_activity b ON b.pid = bp.pid"
            + " WHERE a.wait_event_type = 'Lock' AND a.pid <> pg_backend_pid()";

    private final DataSource dataSource;
    private final Duration interval;
    private final Map<Integer, String> sessions;
    private final Map<String, Draft> waits = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long samples;
    private volatile SQLException failure;

    /**
     * @param dataSource where the sampler gets its own connection (beneath a recording DataSource)
     * @param interval pause between samples
     * @param sessions the harness's sessions, backend pid to name, filled in as they connect
     */
    LockSampler(DataSource dataSource, Duration interval, Map<Integer, String> sessions) {
        this.dataSource = UnrecordedDataSource.beneath(dataSource);
        this.interval = interval;
        this.sessions = sessions;
        this.thread = new Thread(this, "qtk-lock-sampler");
        thread.setDaemon(true);
    }

    /** A lock wait being seen, sample after sample. */
    private static final class Draft {
        private final String waiter;
        private final int pid;
        private final String statement;
        private final String lockType;
        private final String target;
        private final String mode;
        private final Instant statementStart;
        private final Instant firstSeen;
        private Instant lastSeen;
        private final Map<Integer, LockWait.Blocker> blockers = new LinkedHashMap<>();

        Draft(String waiter, int pid, String statement, String lockType, String target, String mode,
                Instant statementStart, Instant seen) {
            this.waiter = waiter;
            this.pid = pid;
            this.statement = statement;
            this.lockType = lockType;
            this.target = target;
            this.mode = mode;
            this.statementStart = statementStart;
            this.firstSeen = seen;
            this.lastSeen = seen;
        }

        LockWait toWait() {
            return new LockWait(waiter, pid, statement, lockType, target, mode, List.copyOf(blockers.values()),
                    statementStart, firstSeen, lastSeen);
        }
    }

    /** Opens the connection (so a failure to connect stops the run before any worker starts) and starts sampling. */
    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement sample = connection.prepareStatement(SAMPLE)) {
            connection.setAutoCommit(true);
            long pause = interval.toNanos();
            while (!stopped) {
                try (ResultSet rs = sample.executeQuery()) {
                    read(rs);
                }
                samples++;
                LockSupport.parkNanos(pause);
            }
        } catch (SQLException e) {
            if (!stopped) {
                failure = e;
            }
        }
    }

    private void read(ResultSet rs) throws SQLException {
        while (rs.next()) {
            int pid = rs.getInt(2);
            String waiter = sessions.get(pid);
            if (waiter == null) {
                continue;
            }
            Instant seen = rs.getTimestamp(1).toInstant();
            Instant statementStart = rs.getTimestamp(3).toInstant();
            String statement = oneLine(rs.getString(4));
            String lockType = rs.getString(5);
            String target = target(rs);
            String mode = rs.getString(13);
            String key = pid + "|" + statementStart + "|" + lockType + "|" + target + "|" + mode;
            Draft draft;
            synchronized (waits) {
                draft = waits.computeIfAbsent(key,
                        k -> new Draft(waiter, pid, statement, lockType, target, mode, statementStart, seen));
                draft.lastSeen = seen;
                int blocker = rs.getInt(15);
                if (!rs.wasNull() && !draft.blockers.containsKey(blocker)) {
                    String name = sessions.getOrDefault(blocker, "pid " + blocker);
                    draft.blockers.put(blocker, new LockWait.Blocker(name, blocker, oneLine(rs.getString(16))));
                }
            }
        }
    }

    /** Names the locked thing as a person reading {@code pg_locks} would. */
    private static String target(ResultSet rs) throws SQLException {
        String lockType = rs.getString(5);
        String relation = rs.getString(6);
        return switch (lockType) {
            case "tuple" -> "tuple (" + rs.getLong(7) + "," + rs.getInt(8) + ") of " + relation;
            case "transactionid" -> "transaction " + rs.getString(9);
            case "relation" -> "relation " + relation;
            case "page" -> "page " + rs.getLong(7) + " of " + relation;
            case "extend" -> "extension of " + relation;
            case "virtualxid" -> "virtual transaction " + rs.getString(14);
            case "advisory" -> rs.getInt(12) == 2
                    ? "advisory (" + rs.getLong(10) + ", " + rs.getLong(11) + ")"
                    : "advisory " + ((rs.getLong(10) << 32) | rs.getLong(11));
            default -> lockType + (relation == null ? "" : " of " + relation);
        };
    }

    private static String oneLine(String sql) {
        return sql == null ? "" : sql.strip().replaceAll("\\s+", " ");
    }

    /**
     * Stops sampling and waits for the last sample to finish.
     *
     * @throws QueueTestkitException if the sampler's connection or query failed
     */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SQLException failed = failure;
        if (failed != null) {
            throw new QueueTestkitException("The lock-wait sampler of Workers.samplingLockWaits() failed: "
                    + failed.getMessage() + " (SQLState " + failed.getSQLState() + "). It needs a connection of its"
                    + " own and may read pg_stat_activity and pg_locks; raise max_connections, or drop"
                    + " Workers.samplingLockWaits().", failed);
        }
    }

    /** @return every wait seen, in the order first seen */
    List<LockWait> waits() {
        synchronized (waits) {
            return waits.values().stream().map(Draft::toWait)
                    .sorted(Comparator.comparing(LockWait::firstSeen)).toList();
        }
    }

    /** @return how many samples were taken */
    long samples() {
        return samples;
    }

    /** @return the pause between samples */
    Duration interval() {
        return interval;
    }

    /**
     * @param pid a backend pid
     * @param at when the statement was waiting, e.g. when a deadlock was reported
     * @return the statement in that session's latest wait that began at or before {@code at}, if the sampler saw one
     */
    Optional<String> waitingStatement(int pid, Instant at) {
        synchronized (waits) {
            return waits.values().stream().filter(d -> d.pid == pid && !d.firstSeen.isAfter(at))
                    .max(Comparator.comparing((Draft d) -> d.firstSeen)).map(d -> d.statement);
        }
    }
}
