package io.github.queuetestkit.queue;

import static org.awaitility.Awaitility.await;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.base.Identifiers;
import io.github.queuetestkit.queue.internal.SqlErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.awaitility.core.ConditionTimeoutException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** One run of {@link Workers}: the threads, their connections, and what they recorded. */
final class WorkerTeam {

    private static final int STACK_FRAMES = 12;
    private static final Duration JOIN = Duration.ofSeconds(10);

    private final Workers config;
    private final DataSource dataSource;
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile boolean arrivalsOver;
    private final AtomicLong taken = new AtomicLong();
    private final ConcurrentLinkedQueue<Dequeue> dequeues = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<InjectedFailure> injected = new ConcurrentLinkedQueue<>();
    /**
     * By job id, when the first attempt to take the job began, until an attempt commits it. One that was rolled back
     * (an injected failure, a deadlock or serialization failure) leaves its start: the job was in flight from then,
     * held by that attempt's worker, and the order rules must not blame a worker that passed over it meanwhile; the
     * committing attempt's logged dequeue starts there.
     */
    private final Map<String, Instant> firstAttempts = new ConcurrentHashMap<>();
    private final AtomicReference<WorkerFailedException> failure = new AtomicReference<>();
    private final List<Member> members = new ArrayList<>();
    /** Backend pid to session name, for the lock-wait sampler and the deadlock's sides. */
    private final Map<Integer, String> sessions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<TransactionConflict> conflicts = new ConcurrentLinkedQueue<>();
    /** When each arrival round had committed, in round order. */
    private final ConcurrentLinkedQueue<Instant> arrivalCommits = new ConcurrentLinkedQueue<>();
    /** Set before the members start, when lock waits are sampled. */
    private LockSampler sampler;
    private static final Pattern PROCESS = Pattern.compile("Process (\\d+)");
    /** How often a worker waiting for a notification looks whether the run is over. */
    private static final Duration NOTIFY_SLICE = Duration.ofMillis(50);

    WorkerTeam(Workers config, DataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.arrivalsOver = config.arrivals() == null;
    }

