package io.github.queuetestkit.queue;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.internal.OrderChecks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: how stable each verdict is under concurrency. Runs every queue of the matrix many times with 8 workers
 * and counts, per rule, the runs that pass: the queues that are round-robin with one worker should pass at least 199
 * of 200 runs of every rule that promises something under concurrency, and each unfair variant should fail its rule
 * every time. Figures go to BENCHMARKS.md.
 *
 * <pre>
 * mvn -B test -Pbenchmark -Dtest=FairnessVerdictsBenchmark      # -Druns=200 -Dworkers=8 -Dusers=6 -DperUser=24
 * </pre>
 */
@Tag("benchmark")
@PostgresTest
class FairnessVerdictsBenchmark {

    private static final int RUNS = Integer.getInteger("runs", 200);
    private static final int WORKERS = Integer.getInteger("workers", 8);
    private static final int USERS = Integer.getInteger("users", 6);
    private static final int PER_USER = Integer.getInteger("perUser", 24);
    /**
     * Blocks as long as the longest wait a round-robin queue over these users allows with these workers
     * ({@code (users - 1) * workers}): long enough that the starving queue's known users each get more than
     * {@code workers} dequeues in one, short enough that plain FIFO's first user fills one.
     */
    private static final int WINDOW = (USERS - 1) * WORKERS;
    /** Users the starving queue knows (rows in last_dequeues); the others are new and never served. */
    private static final int KNOWN_USERS = USERS - 2;

    /** One queue of the matrix: its dequeue, which users it knows, whether jobs carry priorities. */
    private record Queue(String name, DequeueFunction dequeue, int knownUsers, boolean priorities) {
    }

    /** Three queues that are round-robin with one worker, then the unfair and broken variants of the kit's tests. */
    private static final List<Queue> QUEUES = List.of(
            new Queue("last-dequeue head", TestQueues.updating(TestQueues.LAST_DEQUEUE_HEAD), USERS, false),
            new Queue("last-dequeue any row", TestQueues.updating(TestQueues.LAST_DEQUEUE_ANY_ROW), USERS, false),
            new Queue("rounds", TestQueues.updating(TestQueues.FAIR), USERS, false),
            new Queue("plain FIFO", TestQueues.updating(TestQueues.PLAIN_FIFO), USERS, false),
            new Queue("starves new users", TestQueues.updating(TestQueues.LAST_DEQUEUE_HEAD), KNOWN_USERS, false),
            new Queue("priority inverted", TestQueues.updating(TestQueues.INVERTED_PRIORITY), USERS, true),
            new Queue("no locking", TestQueues.unlocked(), USERS, false));

    /** Each rule as a test would write it for this workload: the one-worker numbers; the kit scales them by N. */
    private static Map<String, Consumer<DequeueAssert>> rules(List<Long> ids, Queue queue) {
        Map<String, Consumer<DequeueAssert>> rules = new LinkedHashMap<>();
        rules.put("hasDequeuedEachExactlyOnce(ids)", a -> a.hasNoDuplicates().hasDequeuedEachExactlyOnce(ids));
        rules.put("isFairPerKey()", DequeueAssert::isFairPerKey);
        rules.put("isFairPerKeyInWindowsOf(" + WINDOW + ", 1)", a -> a.isFairPerKeyInWindowsOf(WINDOW, 1));
        rules.put("hasNoKeyWaitingMoreThan(" + (USERS - 1) + ")", a -> a.hasNoKeyWaitingMoreThan(USERS - 1));
        rules.put("isFifoPerKey()", DequeueAssert::isFifoPerKey);
        // with one priority there is nothing to judge, and the rule says so rather than pass: judged where there are
        if (queue.priorities()) {
            rules.put("respectsPriority()", DequeueAssert::respectsPriority);
        }
        rules.put("hasJainFairnessIndexAtLeast(0.8)", a -> a.hasJainFairnessIndexAtLeast(0.8));
        return rules;
    }

