package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.github.queuetestkit.InvalidConfigurationException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule on hand-built logs: it passes on an order that keeps it and fails, with the first violation, on one that breaks it. */
class DequeueRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Dequeues one after another, a second apart; every job enqueued before the first dequeue. */
    private static DequeueLog inOrder(Job... jobs) {
        DequeueLog.Builder log = DequeueLog.builder();
        for (int i = 0; i < jobs.length; i++) {
            log = log.dequeue(jobs[i], "w1", T0.plusSeconds(100 + i));
        }
        return log.build();
    }

    private static Job job(long id, String key) {
        return Job.of(id, key, T0.plusMillis(id));
    }

    private static Job job(long id, String key, int priority) {
        return Job.of(id, key, T0.plusMillis(id), priority);
    }

    private static final DequeueLog ROUND_ROBIN = inOrder(job(1, "alice"), job(4, "bob"), job(2, "alice"), job(5, "bob"),
            job(3, "alice"), job(6, "bob"));

    private static final DequeueLog ALICE_FIRST = inOrder(job(1, "alice"), job(2, "alice"), job(3, "alice"),
            job(4, "bob"), job(5, "bob"), job(6, "bob"));

    @Test
    void duplicatesAreNamedWithTheirCounts() {
        assertThatDequeues(ROUND_ROBIN).hasNoDuplicates();
        assertThatThrownBy(() -> assertThatDequeues(inOrder(job(1, "alice"), job(2, "bob"), job(1, "alice")))
                .hasNoDuplicates())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("1", "Dequeues per key:", "\"alice\"");
    }

    @Test
    void roundRobinFairnessFailsAtTheFirstDequeueThatPullsAKeyAhead() {
        assertThatDequeues(ROUND_ROBIN).isFairPerKey().isFairPerKeyInWindowsOf(2, 0).hasJainFairnessIndexAtLeast(0.95);

        assertThatThrownBy(() -> assertThatDequeues(ALICE_FIRST).isFairPerKey())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("\"alice\"", "\"bob\"", "Timeline (> violation, * involved):", "> #2",
                        "Dequeues per key:");
        // alice is served three times while bob waits: within a tolerance of 3, not of 2
        assertThatDequeues(ALICE_FIRST).isFairPerKey(3);
        assertThatThrownBy(() -> assertThatDequeues(ALICE_FIRST).isFairPerKey(2))
                .hasMessageContaining("key \"alice\" had 3 dequeues and key \"bob\" only 0");
        assertThatThrownBy(() -> assertThatDequeues(ALICE_FIRST).isFairPerKeyInWindowsOf(2, 0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("\"alice\"");
    }

    @Test
    void jainIndexOverTheContendedPrefix() {
        // alice takes three before bob's first: over the prefix where both had jobs, counts 3 and 1
        DequeueLog skewed = inOrder(job(1, "alice"), job(2, "alice"), job(3, "alice"), job(4, "bob"),
                job(5, "alice"), job(6, "bob"));
        assertThatDequeues(skewed).hasJainFairnessIndexAtLeast(0.5);
        assertThatThrownBy(() -> assertThatDequeues(skewed).hasJainFairnessIndexAtLeast(0.95))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("0.95", "Dequeues per key:");
    }

    @Test
    void priorityInversionNamesTheWaitingUrgentJob() {
        assertThatDequeues(inOrder(job(1, "a", 0), job(2, "b", 0), job(3, "c", 5))).respectsPriority();
        assertThatThrownBy(() -> assertThatDequeues(inOrder(job(3, "c", 5), job(1, "a", 0))).respectsPriority())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("job 3", "job 1", "> #1");
    }

    @Test
    void starvationBoundCountsTheDequeuesOfOthersWhileAKeyWaits() {
        DequeueLog bobWaits = inOrder(job(1, "alice"), job(2, "alice"), job(3, "alice"), job(4, "alice"),
                job(5, "bob"));
        assertThatDequeues(bobWaits).hasNoKeyWaitingMoreThan(4);
        assertThatThrownBy(() -> assertThatDequeues(bobWaits).hasNoKeyWaitingMoreThan(3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("key \"bob\"", "waited through 4 dequeues of other keys", "bound of 3");
    }

    @Test
    void aLogBuiltOutOfOrderIsJudgedInCommitOrderWithTiesInTheOrderRecorded() {
        // Recorded alternating, but the times say the queue took all of alice's jobs before bob's.
        DequeueLog recorded = DequeueLog.builder()
                .dequeue(job(1, "alice"), "w1", T0.plusSeconds(100))
                .dequeue(job(4, "bob"), "w1", T0.plusSeconds(103))
                .dequeue(job(2, "alice"), "w1", T0.plusSeconds(101))
                .dequeue(job(5, "bob"), "w1", T0.plusSeconds(103))
                .dequeue(job(3, "alice"), "w1", T0.plusSeconds(102))
                .build();

        assertThat(recorded.dequeues()).extracting(d -> d.job().id()).containsExactly("1", "2", "3", "4", "5");
        assertThatThrownBy(() -> assertThatDequeues(recorded).hasNoKeyWaitingMoreThan(2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("key \"bob\" had an eligible job but waited through 3 dequeues of other keys");
    }

    @Test
    void exactlyOnceNamesLostDuplicatedAndUnexpectedJobs() {
        assertThatDequeues(ROUND_ROBIN).hasDequeuedEachExactlyOnce(List.of(1, 2, 3, 4, 5, 6));
        assertThatThrownBy(() -> assertThatDequeues(ROUND_ROBIN).hasDequeuedEachExactlyOnce(List.of(1, 2, 3, 4, 5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("6");
    }

    @Test
    void aKeyNeverDequeuedIsInvisibleWithoutItsWaitingJobsAndFailsEveryFairnessRuleWithThem() {
        DequeueLog aliceAlone = inOrder(job(1, "alice"), job(2, "alice"), job(3, "alice"), job(4, "alice"),
                job(5, "alice"), job(6, "alice"));
        // one key: no rule between keys can judge it, and none passes
        assertThatThrownBy(() -> assertThatDequeues(aliceAlone).isFairPerKey())
                .hasMessageContaining("every job of the log has key \"alice\" (6 dequeues, 0 waiting)");
        assertThatThrownBy(() -> assertThatDequeues(aliceAlone).isFairPerKeyInWindowsOf(3, 1))
                .hasMessageContaining("every job of the log has key \"alice\"");
        assertThatThrownBy(() -> assertThatDequeues(aliceAlone).hasJainFairnessIndexAtLeast(0.99))
                .hasMessageContaining("every job of the log has key \"alice\"");
        assertThatThrownBy(() -> assertThatDequeues(aliceAlone).hasNoKeyWaitingMoreThan(3))
                .hasMessageContaining("every job of the log has key \"alice\"");

        DequeueLog bobStarved = aliceAlone.withWaiting(List.of(job(7, "bob")));
        assertThat(bobStarved.countsPerKey()).containsExactly(entry("alice", 6), entry("bob", 0));
        assertThatThrownBy(() -> assertThatDequeues(bobStarved).isFairPerKey())
                .hasMessageContaining("key \"alice\" had 2 dequeues and key \"bob\" only 0");
        assertThatThrownBy(() -> assertThatDequeues(bobStarved).isFairPerKeyInWindowsOf(3, 1))
                .hasMessageContaining("key \"alice\" had 3 dequeues and key \"bob\" only 0");
        assertThatThrownBy(() -> assertThatDequeues(bobStarved).hasJainFairnessIndexAtLeast(0.99))
                .hasMessageContaining("Jain's fairness index was 0.500");
        assertThatThrownBy(() -> assertThatDequeues(bobStarved).hasNoKeyWaitingMoreThan(3))
                .hasMessageContaining("key \"bob\" had an eligible job but waited through 4 dequeues");
        assertThatThrownBy(() -> assertThatDequeues(bobStarved).hasDequeuedEachExactlyOnce(List.of(1, 2, 3, 4, 5, 6, 7)))
                .hasMessageContaining("but 1 were never dequeued: [7]");
        assertThatDequeues(bobStarved).hasNoDuplicates().hasDequeuedEachExactlyOnce(List.of(1, 2, 3, 4, 5, 6));
    }

    @Test
    void aJobEnqueuedAfterTheLastDequeueStartedMakesNoKeyUnfair() {
        DequeueLog lateBob = ROUND_ROBIN.withWaiting(List.of(Job.of(7, "bob", T0.plusSeconds(200))));
        assertThatDequeues(lateBob).isFairPerKey().isFairPerKeyInWindowsOf(2, 0).hasNoKeyWaitingMoreThan(1)
                .isFifoPerKey();
    }

    @Test
    void aWaitingJobPassedOverByALaterOneOfItsKeyBreaksFifo() {
        DequeueLog later = inOrder(job(1, "alice"), job(3, "bob")).withWaiting(List.of(job(2, "alice")));
        assertThatDequeues(later).isFifoPerKey();
        DequeueLog passedOver = inOrder(job(2, "alice"), job(3, "bob")).withWaiting(List.of(job(1, "alice")));
        assertThatThrownBy(() -> assertThatDequeues(passedOver).isFifoPerKey())
                .hasMessageContaining("before job 1 of the same key, enqueued earlier")
                .hasMessageContaining("* waiting job 1");
    }

    @Test
    void aWaitingJobPassedOverByALessUrgentOneBreaksPriority() {
        DequeueLog lessUrgentWaits = inOrder(job(1, "a", 0), job(2, "b", 0)).withWaiting(List.of(job(3, "c", 5)));
        assertThatDequeues(lessUrgentWaits).respectsPriority();
        DequeueLog urgentWaits = inOrder(job(1, "a", 5), job(2, "b", 5)).withWaiting(List.of(job(3, "c", 0)));
        assertThatThrownBy(() -> assertThatDequeues(urgentWaits).respectsPriority())
                .hasMessageContaining("job 1 with priority 5 was dequeued at #1 while job 3 with more urgent priority 0"
                        + " was eligible");
    }

    @Test
    void withConcurrentWorkersRoundRobinAllowsOneServicePerWorkerWhileAKeyWaits() {
        // Bob waits from the start: Alice is served twice before him, then three times.
        DequeueLog twice = inOrder(job(1, "alice"), job(2, "alice"), job(4, "bob"), job(3, "alice"), job(5, "bob"),
                job(6, "alice"), job(7, "bob"));
        DequeueLog thrice = inOrder(job(1, "alice"), job(2, "alice"), job(3, "alice"), job(5, "bob"),
                job(4, "alice"), job(6, "bob"));
        assertThatThrownBy(() -> assertThatDequeues(twice).isFairPerKey()).isInstanceOf(AssertionError.class);
        assertThatDequeues(twice.withConcurrency(2)).isFairPerKey();
        assertThatThrownBy(() -> assertThatDequeues(thrice.withConcurrency(2)).isFairPerKey())
                .hasMessageContaining("after dequeue #3 key \"alice\" had 3 dequeues and key \"bob\" only 0")
                .hasMessageContaining("tolerance 1 x 2 workers = 2");
        assertThatDequeues(thrice.withConcurrency(3)).isFairPerKey();
        assertThatDequeues(thrice.withConcurrency(2)).isFairPerKey(2);
    }

    @Test
    void withConcurrentWorkersAKeyWithADequeueInFlightIsServedNotWaiting() {
        // Bob's dequeue is in flight from 100 s to 110 s while Alice's are committed one a second: Bob is being served.
        DequeueLog log = DequeueLog.of(List.of(
                new Dequeue(job(1, "bob"), "w1", T0.plusSeconds(100), T0.plusSeconds(110)),
                Dequeue.of(job(2, "alice"), "w2", T0.plusSeconds(101)),
                Dequeue.of(job(3, "alice"), "w2", T0.plusSeconds(102)),
                Dequeue.of(job(4, "alice"), "w2", T0.plusSeconds(103)),
                Dequeue.of(job(5, "alice"), "w2", T0.plusSeconds(104)),
                Dequeue.of(job(6, "bob"), "w1", T0.plusSeconds(111)),
                Dequeue.of(job(7, "alice"), "w2", T0.plusSeconds(112)))).withConcurrency(2);
        assertThatDequeues(log).isFairPerKey().hasNoKeyWaitingMoreThan(1).isFairPerKeyInWindowsOf(4, 1);
        // counted per wait whatever the concurrency: counts since the start (4 to 1 after #5) are not compared
        assertThatDequeues(log.withConcurrency(1)).isFairPerKey();
    }

    @Test
    void withConcurrentWorkersTheStarvationBoundIsPerWorker() {
        DequeueLog bobWaits = inOrder(job(1, "alice"), job(2, "alice"), job(3, "alice"), job(4, "alice"),
                job(5, "bob"));
        assertThatThrownBy(() -> assertThatDequeues(bobWaits).hasNoKeyWaitingMoreThan(2))
                .isInstanceOf(AssertionError.class);
        assertThatDequeues(bobWaits.withConcurrency(2)).hasNoKeyWaitingMoreThan(2);
        assertThatThrownBy(() -> assertThatDequeues(bobWaits.withConcurrency(2)).hasNoKeyWaitingMoreThan(1))
                .hasMessageContaining("waited through 3 dequeues of other keys (#1 to #3), more than the bound of"
                        + " 1 x 2 workers = 2");
    }

    @Test
    void waitingJobsThatContradictTheLogAreRejected() {
        assertThatThrownBy(() -> ROUND_ROBIN.withWaiting(List.of(job(2, "alice"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Waiting job 2 (key \"alice\") is also dequeued at #3 by w1");
        assertThatThrownBy(() -> DequeueLog.builder().waiting(job(9, "carol")).waiting(job(9, "carol")).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Waiting job 9 (key \"carol\") is given twice");
        assertThatThrownBy(() -> ROUND_ROBIN.withConcurrency(0))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("DequeueLog.withConcurrency(0)");
    }

    @Test
    void aKeyServedOneJobAtATimeWhileAnotherWaitsIsFavouredWhetherOrNotItHasMoreQueued() {
        // alice's next job arrives half a second after each of her dequeues; bob's five wait from the start
        DequeueLog.Builder builder = DequeueLog.builder();
        for (int i = 0; i < 10; i++) {
            Instant enqueued = i == 0 ? T0 : T0.plusSeconds(10 + i - 1).plusMillis(500);
            builder = builder.dequeue(Job.of(i + 1, "alice", enqueued), "w1", T0.plusSeconds(10 + i));
        }
        for (int i = 0; i < 5; i++) {
            builder = builder.waiting(Job.of(100 + i, "bob", T0));
        }
        DequeueLog bobNeverServed = builder.build();
        for (DequeueLog log : List.of(bobNeverServed, bobNeverServed.withConcurrency(2))) {
            assertThatThrownBy(() -> assertThatDequeues(log).isFairPerKey())
                    .hasMessageContaining("dequeues and key \"bob\" only 0, counted since \"bob\" began waiting");
            assertThatThrownBy(() -> assertThatDequeues(log).isFairPerKeyInWindowsOf(5, 1))
                    .hasMessageContaining("key \"alice\" had 5 dequeues and key \"bob\" only 0, while \"bob\" had"
                            + " eligible jobs throughout");
        }
    }

    @Test
    void aKeyThatRunsDryAndComesBackIsNotBehindTheOthers() {
        // bob's one job goes first, then alice and carol take turns; five new jobs of bob arrive before #22 and the
        // queue takes them in turn: counts since the start (alice 10, bob 1) say nothing of how long bob waited
        List<Job> order = new java.util.ArrayList<>();
        order.add(Job.of(1, "bob", T0));
        for (int i = 0; i < 20; i++) {
            order.add(Job.of(10 + i, i % 2 == 0 ? "alice" : "carol", T0));
        }
        String[] turns = {"bob", "alice", "carol"};
        for (int i = 0; i < 15; i++) {
            order.add(Job.of(100 + i, turns[i % 3], turns[i % 3].equals("bob") ? T0.plusSeconds(120) : T0));
        }
        DequeueLog.Builder builder = DequeueLog.builder();
        for (int i = 0; i < order.size(); i++) {
            builder = builder.dequeue(order.get(i), "w1", T0.plusSeconds(100 + i));
        }
        DequeueLog log = builder.build();
        assertThatDequeues(log).isFairPerKey().isFairPerKeyInWindowsOf(6, 1).hasNoKeyWaitingMoreThan(2);
    }

    @Test
    void rulesThatCannotJudgeTheLogFailSayingWhy() {
        DequeueLog empty = DequeueLog.builder().waiting(Job.of(1, "alice", T0)).waiting(Job.of(2, "bob", T0)).build();
        assertThatThrownBy(() -> assertThatDequeues(empty).isFairPerKey()).hasMessage("""

                Expecting dequeues to be fair per key,
                but the log has no dequeue (2 jobs waiting), so there is nothing to judge: a queue that serves no job \
                passes no order rule. Look at why the dequeue gave no job.""");
        assertThatThrownBy(() -> assertThatDequeues(empty).hasNoKeyWaitingMoreThan(0))
                .hasMessageContaining("but the log has no dequeue (2 jobs waiting)");
        assertThatThrownBy(() -> assertThatDequeues(empty).respectsPriority())
                .hasMessageContaining("but the log has no dequeue (2 jobs waiting)");

        assertThatThrownBy(() -> assertThatDequeues(ROUND_ROBIN).isFairPerKeyInWindowsOf(7, 1)).hasMessage("""

                Expecting dequeues to be fair per key in every 7 consecutive dequeues,
                but the log has only 6 dequeues, fewer than one block of 7, so no block was checked: use a window of \
                at most 6.""");

        // jobs inserted in one transaction with now() share their enqueue time: no order within a key shows
        DequeueLog.Builder lifo = DequeueLog.builder();
        for (int id = 5; id >= 1; id--) {
            lifo = lifo.dequeue(Job.of(id, "alice", T0), "w1", T0.plusSeconds(10 + (5 - id)));
        }
        DequeueLog sameInstant = lifo.build();
        assertThatThrownBy(() -> assertThatDequeues(sameInstant).isFifoPerKey()).hasMessage("""

                Expecting dequeues to be FIFO per key,
                but no key has two jobs enqueued at different times (5 dequeues, 0 waiting), so no order within a key \
                can be judged: give each job the time it was inserted (clock_timestamp(), not now(), which is the \
                same for every row of one transaction), and some key several jobs.""");
    }

    @Test
    void jainIndexOverAPrefixTooShortToMeasureIsNotAVerdict() {
        // alice has one job, so the contended prefix is one dequeue: even counts cannot be shown, nor unfairness
        DequeueLog rotation = inOrder(job(1, "alice"), job(2, "bob"), job(3, "carol"), job(4, "bob"), job(5, "carol"),
                job(6, "bob"), job(7, "carol"));
        assertThatDequeues(rotation).isFairPerKey();
        assertThatThrownBy(() -> assertThatDequeues(rotation).hasJainFairnessIndexAtLeast(0.8)).hasMessage("""

                Expecting dequeues to have Jain's fairness index at least 0.800,
                but the contended prefix (the first 1 dequeues, until key "alice" ran out of eligible jobs) is too \
                short to measure 3 keys: over so few dequeues even counts as even as they can be reach only 0.333. \
                Judge each wait with isFairPerKey() or hasNoKeyWaitingMoreThan(n), or give every key enough jobs for \
                6 dequeues at least.""");
        // a short prefix whose counts are below what even counts give there still fails as unfair
        assertThatThrownBy(() -> assertThatDequeues(ALICE_FIRST).hasJainFairnessIndexAtLeast(0.95))
                .hasMessageContaining("Jain's fairness index was 0.500 over the first 3 dequeues");
    }

    @Test
    void aJobEnqueuedAfterItsOwnDequeueIsRefusedWithWhereSuchTimesComeFrom() {
        // a timestamp without time zone holding UTC, read in New York: every enqueue time five hours late
        DequeueLog shifted = DequeueLog.builder()
                .dequeue(Job.of(1, "alice", T0.plusSeconds(5 * 3600)), "w1", T0.plusSeconds(10))
                .dequeue(Job.of(2, "bob", T0.plusSeconds(5 * 3600 + 1)), "w1", T0.plusSeconds(11))
                .build();
        assertThatThrownBy(() -> assertThatDequeues(shifted).respectsPriority())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Job 1 (key \"alice\") was enqueued at 2026-01-01T05:00:00Z, after its own dequeue (#1)"
                        + " committed at 2026-01-01T00:00:10Z (by PT4H59M50S): no job is dequeued before it is"
                        + " enqueued, so the order rules cannot read these times. Likely causes: a timestamp column"
                        + " without time zone read in the JVM's time zone (store timestamptz, or read it as UTC), a"
                        + " clock of the server far from the JVM's, or a scheduled time (run_at) the queue did not"
                        + " wait for given as the enqueue time. Give each job the time it was inserted, as the"
                        + " server's clock_timestamp() says.");
        for (Runnable rule : List.<Runnable>of(() -> assertThatDequeues(shifted).isFairPerKey(),
                () -> assertThatDequeues(shifted).isFifoPerKey(),
                () -> assertThatDequeues(shifted).hasNoKeyWaitingMoreThan(1),
                () -> assertThatDequeues(shifted).hasJainFairnessIndexAtLeast(0.5))) {
            assertThatThrownBy(rule::run).isInstanceOf(InvalidConfigurationException.class);
        }
        // within a second (two machines' clocks) it is read as enqueued when the dequeue began
        DequeueLog skewed = DequeueLog.builder()
                .dequeue(Job.of(1, "alice", T0.plusMillis(10_500)), "w1", T0.plusSeconds(10))
                .dequeue(Job.of(2, "bob", T0.plusMillis(10_900)), "w1", T0.plusSeconds(11))
                .build();
        assertThatDequeues(skewed).isFairPerKey().hasNoKeyWaitingMoreThan(1);
    }
}