    WorkersResult run() {
        for (int i = 1; i <= config.workerCount(); i++) {
            members.add(new Member("worker-" + i, i));
        }
        if (config.arrivals() != null) {
            members.add(new Member("arrivals", 0));
        }
        sampler = config.lockSampleInterval() == null ? null
                : new LockSampler(dataSource, config.lockSampleInterval(), sessions);
        if (sampler != null) {
            sampler.start();
        }
        Instant runStart = Instant.now();
        long begin = System.nanoTime();
        members.forEach(Member::start);
        boolean timedOut = false;
        try {
            await("workers to empty the queue").atMost(config.deadline()).pollDelay(Duration.ZERO)
                    .pollInterval(config.pollInterval())
                    .until(() -> failure.get() != null || members.stream().allMatch(m -> m.finished));
        } catch (ConditionTimeoutException e) {
            timedOut = true;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
        List<String> stuck = new ArrayList<>();
        Set<String> held = new HashSet<>();
        if (timedOut) {
            members.stream().filter(m -> !m.finished && m.number > 0).forEach(m -> stuck.add(m.describe()));
            members.stream().filter(m -> !m.finished && m.number > 0).forEach(m -> m.heldJob().ifPresent(held::add));
        }
        stop.set(true);
        members.forEach(Member::cancel);
        members.forEach(Member::join);
        if (sampler != null) {
            sampler.stop();
        }
        WorkerFailedException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
        DequeueLog log = DequeueLog.of(List.copyOf(dequeues)).withConcurrency(config.workerCount());
        List<Job> queued = null;
        if (config.waitingQuery() != null) {
            try {
                queued = DequeueLog.readWaiting("Workers.waitingJobs query", dataSource, config.waitingQuery());
                // A job a worker held when the run stopped was being processed, not waiting; its rollback made
                // it queued again.
                log = log.withWaiting(queued.stream().filter(j -> !held.contains(j.id())).toList(),
                        "the Workers.waitingJobs query:\n  " + config.waitingQuery());
            } catch (InvalidConfigurationException e) {
                // The query is what to fix first; the timeout it kept from being reported rides along.
                if (timedOut) {
                    e.addSuppressed(timeout(log, stuck, null));
                }
                throw e;
            }
        }
        if (timedOut) {
            throw timeout(log, stuck, queued);
        }
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        Contention contention = new Contention(sampler == null ? null : sampler.interval(),
                sampler == null ? 0 : sampler.samples(), sampler == null ? 0 : sampler.endChecks(),
                sampler == null ? List.of() : sampler.waits(),
                conflicts.stream().map(this::withSides).toList(), wakeUps(log, runStart));
        return new WorkersResult(log, elapsed, Latency.of(nanos), List.copyOf(injected), contention);
    }

    /**
     * Each job that arrived during the run, with the commit of the arrival round that enqueued it: the first round
     * that had committed at or after the job's enqueue time.
     */
    private List<WakeUp> wakeUps(DequeueLog log, Instant runStart) {
        List<Instant> commits = List.copyOf(arrivalCommits);
        List<WakeUp> wakeUps = new ArrayList<>();
        if (commits.isEmpty()) {
            return wakeUps;
        }
        for (Dequeue dequeue : log.dequeues()) {
            Instant enqueued = dequeue.job().enqueuedAt();
            if (enqueued.isBefore(runStart)) {
                continue;
            }
            commits.stream().filter(c -> !c.isBefore(enqueued)).findFirst().ifPresent(committed -> wakeUps.add(
                    new WakeUp(dequeue.job(), dequeue.worker(), committed, dequeue.startedAt())));
        }
        return wakeUps;
    }

    /**
     * The server tells the client only which process waited for which ({@code Process 123 waits for ShareLock on
     * transaction 456; blocked by process 789.}); the statements go to the server log. The sampler saw both sides
     * wait (a deadlock is only detected after {@code deadlock_timeout}), so it names their statements.
     */
    private TransactionConflict withSides(TransactionConflict conflict) {
        if (conflict.kind() != TransactionConflict.Kind.DEADLOCK) {
            return conflict;
        }
        List<String> sides = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        Matcher matcher = PROCESS.matcher(conflict.detail());
        while (matcher.find()) {
            int pid = Integer.parseInt(matcher.group(1));
            if (!seen.add(pid)) {
                continue;
            }
            String name = sessions.getOrDefault(pid, "not a harness session");
            String statement = sampler == null ? "statement unknown: add Workers.samplingLockWaits() to see it"
                    : sampler.waitingStatement(pid, conflict.at()).orElse("statement not seen waiting by the sampler");
            sides.add("process " + pid + " (" + name + "): " + statement);
        }
        return new TransactionConflict(conflict.kind(), conflict.worker(), conflict.job(), conflict.sqlState(),
                conflict.message(), conflict.detail(), sides, conflict.at());
    }

    /** @return the deadlock, serialization failure or lock timeout in the chain of causes, or null for any other */
    private static SQLException contention(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && TransactionConflict.Kind.of(sql.getSQLState()) != null) {
                return sql;
            }
        }
        return null;
    }

    /** {@code queued}: the rows of the waiting jobs query, or null without one. */
    private WorkersTimeoutException timeout(DequeueLog log, List<String> stuck, List<Job> queued) {
        Long remaining = null;
        String how;
        if (config.remainingQuery() != null) {
            remaining = queryRemaining();
            how = remaining + " jobs remained (" + config.remainingQuery() + ")";
        } else if (queued != null) {
            remaining = (long) queued.size();
            how = remaining + " jobs remained (" + config.waitingQuery() + ")";
        } else if (config.expectedJobs() >= 0) {
            remaining = config.expectedJobs() - log.size();
            how = remaining + " of " + config.expectedJobs() + " expected jobs remained";
        } else {
            how = "the jobs remaining are unknown (give Workers.remaining(sql), Workers.waitingJobs(sql) or"
                    + " Workers.expecting(n))";
        }
        StringBuilder message = new StringBuilder("Workers did not empty the queue within ")
                .append(config.deadline()).append(": ").append(how).append("; ").append(log.size())
                .append(" dequeued by ").append(config.workerCount()).append(" workers.");
        if (stuck.isEmpty()) {
            message.append("\nNo worker was busy at the deadline.");
        } else {
            message.append("\nWorkers still busy at the deadline:");
            stuck.forEach(s -> message.append("\n  ").append(s));
        }
        message.append("\nRaise Workers.deadline(...) if the queue is just slow, or look for a lock or a dequeue"
                + " that never returns empty.");
        return new WorkersTimeoutException(message.toString(), log, remaining, stuck);
    }

    private long queryRemaining() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(config.remainingQuery())) {
            if (!rs.next()) {
                throw new InvalidConfigurationException(
                        "Workers.remaining query returned no row; it must return one number:\n  "
                                + config.remainingQuery());
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw SqlErrors.invalidQuery("Workers.remaining query", config.remainingQuery(), e);
        }
    }

    private void fail(String worker, Job job, Throwable cause) {
        String where = job == null ? "inside the dequeue function" : "on job " + job.id() + " (key \"" + job.key()
                + "\", priority " + job.priority() + ")";
        if ("arrivals".equals(worker)) {
            where = "in the arrival callback";
        }
        StringBuilder message = new StringBuilder("Worker ").append(worker).append(" failed ").append(where)
                .append(" after ").append(dequeues.size()).append(" committed dequeues: ").append(cause);
        Arrays.stream(cause.getStackTrace()).limit(STACK_FRAMES)
                .forEach(frame -> message.append("\n    at ").append(frame));
        message.append("\nThe other workers were stopped, their transactions rolled back and every connection"
                + " closed. Fix the callback, or expect the exception in the test.");
        if (failure.compareAndSet(null, new WorkerFailedException(message.toString(), worker, job, cause))) {
            stop.set(true);
        }
    }

    /** One thread with its own connection: a worker, or the arrival feeder (number 0). */
    private final class Member implements Runnable {
        private final int number;
        private final Thread thread;
        private volatile String name;
        private volatile Connection connection;
        /** How this member's transactions end with the checks at commit, set at the first end. */
        private LockSampler.SessionEnd ending;
        private volatile String phase = "connecting";
        private volatile Job job;
        private volatile long since = System.nanoTime();
        private volatile boolean finished;

        Member(String name, int number) {
            this.name = name;
            this.number = number;
            this.thread = new Thread(this, "qtk-" + name);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try {
                connection = dataSource.getConnection();
                register();
                if (number == 0) {
                    arrive();
                } else {
                    work();
                }
            } catch (InterruptedException e) {
                // Interrupted only by the harness after stop; the run is already being wound down.
                Thread.currentThread().interrupt();
            } catch (Exception | Error e) {
                if (!stop.get()) {
                    fail(name, job, e);
                }
            } finally {
                close();
                finished = true;
            }
        }

        private void work() throws Exception {
            connection.setAutoCommit(false);
            listen();
            int generation = 1;
            while (!stop.get()) {
                phase = "dequeue";
                job = null;
                since = System.nanoTime();
                Instant startedAt = Instant.now();
                try {
                    Optional<Job> next = config.dequeue().dequeue(connection);
                    long latency = System.nanoTime() - since;
                    if (next == null || next.isEmpty()) {
                        end(true);
                        if (arrivalsOver) {
                            phase = "done";
                            return;
                        }
                        phase = "idle";
                        awaitWork();
                        continue;
                    }
                    job = next.get();
                    // Recorded as the job is taken, not when an attempt fails: the server frees a job as the attempt's
                    // transaction aborts or rolls back, and another worker may take and finish it before this one has
                    // heard of the failure; it must find this attempt's start when it logs the job.
                    firstAttempts.putIfAbsent(job.id(), startedAt);
                    phase = "processing";
                    since = System.nanoTime();
                    if (config.processor() != null) {
                        config.processor().process(connection, job);
                    }
                    if (config.failEvery() > 0 && taken.incrementAndGet() % config.failEvery() == 0) {
                        end(false);
                        closeEnding();
                        connection.close();
                        injected.add(new InjectedFailure(name, job));
                        generation++;
                        name = "worker-" + number + "#" + generation;
                        phase = "connecting";
                        connection = dataSource.getConnection();
                        register();
                        connection.setAutoCommit(false);
                        listen();
                        continue;
                    }
                    if (config.holdEachJob() != null && !config.holdEachJob().isZero()) {
                        Thread.sleep(config.holdEachJob().toMillis(), config.holdEachJob().toNanosPart() % 1_000_000);
                    }
                    end(true);
                    Instant first = firstAttempts.remove(job.id());
                    dequeues.add(new Dequeue(job, name, first != null && first.isBefore(startedAt) ? first : startedAt,
                            Instant.now()));
                    latencies.add(latency);
                } catch (Exception e) {
                    SQLException conflict = contention(e);
                    if (conflict == null || stop.get()) {
                        throw e;
                    }
                    // The server aborted the transaction for contention: record it, roll back and take a job again,
                    // as a queue's retry loop would; the job goes back to the queue with the rollback.
                    connection.rollback();
                    conflicts.add(conflict(conflict));
                }
            }
        }

        /**
         * Commits or rolls back the worker's transaction; with lock waits sampled, the harness first looks who waits
         * on it, in the same round trip, so a wait on this transaction's locks is seen however short. (A transaction
         * the server aborted for contention released its locks at the error and is rolled back plainly.)
         */
        private void end(boolean commit) throws SQLException {
            if (sampler != null && config.checksLockWaitsAtCommit()) {
                if (ending == null) {
                    ending = sampler.endFor(connection);
                }
                ending.end(commit);
            } else if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        }

        private TransactionConflict conflict(SQLException e) {
            String message = e.getMessage();
            String detail = "";
            if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
                ServerErrorMessage server = p.getServerErrorMessage();
                message = server.getMessage();
                detail = server.getDetail() == null ? "" : server.getDetail();
            }
            return new TransactionConflict(TransactionConflict.Kind.of(e.getSQLState()), name, job, e.getSQLState(),
                    message == null ? "" : message, detail, List.of(), Instant.now());
        }

        /**
         * Makes the backend pid known to the sampler and the deadlock report under this session's name; with lock waits
         * sampled, the queue code then gets the connection behind a wrapper that notes what it runs.
         */
        private void register() throws SQLException {
            int pid = LockSampler.backendPid(connection);
            sessions.put(pid, name);
            if (sampler != null) {
                connection = sampler.track(connection, pid);
            }
        }

        /** In notified mode, listens before the first dequeue, so no notification committed after it is lost. */
        private void listen() throws SQLException {
            if (config.notifyChannel() == null) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + Identifiers.quote(config.notifyChannel()));
            }
            connection.commit();
        }

        /** An idle worker's pause: the poll interval, or until a notification or the fallback poll. */
        private void awaitWork() throws SQLException, InterruptedException {
            if (config.notifyChannel() == null) {
                Thread.sleep(config.pollInterval().toMillis());
                return;
            }
            PGConnection listening = connection.unwrap(PGConnection.class);
            long until = System.nanoTime() + config.notifyFallbackPoll().toNanos();
            while (!stop.get() && !arrivalsOver) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                PGNotification[] got = listening.getNotifications((int) Math.max(1, Math.min(left,
                        NOTIFY_SLICE.toMillis())));
                if (got != null && got.length > 0) {
                    return;
                }
            }
        }

        private void arrive() throws Exception {
            connection.setAutoCommit(true);
            phase = "arriving";
            for (int round = 0; !stop.get(); round++) {
                boolean more = config.arrivals().arrive(connection, round);
                // The connection auto-commits, so the round's jobs are committed once the callback returns.
                arrivalCommits.add(Instant.now());
                if (!more) {
                    arrivalsOver = true;
                    return;
                }
                Thread.sleep(config.pollInterval().toMillis());
            }
        }

        /** The job this worker holds uncommitted, if it is processing one. */
        Optional<String> heldJob() {
            Job held = job;
            return "processing".equals(phase) && held != null ? Optional.of(held.id()) : Optional.empty();
        }

        String describe() {
            long ms = (System.nanoTime() - since) / 1_000_000;
            Job held = job;
            return switch (phase) {
                case "processing" -> name + " on job " + held.id() + " (key \"" + held.key() + "\"), processing for "
                        + ms + " ms";
                case "dequeue" -> name + " inside the dequeue function for " + ms + " ms (no job yet)";
                default -> name + " " + phase + " for " + ms + " ms";
            };
        }

        void cancel() {
            Connection open = connection;
            if (finished || open == null) {
                return;
            }
            try {
                // Unblocks a worker waiting on a lock or a long statement, so no connection outlives the run.
                open.unwrap(PGConnection.class).cancelQuery();
            } catch (SQLException e) {
                fail(name, job, e);
            }
            thread.interrupt();
        }

        void join() {
            try {
                thread.join(JOIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void closeEnding() throws SQLException {
            LockSampler.SessionEnd open = ending;
            ending = null;
            if (open != null) {
                open.close();
            }
        }

        private void close() {
            Connection open = connection;
            if (open == null) {
                return;
            }
            try {
                if (!open.isClosed()) {
                    closeEnding();
                    if (!open.getAutoCommit()) {
                        open.rollback();
                    }
                    open.close();
                }
            } catch (SQLException e) {
                WorkerFailedException failed = failure.get();
                if (failed != null) {
                    failed.addSuppressed(e);
                } else {
                    fail(name, job, e);
                }
            }
        }
    }
}