    private static void reset(DataSource dataSource, Queue queue) throws Exception {
        TestQueues.execute(dataSource, "TRUNCATE jobs RESTART IDENTITY", "TRUNCATE last_dequeues",
                "INSERT INTO jobs (user_id, round) SELECT 'user-' || u, r FROM generate_series(1, " + USERS
                        + ") u, generate_series(1, " + PER_USER + ") r ORDER BY u, r",
                queue.priorities() ? "UPDATE jobs SET priority = id % 3" : "SELECT 1");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO last_dequeues VALUES (?, NULL)")) {
            for (int u = 1; u <= queue.knownUsers(); u++) {
                insert.setString(1, "user-" + u);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The smallest bound (dequeues of one other key inside a key's wait, or of all others) that passes. */
    private static int smallestPassing(DequeueLog log, boolean perKey) {
        for (int bound = 2; ; bound++) {
            OrderChecks checks = new OrderChecks(log.dequeues(), log.waiting(), bound);
            if ((perKey ? checks.firstUnfairDequeue(1) : checks.firstStarvation(1)).isEmpty()) {
                return bound;
            }
        }
    }

    @Test
    void verdictsSideBySide(PostgresDatabase db) throws Exception {
        // The plain data source: the injected one records every statement, which 200 runs would pile up.
        DataSource dataSource = db.dataSource();
        TestQueues.createJobs(dataSource, USERS, PER_USER);
        TestQueues.lastDequeues(dataSource);
        Map<String, Map<String, Integer>> passes = new LinkedHashMap<>();
        Map<String, String> spreads = new LinkedHashMap<>();
        for (Queue queue : QUEUES) {
            long begin = System.nanoTime();
            TreeMap<Integer, Integer> perKey = new TreeMap<>();
            TreeMap<Integer, Integer> waits = new TreeMap<>();
            double lowestJain = 1;
            for (int run = 0; run < RUNS; run++) {
                reset(dataSource, queue);
                List<Long> ids = TestQueues.ids(dataSource);
                DequeueLog log = Workers.dequeueWith(queue.dequeue()).workers(WORKERS)
                        .waitingJobs(TestQueues.WAITING).run(dataSource).log();
                rules(ids, queue).forEach((rule, check) -> {
                    boolean passed;
                    try {
                        check.accept(new DequeueAssert(log));
                        passed = true;
                    } catch (AssertionError e) {
                        passed = false;
                    }
                    passes.computeIfAbsent(rule, r -> new LinkedHashMap<>()).merge(queue.name(), passed ? 1 : 0,
                            Integer::sum);
                });
                perKey.merge(smallestPassing(log, true), 1, Integer::sum);
                waits.merge(smallestPassing(log, false), 1, Integer::sum);
                lowestJain = Math.min(lowestJain, new OrderChecks(log.dequeues(), log.waiting(), WORKERS).jain().index());
            }
            spreads.put(queue.name(), String.format("%5.1f s; largest count of one key's dequeues inside another"
                    + " key's wait (runs): %s%nBENCH %22s        largest count of all other keys' dequeues inside a"
                    + " key's wait (runs): %s%nBENCH %22s        lowest Jain's index: %.3f", (System.nanoTime() - begin) / 1e9,
                    perKey, "", waits, "", lowestJain));
        }
        System.out.printf("%nBENCH fairness verdicts: %d runs per queue, %d workers, %d users x %d jobs"
                + " (the starving queue knows %d users)%n", RUNS, WORKERS, USERS, PER_USER, KNOWN_USERS);
        StringBuilder header = new StringBuilder(String.format("BENCH %-36s", "passes per rule"));
        QUEUES.forEach(q -> header.append(String.format(" | %-20s", q.name())));
        System.out.println(header);
        passes.forEach((rule, byQueue) -> {
            StringBuilder row = new StringBuilder(String.format("BENCH %-36s", rule));
            QUEUES.forEach(q -> row.append(String.format(" | %-20s",
                    byQueue.containsKey(q.name()) ? byQueue.get(q.name()) + "/" + RUNS : "n/a (one priority)")));
            System.out.println(row);
        });
        spreads.forEach((queue, spread) -> System.out.printf("BENCH %-22s %s%n", queue, spread));
    }
}
