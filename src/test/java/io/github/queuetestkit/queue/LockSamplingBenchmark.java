package io.github.queuetestkit.queue;

import io.github.queuetestkit.junit.PostgresTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * Issue #20: what the lock-wait sampler costs and how often it catches a plain FOR UPDATE queue. Jobs per second with
 * 8 workers on a SKIP LOCKED queue, without sampling, with sampling alone and with sampling and the checks at each
 * commit, in interleaved rounds (medians printed side by side);
 * then the share of short runs of the plain FOR UPDATE queue in which a row-lock wait was seen, sampling every 2 ms
 * and with samples an hour apart (the checks as each worker's transaction ends alone). Figures go to BENCHMARKS.md.
 *
 * <pre>
 * mvn -B test -Pbenchmark -Dtest=LockSamplingBenchmark      # -Drounds=7 -Djobs=4000 -Druns=20 -Dcompleting=true
 * </pre>
 */
@Tag("benchmark")
@PostgresTest
class LockSamplingBenchmark {

    private static final int ROUNDS = Integer.getInteger("rounds", 7);
    private static final int JOBS = Integer.getInteger("jobs", 4000);
    private static final int RUNS = Integer.getInteger("runs", 20);
    /** The interval of the arm besides the default one (10 ms). */
    private static final Duration INTERVAL = Duration.ofMillis(Integer.getInteger("intervalMillis", 2));
    /** Whether each job also runs a completion UPDATE (-Dcompleting=true), a statement not known to skip. */
    private static final boolean COMPLETING = Boolean.getBoolean("completing");

    /**
     * Five arms in each round, in a rotating order: no sampling, sampling alone (the default interval, checks at
     * commit off), the default (sampling every 10 ms and the checks at commit), sampling every 2 ms with the checks, and
     * the checks alone (samples an hour apart). Each arm's rate is compared with the round's unsampled one.
     */
    @Test
    void samplingCostsAtMostTenPercentOfThroughputWithEightWorkers(DataSource dataSource) throws Exception {
        Workers plain = Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(8)
                .deadline(Duration.ofSeconds(120));
        if (COMPLETING) {
            // a second statement per job, one not known to skip locked rows: the ends look while a worker runs it
            plain = plain.processing((connection, job) -> {
                try (PreparedStatement done = connection.prepareStatement(
                        "UPDATE jobs SET worker = 'done' WHERE id = ?")) {
                    done.setLong(1, Long.parseLong(job.id()));
                    done.executeUpdate();
                }
            });
        }
        List<Workers> arms = List.of(plain, plain.samplingLockWaits().checkingLockWaitsAtCommit(false),
                plain.samplingLockWaits(), plain.samplingLockWaitsEvery(INTERVAL),
                plain.samplingLockWaitsEvery(Duration.ofHours(1)));
        List<String> names = List.of("without sampling", "sampling alone (10 ms)", "default: 10 ms and checks",
                "sampling " + INTERVAL.toMillis() + " ms and checks", "checks at commit alone");
        List<List<Double>> rates = arms.stream().map(a -> (List<Double>) new ArrayList<Double>()).toList();
        List<List<Double>> waits = arms.stream().map(a -> (List<Double>) new ArrayList<Double>()).toList();
        List<List<Double>> read = arms.stream().map(a -> (List<Double>) new ArrayList<Double>()).toList();
        List<List<Double>> ratios = arms.stream().map(a -> (List<Double>) new ArrayList<Double>()).toList();
        // one round first, not counted: the server's caches and the JIT warm up
        for (int round = -1; round < ROUNDS; round++) {
            double[] rate = new double[arms.size()];
            for (int k = 0; k < arms.size(); k++) {
                // rotating which arm goes first, so drift on the shared machine hits every arm alike
                int arm = Math.floorMod(round + k, arms.size());
                TestQueues.createJobs(dataSource, 8, JOBS / 8);
                WorkersResult result = arms.get(arm).run(dataSource);
                rate[arm] = result.throughput();
                if (round >= 0 && arm == 0 && round % 4 == 0) {
                    System.out.printf(Locale.ROOT, "  dequeue latency without sampling: p50 %.2f ms, p95 %.2f ms%n",
                            result.latency().p50().toNanos() / 1e6, result.latency().p95().toNanos() / 1e6);
                }
                if (round >= 0) {
                    waits.get(arm).add((double) result.contention().lockWaits().size());
                    read.get(arm).add((double) result.contention().lockWaits().stream().filter(LockWait::isLockRead)
                            .count());
                }
            }
            if (round >= 0) {
                for (int arm = 0; arm < arms.size(); arm++) {
                    rates.get(arm).add(rate[arm]);
                    ratios.get(arm).add(rate[arm] / rate[0]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nLock-wait sampling, 8 workers, %d jobs, %d rounds%s%n", JOBS, ROUNDS,
                COMPLETING ? ", each job completed by an UPDATE" : "");
        for (int arm = 0; arm < arms.size(); arm++) {
            System.out.printf(Locale.ROOT, "  %-31s median %5.0f jobs/s  change %+5.1f%% (median of the rounds'"
                    + " ratios), waits seen per run: median %.0f, read in full %.0f  %s%n", names.get(arm),
                    median(rates.get(arm)), (median(ratios.get(arm)) - 1) * 100, median(waits.get(arm)),
                    median(read.get(arm)), format(rates.get(arm)));
        }
    }

    /**
     * What one turn of the sampler costs when nobody waits (the common case), over the pids of 8 idle sessions
     * standing for the workers: its first look (which sessions wait), and the full sample it runs only when one does
     * (also what each worker's end runs), alternating in blocks. The sampler's share of a core is the look / interval.
     */
    @Test
    void oneSampleCost(DataSource dataSource) throws Exception {
        try (IdleSessions idle = new IdleSessions(dataSource, 8); Connection connection = dataSource.getConnection()) {
            int[] pids = idle.pids;
            long[][] nanos = new long[2][5_000];
            int[] filled = new int[2];
            try (PreparedStatement look = connection.prepareStatement(LockSampler.WAITERS);
                    PreparedStatement sample = connection.prepareStatement(LockSampler.SAMPLE)) {
                LockSampler.bindWaiters(look, pids);
                // no session known to skip locked rows: every waiter would be read in full
                LockSampler.bindSample(sample, pids, new int[0]);
                for (int block = -10; block < 100; block++) {
                    int arm = Math.floorMod(block, 2);
                    for (int i = 0; i < 100; i++) {
                        long begin = System.nanoTime();
                        try (ResultSet rs = (arm == 0 ? look : sample).executeQuery()) {
                            while (rs.next()) {
                                rs.getInt(1);
                            }
                        }
                        if (block >= 0) {
                            nanos[arm][filled[arm]++] = System.nanoTime() - begin;
                        }
                    }
                }
            }
            for (int arm = 0; arm < 2; arm++) {
                long[] sorted = nanos[arm];
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "one lock-wait %s, nobody waiting: median %.0f us, p90 %.0f us"
                        + " (round trip included), %d%n", arm == 0 ? "look" : "sample", sorted[sorted.length / 2] / 1e3,
                        sorted[sorted.length * 9 / 10] / 1e3, sorted.length);
            }
        }
    }

    /**
     * What the check adds to one commit, on one of 8 sessions with nobody waiting: a transaction of one small update,
     * ended by a plain commit or by the harness's check and commit, alternating in blocks, wall time with the round
     * trips.
     */
    @Test
    void oneCommitCost(DataSource dataSource) throws Exception {
        Map<Integer, String> sessions = new ConcurrentHashMap<>();
        LockSampler sampler = new LockSampler(dataSource, Duration.ofHours(1), sessions);
        // seven idle sessions and this one standing for 8 workers, as the check reads them all
        try (IdleSessions idle = new IdleSessions(dataSource, 7); Connection connection = dataSource.getConnection()) {
            for (int i = 0; i < idle.pids.length; i++) {
                sessions.put(idle.pids[i], "worker-" + (i + 2));
            }
            sessions.put(connection.unwrap(PGConnection.class).getBackendPID(), "worker-1");
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS commit_cost (id int PRIMARY KEY, n int)");
                statement.execute("INSERT INTO commit_cost VALUES (1, 0) ON CONFLICT DO NOTHING");
            }
            connection.setAutoCommit(false);
            long[][] nanos = new long[2][4_000];
            int[] filled = new int[2];
            try (PreparedStatement update = connection.prepareStatement("UPDATE commit_cost SET n = n + 1 WHERE id = 1");
                    LockSampler.SessionEnd ending = sampler.endFor(connection)) {
                for (int block = -4; block < 40; block++) {
                    int arm = Math.floorMod(block, 2);
                    for (int i = 0; i < 200; i++) {
                        long begin = System.nanoTime();
                        update.executeUpdate();
                        if (arm == 0) {
                            connection.commit();
                        } else {
                            ending.end(true);
                        }
                        if (block >= 0) {
                            nanos[arm][filled[arm]++] = System.nanoTime() - begin;
                        }
                    }
                }
            }
            for (int arm = 0; arm < 2; arm++) {
                long[] sorted = Arrays.copyOf(nanos[arm], filled[arm]);
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "one transaction (update, %s): median %.0f us, p90 %.0f us, %d%n",
                        arm == 0 ? "commit" : "check and commit", sorted[sorted.length / 2] / 1e3,
                        sorted[sorted.length * 9 / 10] / 1e3, sorted.length);
            }
        }
    }

    /** Without a hold: sampling every 2 ms, then samples an hour apart (the end-of-transaction checks alone). */
    @Test
    void plainForUpdateCatchRate(DataSource dataSource) throws Exception {
        for (Duration interval : List.of(INTERVAL, Duration.ofHours(1))) {
            int caught = 0;
            for (int run = 0; run < RUNS; run++) {
                TestQueues.createJobs(dataSource, 2, 20);
                WorkersResult result = Workers.dequeueWith(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE))
                        .workers(4).samplingLockWaitsEvery(interval).run(dataSource);
                if (result.contention().lockWaits().stream()
                        .anyMatch(w -> w.isRowLock() && w.isBlockedByAnotherWorker())) {
                    caught++;
                }
            }
            System.out.printf(Locale.ROOT, "plain FOR UPDATE, 4 workers, 40 jobs, no hold, sampling every %s:"
                    + " caught in %d of %d runs%n", interval, caught, RUNS);
        }
    }

    /**
     * CPU time per transaction of one small update on one of 8 sessions, of the client thread and of the session's
     * server process, by what ends it: a plain commit, any second statement in the commit's round trip, the look and
     * the commit, the kit's check and the commit (alternating in blocks). The server's time is read from its
     * process's {@code /proc} entry, so only where the server runs on this machine's kernel (a local container);
     * skipped elsewhere.
     */
    @Test
    void endOfTransactionCpu(DataSource dataSource) throws Exception {
        try (IdleSessions idle = new IdleSessions(dataSource, 7); Connection connection = dataSource.getConnection()) {
            int[] others = idle.pids;
            Path server = serverProcess(connection.unwrap(PGConnection.class).getBackendPID());
            Assumptions.assumeTrue(server != null, "the server's process is not on this machine's kernel");
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS commit_cost (id int PRIMARY KEY, n int)");
                statement.execute("INSERT INTO commit_cost VALUES (1, 0) ON CONFLICT DO NOTHING");
            }
            connection.setAutoCommit(false);
            List<String> names = List.of("plain commit", "SELECT 1 WHERE false; COMMIT", "look; COMMIT",
                    "check; COMMIT");
            List<PreparedStatement> ends = new ArrayList<>(Arrays.asList(null, null, null, null));
            List<String> texts = List.of("SELECT 1 WHERE false; COMMIT", LockSampler.WAITERS + "; COMMIT",
                    LockSampler.endingWith("COMMIT"));
            for (int k = 0; k < texts.size(); k++) {
                ends.set(k + 1, connection.prepareStatement(texts.get(k)));
                ends.get(k + 1).unwrap(PGStatement.class).setPrepareThreshold(1);
            }
            LockSampler.bindWaiters(ends.get(2), others);
            LockSampler.bindSample(ends.get(3), others, new int[0]);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] client = new long[ends.size()];
            long[] serverTicks = new long[ends.size()];
            int[] count = new int[ends.size()];
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE commit_cost SET n = n + 1 WHERE id = 1")) {
                for (int block = -ends.size(); block < 150 * ends.size(); block++) {
                    int arm = Math.floorMod(block, ends.size());
                    long clientBefore = threads.getCurrentThreadCpuTime();
                    long serverBefore = ticks(server);
                    for (int i = 0; i < 100; i++) {
                        update.executeUpdate();
                        if (arm == 0) {
                            connection.commit();
                        } else {
                            ends.get(arm).execute();
                        }
                    }
                    if (block >= 0) {
                        client[arm] += threads.getCurrentThreadCpuTime() - clientBefore;
                        serverTicks[arm] += ticks(server) - serverBefore;
                        count[arm] += 100;
                    }
                }
            }
            for (int arm = 0; arm < ends.size(); arm++) {
                // a tick of /proc/<pid>/stat is 10 ms on Linux
                System.out.printf(Locale.ROOT, "one transaction (update, %s): client %.0f us, server %.0f us of CPU,"
                        + " %d%n", names.get(arm), client[arm] / 1e3 / count[arm], serverTicks[arm] * 1e4 / count[arm],
                        count[arm]);
            }
        }
    }

    /** Idle sessions standing for the workers whose pids a statement looks at, closed together. */
    private static final class IdleSessions implements AutoCloseable {
        private final List<Connection> connections = new ArrayList<>();
        private final int[] pids;

        IdleSessions(DataSource dataSource, int count) throws SQLException {
            pids = new int[count];
            try {
                for (int i = 0; i < count; i++) {
                    connections.add(dataSource.getConnection());
                    pids[i] = LockSampler.backendPid(connections.get(i));
                }
            } catch (SQLException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() throws SQLException {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    /** @return the {@code /proc} entry of the server process whose pid in its own namespace is this, if visible */
    private static Path serverProcess(int backendPid) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.filter(e -> e.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    for (String line : Files.readAllLines(entry.resolve("status"))) {
                        String[] pids = line.startsWith("NSpid:") ? line.substring(6).trim().split("\\s+") : null;
                        if (pids != null && pids[pids.length - 1].equals(Integer.toString(backendPid))
                                && Files.readString(entry.resolve("cmdline")).startsWith("postgres")) {
                            return entry;
                        }
                    }
                } catch (IOException gone) {
                    // a process that ended while listed
                }
            }
        }
        return null;
    }

    /** @return user and system CPU ticks of a process */
    private static long ticks(Path process) throws IOException {
        String stat = Files.readString(process.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
    }
}
