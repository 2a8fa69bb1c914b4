package io.github.queuetestkit.queue;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.UnrecordedDataSource;
import io.github.queuetestkit.queue.internal.LockingClauses;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * Samples the lock waits of the harness's sessions on a connection of its own, which the queue code never sees:
 * a prepared look at which of the harness's sessions wait, and only when one does a prepared query reading
 * {@code pg_locks} and their activity for the sessions found waiting; that query also runs on each worker's session as
 * its transaction ends, so while those ends come more often than the interval the sampler's thread does not look.
 * What each session runs, seen by a wrapper on its connection ({@link SessionActivity}), leaves out what cannot matter:
 * a turn while no statement has run for half the interval, an end while no other session runs a statement whose wait
 * would count, and the full reading of a wait of a statement known to skip locked rows. Consecutive samples of the
 * same statement waiting on the same lock make one {@link LockWait}.
 */
final class LockSampler implements Runnable {

    /**
     * The sessions {@link #SAMPLE} and {@link #WAITERS} look at, bound at each execution: those that may wait on a lock
     * that counts at that moment, as the client knows ({@link SessionActivity}). Calling {@code pg_blocking_pids} for a
     * session takes every partition of the server's lock table at once, so under load the calls for sessions that
     * cannot be waiting were most of what a look cost; bound, not written into the text, because the set changes at
     * every look (the server makes five custom plans per session before its generic one).
     */
    private static final String PIDS = "?::int4[]";

    /** Keeps the sessions that wait on a lock: {@code pg_blocking_pids} is empty for one that does not. */
    private static final String WAITING = " WHERE cardinality(pg_blocking_pids(w.pid)) > 0";

    /**
     * Looks only at some of the harness's own sessions (their pids, see {@link #PIDS}): {@code pg_blocking_pids} of each
     * tells whether it waits on a lock, and only for a waiting one do the sub-selects run that read its ungranted
     * {@code pg_locks} row, its statement and its blockers' statements. So while nobody waits a sample neither reads
     * the lock table nor copies the server's status of every session (which a filter on the sessions' wait events
     * would do, for all {@code max_connections} slots), and its plan has no joins to set up. One row per waiting
     * session: the lock as a text array, the blockers' pids and statements as arrays in the same order. A blocker's
     * statement is null when the blocker is the session sampling (see {@link #endingWith}). The statements are read
     * with the per-session status functions over {@code pg_stat_get_backend_idset()}, not from
     * {@code pg_stat_get_activity}: the server sets up every sub-select at each execution, run or not, and a scan of
     * a function returning 30 columns costs more to set up than one returning integers (the sample took 50 us of the
     * server's time instead of 55-59 us; pgbench, 8 sessions, nobody waiting).
     *
     * <p>A waiting session whose statement, as the client sent it, was known to skip locked rows
     * ({@link SessionActivity}) is not read in full: its row has only the time, the pid and the blockers. Such
     * statements are what waits most in a correct queue (PostgreSQL makes a {@code SKIP LOCKED} dequeue wait when it
     * follows an updated row's chain), their lock decides no verdict, and the full readings, not the look, were most
     * of what the checks at commit cost under load (BENCHMARKS.md). Their statement and its start come from the
     * client (its clock set to the server's, see {@link #clockOffset}).
     */
    static final String SAMPLE = "SELECT clock_timestamp(), w.pid,"
            + " CASE WHEN w.read THEN (SELECT pg_stat_get_backend_activity_start(i) FROM pg_stat_get_backend_idset() i"
            + " WHERE pg_stat_get_backend_pid(i) = w.pid) END,"
            + " CASE WHEN w.read THEN (SELECT pg_stat_get_backend_activity(i) FROM pg_stat_get_backend_idset() i"
            + " WHERE pg_stat_get_backend_pid(i) = w.pid) END,"
            + " CASE WHEN w.read THEN (SELECT ARRAY[l.locktype, l.relation::regclass::text, l.page::text,"
            + " l.tuple::text, l.transactionid::text, l.classid::text, l.objid::text, l.objsubid::text, l.mode,"
            + " l.virtualxid] FROM pg_locks l WHERE l.pid = w.pid AND NOT l.granted LIMIT 1) END,"
            + " pg_blocking_pids(w.pid),"
            + " CASE WHEN w.read THEN ARRAY(SELECT CASE WHEN b.pid = pg_backend_pid() THEN NULL"
            + " ELSE coalesce((SELECT pg_stat_get_backend_activity(i) FROM pg_stat_get_backend_idset() i"
            + " WHERE pg_stat_get_backend_pid(i) = b.pid), '') END"
            + " FROM unnest(pg_blocking_pids(w.pid)) WITH ORDINALITY b(pid, n) ORDER BY b.n) END"
            // The first parameter: the sessions whose statement was known, as the reading was sent, to skip locked
            // rows; their waits are not read in full. The second: the pids, behind a sub-select that first drops the
            // session's copy of the others' status, which the server keeps until the transaction ends: at a worker's
            // commit, the queue code may have read pg_stat_activity earlier in the transaction.
            + " FROM (SELECT p, p <> ALL (?::int4[]) FROM unnest((SELECT " + PIDS + " FROM pg_stat_clear_snapshot()))"
            + " p) w(pid, read)" + WAITING;

