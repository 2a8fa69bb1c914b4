package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void exactlyOnceNamesLostDuplicatedAndUnexpectedJobs() {
        assertThatDequeues(ROUND_ROBIN).hasDequeuedEachExactlyOnce(List.of(1, 2, 3, 4, 5, 6));
        assertThatThrownBy(() -> assertThatDequeues(ROUND_ROBIN).hasDequeuedEachExactlyOnce(List.of(1, 2, 3, 4, 5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("6");
    }
}
