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
        assertThatDequeues(ALICE_FIRST).isFairPerKey(2);
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
        assertThatDequeues(aliceAlone).isFairPerKey().isFairPerKeyInWindowsOf(3, 1).hasJainFairnessIndexAtLeast(0.99)
                .hasNoKeyWaitingMoreThan(3);

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
                .isFifoPerKey().respectsPriority();
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
        assertThatThrownBy(() -> assertThatDequeues(log.withConcurrency(1)).isFairPerKey())
                .isInstanceOf(AssertionError.class);
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
}