    /**
     * The sampler thread's first look at each turn, over the same sessions: which of them wait, and nothing else.
     * Only when one does does it run {@link #SAMPLE}, in a second round trip. A plan without sub-selects costs less
     * to start (each sub-select is set up at every execution, run or not): one look took 45-50 us of the server's
     * time against 60-70 us for the sample (pgbench, 8 sessions, nobody waiting). A wait that ends between the two
     * is dropped, as one that ends between the sample's own readings is.
     */
    static final String WAITERS = "SELECT w.pid FROM unnest(" + PIDS + ") w(pid)" + WAITING;

    /**
     * Binds {@link #SAMPLE}'s parameters.
     *
     * @param pids the sessions to look at
     * @param unread those of them whose waits are not read in full
     */
    static void bindSample(PreparedStatement sample, int[] pids, int[] unread) throws SQLException {
        sample.setArray(1, sample.getConnection().createArrayOf("int4", boxed(unread)));
        sample.setArray(2, sample.getConnection().createArrayOf("int4", boxed(pids)));
    }

    /** Binds {@link #WAITERS}' parameter: the sessions to look at. */
    static void bindWaiters(PreparedStatement waiters, int[] pids) throws SQLException {
        waiters.setArray(1, waiters.getConnection().createArrayOf("int4", boxed(pids)));
    }

    private static Integer[] boxed(int[] pids) {
        return Arrays.stream(pids).boxed().toArray(Integer[]::new);
    }

    /**
     * What a worker's session runs in place of its COMMIT or ROLLBACK when lock waits are sampled, in one round trip:
     * the sample, then the end. Every lock a transaction takes is held until it ends (a server-aborted one releases
     * them at the error), so a wait on it that began before this reading is found however short it is, and read in
     * full: the waiter's statement, its lock, its blockers. Of the shapes measured (BENCHMARKS.md), a savepoint and a
     * check that fails when someone waits, the full reading only then, was no cheaper, and makes the server log an
     * error each time; a check without sub-selects is cheaper but cannot say what a waiter waits on.
     *
     * <p>It reads every wait of the other sessions, not only those on the ending one: a wait on a transaction the
     * queue code commits itself, or on a lock another waiter holds, has no checked end of its own, and is seen while
     * it lasts at whichever worker's end comes first. Reading only the waits on the ending session (and those in line
     * behind them) did the full reading once per wait instead of at every end while it lasted, but showed no gain
     * above the noise (BENCHMARKS.md), so it was not kept. What made the checks cheap instead: not reading in full the
     * waits of statements known to skip locked rows, and not checking at all while no other session runs a statement
     * whose wait would count ({@link SessionEnd#end}).
     *
     * <p>It looks only at the other sessions that may be waiting on a lock that counts (bound, see {@link #PIDS}): the
     * ending one cannot wait while it runs this.
     *
     * @param end {@code COMMIT} or {@code ROLLBACK}
     * @return the check and the end
     */
    static String endingWith(String end) {
        return SAMPLE + "; " + end;
    }

    /** A blocker's statement when it was seen from its own session, at its commit. */
    static final String AT_ITS_COMMIT = "(checked for waiters at its commit; its statements are not visible then)";

    /** A blocker's statement in a wait not read in full, when the blocker ran none as the reading was sent. */
    static final String BETWEEN_STATEMENTS = "(between statements when the wait was seen)";

    /** A blocker's statement in a wait not read in full, when the blocker is not one of the harness's sessions. */
    static final String NOT_READ = "(not read: a session outside the harness)";

    private static final String IN_FAILED_TRANSACTION = "25P02";

    private final DataSource dataSource;
    private final Duration interval;
    private final Map<Integer, String> sessions;
    private final Map<String, Draft> waits = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long samples;
    private final AtomicLong endChecks = new AtomicLong();
    private volatile SQLException failure;
    private final CountDownLatch firstSample = new CountDownLatch(1);
    /**
     * When a recent look at the sessions began ({@link System#nanoTime()}), the sampler's or a worker's end's: the
     * latest, or one begun a moment before it by an end that finished after it, which only wakes the sampler earlier.
     */
    private volatile long lastLook = System.nanoTime();
    private final SessionActivity activity;
    /** What the statements the harness's sessions ran may run, and the keys of their tables, by statement text. */
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();
    /** The server's clock minus the client's, measured as the sampler starts. */
    private volatile Duration clockOffset = Duration.ZERO;

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
        this.activity = new SessionActivity(() -> LockSupport.unpark(thread));
    }

    /**
     * @param connection a harness session's connection
     * @param pid its backend pid
     * @return the connection to hand the queue code: behind a wrapper noting what it runs (see
     *         {@link SessionActivity})
     */
    Connection track(Connection connection, int pid) {
        return activity.track(connection, pid);
    }

    /**
     * @param sql a statement's text as a harness session ran it
     * @return whether the sampler has read it and found that it skips locked rows, so its waits are not read in full
     */
    boolean knownToSkip(String sql) {
        return activity.knownToSkip(sql);
    }

    private static Connection physical(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class)
                && connection.unwrap(PGConnection.class) instanceof Connection physical ? physical : connection;
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
        private List<LockWait.CalledFunction> functions = List.of();
        private Map<String, List<List<String>>> keys = Map.of();

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
                    statementStart, firstSeen, lastSeen, functions, keys);
        }
    }

    /**
     * Starts sampling and waits for the first sample, so that a failure to connect or to read stops the run before
     * any worker starts, and every run, however short, has at least one sample.
     *
     * @throws QueueTestkitException if the sampler's connection or query failed
     */
    void start() {
        thread.start();
        try {
            firstSample.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throwIfFailed();
    }

    @Override
    public void run() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement look = prepared(connection, WAITERS);
                PreparedStatement sample = prepared(connection, SAMPLE)) {
            connection.setAutoCommit(true);
            clockOffset = clockOffset(connection);
            activity.endsCannotWait(!anyDeferred(connection));
            long pause = interval.toNanos();
            boolean first = true;
            while (!stopped) {
                lastLook = System.nanoTime();
                // A session waits on a lock only inside a statement, so none has waited longer than its statement has
                // run: while no statement has run for half the interval, the turn is left out (a wait that lasts one
                // and a half intervals is still seen, as its statement ages).
                Map<Integer, SessionActivity.Running> now = activity.now();
                int[] pids = first ? sessions.keySet().stream().mapToInt(Integer::intValue).toArray()
                        : activity.runningSince(now, sessions.keySet(), Instant.now().minus(interval.dividedBy(2)));
                if (!first && pids.length == 0) {
                    pauseFrom(connection, pause);
                    continue;
                }
                first = false;
                bindWaiters(look, pids);
                boolean waiting;
                try (ResultSet rs = look.executeQuery()) {
                    waiting = rs.next();
                }
                if (waiting) {
                    bindSample(sample, pids, activity.leftUnread(now));
                    try (ResultSet rs = sample.executeQuery()) {
                        read(rs, now, 0);
                    }
                }
                samples++;
                firstSample.countDown();
                pauseFrom(connection, pause);
            }
            readFunctions(connection);
        } catch (SQLException e) {
            // after stop, only reading the functions can fail (the sampling loop is over)
            if (!stopped || e instanceof FunctionsUnread) {
                failure = e;
            }
        } finally {
            firstSample.countDown();
        }
    }

    /**
     * Sleeps until the next turn. A worker's end looks at every other session as the sampler would (the ending one
     * cannot wait while it runs the check): while ends come more often than the interval, the sampler sleeps on,
     * woken only to read a statement text a session ran for the first time.
     */
    private void pauseFrom(Connection connection, long pause) throws FunctionsUnread {
        for (long left = pause; !stopped && left > 0; left = lastLook + pause - System.nanoTime()) {
            if (activity.anyUnread()) {
                readTexts(connection);
            } else {
                LockSupport.parkNanos(left);
            }
        }
    }

    /**
     * Whether the database has a deferrable constraint or constraint trigger: only those make a transaction's end
     * check rows, and so wait on a lock.
     */
    private static boolean anyDeferred(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT FROM pg_constraint WHERE condeferrable)"
                        + " OR EXISTS (SELECT FROM pg_trigger WHERE tgdeferrable)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * The server's clock minus the client's, from the quickest of a few round trips (to within half of it): a wait
     * not read in full has its statement's start from the client, and its duration runs to a sighting on the server's
     * clock.
     */
    private static Duration clockOffset(Connection connection) throws SQLException {
        Duration best = null;
        Duration offset = Duration.ZERO;
        try (PreparedStatement query = connection.prepareStatement("SELECT clock_timestamp()")) {
            for (int i = 0; i < 7; i++) {
                Instant sent = Instant.now();
                Instant server;
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    server = rs.getTimestamp(1).toInstant();
                }
                Duration trip = Duration.between(sent, Instant.now());
                if (best == null || trip.compareTo(best) < 0) {
                    best = trip;
                    offset = Duration.between(sent.plus(trip.dividedBy(2)), server);
                }
            }
        }
        return offset;
    }

    /**
     * Reads, on the sampler's connection, what the statement texts seen since the last turn may run and whether they
     * skip locked rows, so that their later waits need not be read in full.
     */
    private void readTexts(Connection connection) throws FunctionsUnread {
        for (SessionActivity.Text text = activity.nextUnread(); text != null; text = activity.nextUnread()) {
            text.read(reading(connection, text.sql()).skips(text.sql()));
        }
    }

    /**
     * @param rs rows of {@link #SAMPLE}
     * @param now what the sessions ran as the reading was sent (whose skipping ones it did not read in full)
     * @param ending the session reading at its transaction's end, or 0
     */
    private void read(ResultSet rs, Map<Integer, SessionActivity.Running> now, int ending) throws SQLException {
        while (rs.next()) {
            int pid = rs.getInt(2);
            String waiter = sessions.get(pid);
            SessionActivity.Running running = now.get(pid);
            if (waiter != null && running != null && running.leftUnread()) {
                readSkipping(rs, pid, waiter, running, now, ending);
                continue;
            }
            String[] lock = strings(rs.getArray(5));
            if (waiter == null || lock == null) {
                // not a harness session, or its wait ended between the two readings
                continue;
            }
            Instant seen = rs.getTimestamp(1).toInstant();
            Timestamp started = rs.getTimestamp(3);
            Instant statementStart = started == null ? seen : started.toInstant();
            String statement = oneLine(rs.getString(4));
            if (isEndCheck(statement)) {
                // The status was read a moment before the lock: the session ended its transaction with the check in
                // between and now waits in its next statement, which this reading does not have. Its wait is read
                // again, with that statement, at the blocker's end or the next look.
                continue;
            }
            String lockType = lock[0];
            String target = target(lock);
            String mode = lock[8];
            Integer[] blockers = (Integer[]) rs.getArray(6).getArray();
            String[] blockerStatements = strings(rs.getArray(7));
            sighted(new Draft(waiter, pid, statement, lockType, target, mode, statementStart, seen), blockers, i -> {
                // the statements are read a moment after the blockers: a blocker gone by then has none
                String blockerStatement = i < blockerStatements.length ? blockerStatements[i] : "";
                return blockerStatement == null || isEndCheck(blockerStatement) ? AT_ITS_COMMIT
                        : oneLine(blockerStatement);
            });
        }
    }

    /**
     * Records one sighting of a wait: the first makes its draft, each later one moves its last sighting on, and
     * blockers not seen before join it.
     *
     * @param first the draft this sighting would make, seen now (its key: pid, statement start, lock)
     * @param blockerStatement the statement of the blocker at an index of {@code blockers}
     * @return the wait's draft
     */
    private Draft sighted(Draft first, Integer[] blockers, IntFunction<String> blockerStatement) {
        String key = first.pid + "|" + first.statementStart + "|" + first.lockType + "|" + first.target + "|"
                + first.mode;
        synchronized (waits) {
            Draft draft = waits.computeIfAbsent(key, k -> first);
            if (first.lastSeen.isAfter(draft.lastSeen)) {
                draft.lastSeen = first.lastSeen;
            }
            for (int i = 0; i < blockers.length; i++) {
                int blocker = blockers[i];
                if (!draft.blockers.containsKey(blocker)) {
                    draft.blockers.put(blocker, new LockWait.Blocker(sessions.getOrDefault(blocker, "pid " + blocker),
                            blocker, blockerStatement.apply(i)));
                }
            }
            return draft;
        }
    }

    /**
     * A wait of a statement known, as the reading was sent, to skip locked rows: its row has the time, the pid and the
     * blockers, and the rest comes from the client. A statement the session began after the reading was sent and
     * that already waited when the server read it is taken for the one before: the reading does not tell them apart.
     */
    private void readSkipping(ResultSet rs, int pid, String waiter, SessionActivity.Running running,
            Map<Integer, SessionActivity.Running> now, int ending) throws SQLException {
        Instant seen = rs.getTimestamp(1).toInstant();
        Instant statementStart = running.sent().plus(clockOffset);
        Integer[] blockers = (Integer[]) rs.getArray(6).getArray();
        String statement = running.text().sql();
        Draft draft = sighted(new Draft(waiter, pid, statement, "", "", "", statementStart, seen), blockers, i -> {
            SessionActivity.Running its = now.get(blockers[i]);
            return blockers[i] == ending ? AT_ITS_COMMIT : !sessions.containsKey(blockers[i]) ? NOT_READ
                    : its == null ? BETWEEN_STATEMENTS : its.text().sql();
        });
        Reading reading = readings.get(statement);
        if (reading != null) {
            synchronized (waits) {
                draft.functions = reading.functions();
                draft.keys = reading.keys();
            }
        }
    }

    /**
     * The functions of the database's own that a statement may run: those it calls, and the triggers of the tables it
     * names on the events it may fire (of every table when its dynamic SQL writes a table named at run time; names
     * matched without their schema, and an event counted wherever its word
     * appears, so a function or trigger too many can come: mostly that makes a statement read as not skipping, and
     * only a statement that locks and writes nothing itself could read as skipping through one), from
     * {@code pg_proc}.
     */
    static final String FUNCTIONS = "SELECT p.oid::regprocedure::text, l.lanname,"
            + " CASE WHEN p.prosrc = '' THEN pg_get_functiondef(p.oid) ELSE p.prosrc END"
            + " FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang"
            + " WHERE p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)"
            + " AND (p.proname = ANY (?) OR p.oid IN (SELECT t.tgfoid FROM pg_trigger t"
            + " JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND (c.relname = ANY (?) OR ?)"
            + " AND t.tgtype::int4 & ? <> 0))"
            + " ORDER BY 1";

    /** How deep functions calling functions are followed. */
    private static final int FUNCTION_DEPTH = 5;

    /**
     * Reads, once the sampling is over and on the sampler's own connection (never in a worker's transaction), the
     * functions each waiting statement may run, so that a {@code SKIP LOCKED} dequeue inside a function is told from
     * one that queues (see {@link LockWait#waiterSkipsLockedRows()}).
     */
    private void readFunctions(Connection connection) throws FunctionsUnread {
        Map<String, List<Draft>> byStatement = new LinkedHashMap<>();
        synchronized (waits) {
            waits.values().forEach(d -> byStatement.computeIfAbsent(d.statement, k -> new ArrayList<>()).add(d));
        }
        for (Map.Entry<String, List<Draft>> entry : byStatement.entrySet()) {
            Reading reading = reading(connection, entry.getKey());
            synchronized (waits) {
                entry.getValue().forEach(d -> {
                    d.functions = reading.functions();
                    d.keys = reading.keys();
                });
            }
        }
    }

    /**
     * What a statement may run and the keys of the tables it and they name, read once per text on the sampler's
     * connection: as the text is first run by a harness session (see {@link SessionActivity}), or as the run ends.
     */
    private record Reading(List<LockWait.CalledFunction> functions, Map<String, List<List<String>>> keys) {

        /** @return whether the statement takes its row locks only with SKIP LOCKED or NOWAIT (as LockWait reads it) */
        boolean skips(String statement) {
            return LockingClauses.onlySkipOrFailOnLockedRows(statement,
                    functions.stream().filter(LockWait.CalledFunction::isReadable).map(LockWait.CalledFunction::body)
                            .toList(),
                    functions.stream().anyMatch(LockWait.CalledFunction::isUnreadable), keys);
        }
    }

    private Reading reading(Connection connection, String statement) throws FunctionsUnread {
        Reading known = readings.get(statement);
        if (known != null) {
            return known;
        }
        try {
            List<LockWait.CalledFunction> functions = functionsRunBy(connection, statement);
            Set<String> names = new LinkedHashSet<>(LockingClauses.names(statement));
            functions.stream().filter(LockWait.CalledFunction::isReadable)
                    .forEach(f -> names.addAll(LockingClauses.names(f.body())));
            Reading reading = new Reading(functions, uniqueKeys(connection, names));
            readings.put(statement, reading);
            return reading;
        } catch (SQLException e) {
            throw new FunctionsUnread(statement, e);
        }
    }

    /**
     * The unique keys of the tables of some names: the columns of each unique index on plain columns without a
     * {@code WHERE} (the primary key's among them), leaving out an index's {@code INCLUDE} columns.
     */
    static final String UNIQUE_KEYS = "SELECT c.relname::text, c.oid::int8, ARRAY(SELECT a.attname::text"
            + " FROM unnest(i.indkey[0:i.indnkeyatts - 1]) k JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k"
            + " ORDER BY 1)"
            + " FROM pg_class c LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL"
            + " AND i.indexprs IS NULL"
            + " WHERE c.relname = ANY (?) AND c.relkind IN ('r', 'p')"
            + " ORDER BY 1, 2";

    /**
     * @return by table name, the keys every table of that name has (names are matched without their schema, so a
     *     key another table of the same name lacks does not count); names of no table are left out
     */
    private static Map<String, List<List<String>>> uniqueKeys(Connection connection, Set<String> names)
            throws SQLException {
        Map<String, Map<Long, Set<List<String>>>> byTable = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(UNIQUE_KEYS)) {
            query.setArray(1, connection.createArrayOf("text", names.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Set<List<String>> keys = byTable.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getLong(2), k -> new LinkedHashSet<>());
                    List<String> columns = List.of((String[]) rs.getArray(3).getArray());
                    if (!columns.isEmpty()) {
                        keys.add(columns);
                    }
                }
            }
        }
        Map<String, List<List<String>>> keys = new LinkedHashMap<>();
        byTable.forEach((name, tables) -> {
            Set<List<String>> common = new LinkedHashSet<>(tables.values().iterator().next());
            tables.values().forEach(common::retainAll);
            keys.put(name, List.copyOf(common));
        });
        return keys;
    }

    private static List<LockWait.CalledFunction> functionsRunBy(Connection connection, String statement)
            throws SQLException {
        Map<String, LockWait.CalledFunction> found = new LinkedHashMap<>();
        List<String> texts = List.of(statement);
        try (PreparedStatement query = connection.prepareStatement(FUNCTIONS)) {
            for (int depth = 0; depth < FUNCTION_DEPTH && !texts.isEmpty(); depth++) {
                Set<String> called = new LinkedHashSet<>();
                Set<String> names = new LinkedHashSet<>();
                int events = 0;
                boolean anyTable = false;
                for (String text : texts) {
                    called.addAll(LockingClauses.calledNames(text));
                    names.addAll(LockingClauses.names(text));
                    events |= LockingClauses.triggerEvents(text);
                    anyTable |= LockingClauses.writesTableNamedAtRunTime(text);
                }
                query.setArray(1, connection.createArrayOf("text", called.toArray()));
                query.setArray(2, connection.createArrayOf("text", names.toArray()));
                query.setBoolean(3, anyTable);
                query.setInt(4, events);
                List<String> next = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        LockWait.CalledFunction function = new LockWait.CalledFunction(rs.getString(1),
                                rs.getString(2), Objects.requireNonNullElse(rs.getString(3), ""));
                        if (found.putIfAbsent(function.signature(), function) == null && function.isReadable()) {
                            next.add(function.body());
                        }
                    }
                }
                texts = next;
            }
        }
        return List.copyOf(found.values());
    }

    /** Reading the functions a waiting statement may run failed. */
    private static final class FunctionsUnread extends SQLException {
        FunctionsUnread(String statement, SQLException cause) {
            super("reading from pg_proc and pg_index the functions that the waiting statement " + oneLine(statement)
                    + " may run and the keys of the tables it names failed: " + cause.getMessage(), cause.getSQLState(), cause);
        }
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? null : (String[]) array.getArray();
    }

    /**
     * @param worker a worker's connection
     * @return what ends that session's transactions with a look at who waits; close it before the connection
     * @throws SQLException if the connection cannot be unwrapped
     */
    SessionEnd endFor(Connection worker) throws SQLException {
        return new SessionEnd(worker);
    }

    /**
     * Ends one worker session's transactions the way they would end without sampling, reading first, in the same
     * round trip on that session, which sessions wait at that moment. Its statements are prepared once per session:
     * preparing them at each end added about 50 us to each commit, measured on one session.
     */
    final class SessionEnd implements AutoCloseable {
        private final Connection worker;
        private final PreparedStatement commit;
        private final PreparedStatement rollback;
        private final int pid;
        /** the driver's connection beneath the worker's */
        private final Connection session;

        private SessionEnd(Connection worker) throws SQLException {
            this.worker = worker;
            // Beneath any pool or recording proxy: the reading is the harness's, not the queue's, and must not be
            // captured.
            this.session = physical(worker);
            this.pid = backendPid(session);
            this.commit = prepared(session, endingWith("COMMIT"));
            this.rollback = prepared(session, endingWith("ROLLBACK"));
        }

        /**
         * Ends the transaction, with the look at who waits only while another session runs a statement whose wait
         * would count ({@link SessionActivity#anyMayWaitOnALockThatCounts}): with every other session between
         * statements or in one known to skip locked rows, nobody can be waiting on a lock that decides a verdict, and
         * the end is the plain one. A wait that begins after this moment and before the end reaches the server is
         * left to the sampler, as one that begins while the commit runs always was.
         *
         * @param commit whether to commit (else roll back)
         * @throws SQLException as the commit or rollback would throw it
         */
        void end(boolean commit) throws SQLException {
            Map<Integer, SessionActivity.Running> now = activity.now();
            activity.ending(pid);
            try {
                int[] others = activity.mayWaitOnALockThatCounts(now, sessions.keySet(), pid);
                if (others.length > 0) {
                    endChecked(commit, now, others);
                } else if (commit) {
                    session.commit();
                } else {
                    session.rollback();
                }
            } finally {
                activity.ended(pid);
            }
        }

        private void endChecked(boolean commit, Map<Integer, SessionActivity.Running> now, int[] others)
                throws SQLException {
            PreparedStatement statement = commit ? this.commit : rollback;
            long began = System.nanoTime();
            try {
                bindSample(statement, others, new int[0]);
                statement.execute();
                try (ResultSet rs = statement.getResultSet()) {
                    read(rs, now, pid);
                }
            } catch (SQLException e) {
                if (!IN_FAILED_TRANSACTION.equals(e.getSQLState())) {
                    throw e;
                }
                // The queue code went on after an error: the aborted transaction released its locks at the error,
                // so nobody can be waiting on it; it ends as it would have without sampling.
                if (commit) {
                    worker.commit();
                } else {
                    worker.rollback();
                }
                return;
            }
            lastLook = began;
            endChecks.incrementAndGet();
        }

        @Override
        public void close() throws SQLException {
            try {
                commit.close();
            } finally {
                rollback.close();
            }
        }
    }

    /**
     * @return the statement prepared on the server at its first execution, so its plan is made once per session
     */
    private static PreparedStatement prepared(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(1);
        }
        return statement;
    }

    /**
     * @param connection a session, possibly behind a pool or a recording proxy
     * @return its server process's pid, from pgjdbc's connection beneath, else asked of the server
     */
    static int backendPid(Connection connection) throws SQLException {
        if (connection.isWrapperFor(PGConnection.class)) {
            return connection.unwrap(PGConnection.class).getBackendPID();
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Whether a session's statement is the check the harness runs as a worker's transaction ends. */
    private static boolean isEndCheck(String statement) {
        String text = statement.strip();
        // the pids in the text change as sessions join, so it is compared up to them
        return text.startsWith(SAMPLE.substring(0, SAMPLE.indexOf(PIDS)));
    }

    /** Names the locked thing as a person reading {@code pg_locks} would, from the sample's lock array. */
    private static String target(String[] lock) {
        String relation = lock[1];
        return switch (lock[0]) {
            case "tuple" -> "tuple (" + lock[2] + "," + lock[3] + ") of " + relation;
            case "transactionid" -> "transaction " + lock[4];
            case "relation" -> "relation " + relation;
            case "page" -> "page " + lock[2] + " of " + relation;
            case "extend" -> "extension of " + relation;
            case "virtualxid" -> "virtual transaction " + lock[9];
            case "advisory" -> "2".equals(lock[7])
                    ? "advisory (" + lock[5] + ", " + lock[6] + ")"
                    : "advisory " + ((Long.parseLong(lock[5]) << 32) | Long.parseLong(lock[6]));
            default -> lock[0] + (relation == null ? "" : " of " + relation);
        };
    }

    static String oneLine(String sql) {
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
        throwIfFailed();
    }

    private void throwIfFailed() {
        SQLException failed = failure;
        if (failed != null) {
            throw new QueueTestkitException("The lock-wait sampler of Workers.samplingLockWaits() failed: "
                    + failed.getMessage() + " (SQLState " + failed.getSQLState() + "). It needs a connection of its"
                    + " own and reads pg_stat_activity, pg_locks and pg_proc; raise max_connections, or drop"
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

    /** @return how many worker transactions were checked for waiters as they ended */
    long endChecks() {
        return endChecks.get();
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
