package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatJobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.queue.internal.OrderChecks;
import io.github.queuetestkit.sql.SecretParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.description.TextDescription;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Exact text of every dequeue and enqueue failure message, on hand-built logs; each assert's own failure is then
 * checked to carry that text, so the wording lives in one place.
 */
class QueueMessagesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Alice's three jobs all go before Bob's three, though both users were waiting from the start. */
    private static final DequeueLog ALICE_FIRST = inOrder(job(1, "alice"), job(2, "alice"), job(3, "alice"),
            job(4, "bob"), job(5, "bob"), job(6, "bob"));

    private static final DequeueLog JOB_1_TWICE = inOrder(job(1, "alice"), job(2, "bob"), job(1, "alice"));

    /** Alice and Bob are served; Carol's two jobs were enqueued before the first dequeue and never dequeued. */
    private static final DequeueLog CAROL_STARVED = withWaiting(inOrder(job(1, "alice"), job(2, "alice"),
            job(3, "alice"), job(4, "bob"), job(5, "alice"), job(6, "bob")), job(7, "carol"), job(8, "carol"));

    /** Two concurrent workers: Alice is served three times in a row while Bob waits between #3 and #7. */
    private static final DequeueLog TWO_WORKERS = inOrder(job(1, "alice"), job(2, "alice"), job(3, "bob"),
            job(4, "alice"), job(5, "alice"), job(6, "alice"), job(7, "bob"), job(8, "alice")).withConcurrency(2);

    private static DequeueLog withWaiting(DequeueLog log, Job... waiting) {
        return log.withWaiting(List.of(waiting));
    }

    /** Dequeues a second apart, workers w1 and w2 taking turns; every job enqueued before the first dequeue. */
    private static DequeueLog inOrder(Job... jobs) {
        DequeueLog.Builder log = DequeueLog.builder();
        for (int i = 0; i < jobs.length; i++) {
            log = log.dequeue(jobs[i], "w" + (1 + i % 2), T0.plusSeconds(100 + i));
        }
        return log.build();
    }

    private static Job job(long id, String key) {
        return Job.of(id, key, T0.plusSeconds(id));
    }

    private static Job job(long id, String key, int priority) {
        return Job.of(id, key, T0.plusSeconds(id), priority);
    }

    private static String text(ErrorMessageFactory message) {
        return message.create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);
    }

    private static OrderChecks checks(DequeueLog log) {
        return new OrderChecks(log.dequeues(), log.waiting(), 1);
    }

    private static OrderChecks concurrentChecks(DequeueLog log) {
        return new OrderChecks(log.dequeues(), log.waiting(), log.concurrency());
    }

    @Test
    void roundRobinMessageHasExactText() {
        String message = text(ShouldBeFairPerKey.roundRobin(ALICE_FIRST, 1,
                checks(ALICE_FIRST).firstUnfairDequeue(1).orElseThrow()));
        assertThat(message).isEqualTo("""

                Expecting dequeues to be fair per key (round-robin: while a key with eligible jobs waits, no other \
                key is served more than once),
                but after dequeue #2 key "alice" had 2 dequeues and key "bob" only 0, counted since "bob" began \
                waiting (eligible, nothing in flight) at the start of the log (difference 2, tolerance 1).

                Timeline (> violation, * involved):
                * #1      job 1        key "alice"      priority 0   enqueued 2026-01-01T00:00:01Z  by w1
                > #2      job 2        key "alice"      priority 0   enqueued 2026-01-01T00:00:02Z  by w2
                  #3      job 3        key "alice"      priority 0   enqueued 2026-01-01T00:00:03Z  by w1
                  #4      job 4        key "bob"        priority 0   enqueued 2026-01-01T00:00:04Z  by w2
                  #5      job 5        key "bob"        priority 0   enqueued 2026-01-01T00:00:05Z  by w1

                Dequeues per key:
                  "alice"        3
                  "bob"          3
                """);
        assertThatThrownBy(() -> assertThatDequeues(ALICE_FIRST).isFairPerKey()).hasMessageContaining(message.strip());
    }

    @Test
    void windowFairnessMessageHasExactText() {
        String message = text(ShouldBeFairPerKey.window(ALICE_FIRST, 2, 0,
                checks(ALICE_FIRST).firstUnfairWindow(2, 0).orElseThrow()));
        assertThat(message).isEqualTo("""

                Expecting dequeues to be fair per key in every 2 consecutive dequeues (a key with eligible jobs \
                throughout a block has at most 0 fewer dequeues in it than any other key),
                but in dequeues #1 to #2 key "alice" had 2 dequeues and key "bob" only 0, while "bob" had eligible \
                jobs throughout (difference 2, tolerance 0).

                Timeline (> violation, * involved):
                * #1      job 1        key "alice"      priority 0   enqueued 2026-01-01T00:00:01Z  by w1
                > #2      job 2        key "alice"      priority 0   enqueued 2026-01-01T00:00:02Z  by w2
                  #3      job 3        key "alice"      priority 0   enqueued 2026-01-01T00:00:03Z  by w1
                  #4      job 4        key "bob"        priority 0   enqueued 2026-01-01T00:00:04Z  by w2
                  #5      job 5        key "bob"        priority 0   enqueued 2026-01-01T00:00:05Z  by w1

                Dequeues per key:
                  "alice"        3
                  "bob"          3
                """);
        assertThatThrownBy(() -> assertThatDequeues(ALICE_FIRST).isFairPerKeyInWindowsOf(2, 0))
                .hasMessageContaining(message.strip());
    }

    @Test
    void jainIndexMessageHasExactTextWithTheCountsOverTheContendedPrefix() {
        String message = text(ShouldBeFairPerKey.jain(ALICE_FIRST, 0.95, checks(ALICE_FIRST).jain()));
        assertThat(message).isEqualTo("""

                Expecting dequeues to have Jain's fairness index at least 0.950,
                but Jain's fairness index was 0.500 over the first 3 dequeues (until key "alice" ran out of eligible \
                jobs), where the dequeues per key were "alice" 3, "bob" 0.

                Timeline (> violation, * involved):
                  #1      job 1        key "alice"      priority 0   enqueued 2026-01-01T00:00:01Z  by w1
                  #2      job 2        key "alice"      priority 0   enqueued 2026-01-01T00:00:02Z  by w2
                > #3      job 3        key "alice"      priority 0   enqueued 2026-01-01T00:00:03Z  by w1
                  #4      job 4        key "bob"        priority 0   enqueued 2026-01-01T00:00:04Z  by w2
                  #5      job 5        key "bob"        priority 0   enqueued 2026-01-01T00:00:05Z  by w1
                  #6      job 6        key "bob"        priority 0   enqueued 2026-01-01T00:00:06Z  by w2

                Dequeues per key:
                  "alice"        3
                  "bob"          3
                """);
        assertThatThrownBy(() -> assertThatDequeues(ALICE_FIRST).hasJainFairnessIndexAtLeast(0.95))
                .hasMessageContaining(message.strip());
    }

    @Test
    void duplicateMessageHasExactText() {
        String message = text(ShouldNotHaveDuplicateDequeues.create(JOB_1_TWICE,
                checks(JOB_1_TWICE).firstDuplicate().orElseThrow()));
        assertThat(message).isEqualTo("""

                Expecting dequeues to have no job dequeued twice,
                but job 1 was dequeued again at #3 by w1 after #1 by w1.

                Timeline (> violation, * involved):
                * #1      job 1        key "alice"      priority 0   enqueued 2026-01-01T00:00:01Z  by w1
                  #2      job 2        key "bob"        priority 0   enqueued 2026-01-01T00:00:02Z  by w2
                > #3      job 1        key "alice"      priority 0   enqueued 2026-01-01T00:00:01Z  by w1

                Dequeues per key:
                  "alice"        2
                  "bob"          1
                """);
        assertThatThrownBy(() -> assertThatDequeues(JOB_1_TWICE).hasNoDuplicates())
                .hasMessageContaining(message.strip());
    }

    @Test
    void starvationMessageHasExactText() {
        DequeueLog bobWaits = inOrder(job(1, "alice"), job(2, "alice"), job(3, "alice"), job(4, "alice"),
                job(5, "bob"));
        String message = text(ShouldNotStarve.create(bobWaits, 3, checks(bobWaits).firstStarvation(3).orElseThrow()));
        assertThat(message).isEqualTo("""

                Expecting dequeues to never make a key with eligible jobs wait more than 3 dequeues,
                but key "bob" had an eligible job but waited through 4 dequeues of other keys (#1 to #4), more than \
                the bound of 3.

                Timeline (> violation, * involved):
                  #1      job 1        key "alice"      priority 0   enqueued 2026-01-01T00:00:01Z  by w1
                  #2      job 2        key "alice"      priority 0   enqueued 2026-01-01T00:00:02Z  by w2
                  #3      job 3        key "alice"      priority 0   enqueued 2026-01-01T00:00:03Z  by w1
                > #4      job 4        key "alice"      priority 0   enqueued 2026-01-01T00:00:04Z  by w2
                  #5      job 5        key "bob"        priority 0   enqueued 2026-01-01T00:00:05Z  by w1

                Dequeues per key:
                  "alice"        4
                  "bob"          1
                """);
        assertThatThrownBy(() -> assertThatDequeues(bobWaits).hasNoKeyWaitingMoreThan(3))
                .hasMessageContaining(message.strip());
    }

    @Test
    void priorityInversionMessageHasExactText() {
        DequeueLog inverted = inOrder(job(3, "c", 5), job(1, "a", 0));
        String message = text(ShouldRespectPriority.create(inverted,
                checks(inverted).firstPriorityInversion().orElseThrow()));
        assertThat(message).isEqualTo("""

                Expecting dequeues to respect priority (never a job while a more urgent one was eligible),
                but job 3 with priority 5 was dequeued at #1 while job 1 with more urgent priority 0 was eligible \
                (enqueued 2026-01-01T00:00:01Z) and waited until #2.

                Timeline (> violation, * involved):
                > #1      job 3        key "c"          priority 5   enqueued 2026-01-01T00:00:03Z  by w1
                * #2      job 1        key "a"          priority 0   enqueued 2026-01-01T00:00:01Z  by w2

                Dequeues per key:
                  "c"            1
                  "a"            1
                """);
        assertThatThrownBy(() -> assertThatDequeues(inverted).respectsPriority()).hasMessageContaining(message.strip());
    }

    @Test
    void roundRobinMessageNamesTheStarvedKeySinceWhenItWaitedAndThroughHowManyDequeues() {
        String message = text(ShouldBeFairPerKey.roundRobin(CAROL_STARVED, 1,
                checks(CAROL_STARVED).firstUnfairDequeue(1).orElseThrow()));
        assertThat(message).isEqualTo("""

                Expecting dequeues to be fair per key (round-robin: while a key with eligible jobs waits, no other \
                key is served more than once),
                but after dequeue #2 key "alice" had 2 dequeues and key "carol" only 0, counted since "carol" began \
                waiting (eligible, nothing in flight) at the start of the log (difference 2, tolerance 1).

                Timeline (> violation, * involved):
                * #1      job 1        key "alice"      priority 0   enqueued 2026-01-01T00:00:01Z  by w1
                > #2      job 2        key "alice"      priority 0   enqueued 2026-01-01T00:00:02Z  by w2
                  #3      job 3        key "alice"      priority 0   enqueued 2026-01-01T00:00:03Z  by w1
                  #4      job 4        key "bob"        priority 0   enqueued 2026-01-01T00:00:04Z  by w2
                  #5      job 5        key "alice"      priority 0   enqueued 2026-01-01T00:00:05Z  by w1
                    ...
                * waiting job 7        key "carol"      priority 0   enqueued 2026-01-01T00:00:07Z  never dequeued

                Still waiting at the end of the log (never dequeued):
                  "carol"        2 jobs since 2026-01-01T00:00:07Z, eligible from dequeue #1, never dequeued: waited \
                through 6 dequeues of other keys

                Dequeues per key:
                  "alice"        4
                  "bob"          2
                  "carol"        0   (2 still waiting)
                """);
        assertThatThrownBy(() -> assertThatDequeues(CAROL_STARVED).isFairPerKey())
                .hasMessageContaining(message.strip());
    }

    @Test
    void everyFairnessRuleNamesTheStarvedKeyInTheSameWords() {
        String starved = "\"carol\"        2 jobs since 2026-01-01T00:00:07Z, eligible from dequeue #1, never"
                + " dequeued: waited through 6 dequeues of other keys";
        assertThatThrownBy(() -> assertThatDequeues(CAROL_STARVED).isFairPerKeyInWindowsOf(3, 1))
                .hasMessageContaining("in dequeues #1 to #3 key \"alice\" had 3 dequeues and key \"carol\" only 0")
                .hasMessageContaining(starved);
        assertThatThrownBy(() -> assertThatDequeues(CAROL_STARVED).hasJainFairnessIndexAtLeast(0.9))
                .hasMessageContaining("where the dequeues per key were \"alice\" 4, \"bob\" 1, \"carol\" 0.")
                .hasMessageContaining("* waiting job 7        key \"carol\"")
                .hasMessageContaining(starved);
        assertThatThrownBy(() -> assertThatDequeues(CAROL_STARVED).hasNoKeyWaitingMoreThan(2))
                .hasMessageContaining("key \"carol\" had an eligible job but waited through 3 dequeues of other keys"
                        + " (#1 to #3)")
                .hasMessageContaining(starved);
    }

    @Test
    void roundRobinMessageWithConcurrentWorkersCountsInsideTheWaitAndStatesTheTolerance() {
        String message = text(ShouldBeFairPerKey.roundRobin(TWO_WORKERS, 1, concurrentChecks(TWO_WORKERS)
                .firstUnfairDequeue(1).orElseThrow()));
        assertThat(message).isEqualTo("""

                Expecting dequeues to be fair per key (round-robin with 2 concurrent workers: while a key with \
                eligible jobs waits, no other key is served more than 1 x 2 = 2 times, since up to 2 workers may \
                read the same snapshot),
                but after dequeue #6 key "alice" had 3 dequeues and key "bob" only 0, counted since "bob" began \
                waiting (eligible, nothing in flight) before dequeue #4 (difference 3, tolerance 1 x 2 workers = 2).

                Timeline (> violation, * involved):
                  #3      job 3        key "bob"        priority 0   enqueued 2026-01-01T00:00:03Z  by w1
                * #4      job 4        key "alice"      priority 0   enqueued 2026-01-01T00:00:04Z  by w2
                * #5      job 5        key "alice"      priority 0   enqueued 2026-01-01T00:00:05Z  by w1
                > #6      job 6        key "alice"      priority 0   enqueued 2026-01-01T00:00:06Z  by w2
                  #7      job 7        key "bob"        priority 0   enqueued 2026-01-01T00:00:07Z  by w1
                  #8      job 8        key "alice"      priority 0   enqueued 2026-01-01T00:00:08Z  by w2

                Dequeues per key:
                  "alice"        6
                  "bob"          2
                """);
        assertThatThrownBy(() -> assertThatDequeues(TWO_WORKERS).isFairPerKey()).hasMessageContaining(message.strip());
    }

    @Test
    void starvationMessageWithConcurrentWorkersStatesTheBoundTimesTheWorkers() {
        String message = text(ShouldNotStarve.create(TWO_WORKERS, 1, concurrentChecks(TWO_WORKERS)
                .firstStarvation(1).orElseThrow()));
        assertThat(message).startsWith("""

                Expecting dequeues to never make a key with eligible jobs wait more than 1 x 2 = 2 dequeues (2 \
                concurrent workers, counted inside each wait),
                but key "bob" had an eligible job and nothing in flight but waited through 3 dequeues of other keys \
                (#4 to #6), more than the bound of 1 x 2 workers = 2.

                Timeline (> violation, * involved):
                """);
        assertThatThrownBy(() -> assertThatDequeues(TWO_WORKERS).hasNoKeyWaitingMoreThan(1))
                .hasMessageContaining(message.strip());
    }

    @Test
    void windowMessageWithConcurrentWorkersComparesAgainstAKeyThatWaitedThroughout() {
        String message = text(ShouldBeFairPerKey.window(TWO_WORKERS, 3, 1, concurrentChecks(TWO_WORKERS)
                .firstUnfairWindow(3, 1).orElseThrow()));
        assertThat(message).startsWith("""

                Expecting dequeues to be fair per key in every 3 consecutive dequeues (with 2 concurrent workers: a \
                key that waits throughout a block sees at most 1 x 2 = 2 dequeues of any other key in it),
                but in dequeues #4 to #6 key "alice" had 3 dequeues and key "bob" only 0, while "bob" had eligible \
                jobs throughout and nothing in flight (difference 3, tolerance 1 x 2 workers = 2).
                """);
        assertThatThrownBy(() -> assertThatDequeues(TWO_WORKERS).isFairPerKeyInWindowsOf(3, 1))
                .hasMessageContaining(message.strip());
    }

    @Test
    void fifoMessageNamesTheWaitingJobThatWasPassedOver() {
        DequeueLog log = withWaiting(inOrder(job(2, "alice"), job(3, "bob")), job(1, "alice"));
        String message = text(ShouldBeFifoPerKey.create(log, checks(log).firstFifoBreak().orElseThrow()));
        assertThat(message).isEqualTo("""

                Expecting dequeues to be FIFO within each key,
                but job 2 of key "alice" (enqueued 2026-01-01T00:00:02Z) was dequeued at #1, before job 1 of the \
                same key, enqueued earlier (2026-01-01T00:00:01Z) and never dequeued (still waiting at the end of \
                the log).

                Timeline (> violation, * involved):
                > #1      job 2        key "alice"      priority 0   enqueued 2026-01-01T00:00:02Z  by w1
                  #2      job 3        key "bob"        priority 0   enqueued 2026-01-01T00:00:03Z  by w2
                * waiting job 1        key "alice"      priority 0   enqueued 2026-01-01T00:00:01Z  never dequeued

                Still waiting at the end of the log (never dequeued):
                  "alice"        1 job since 2026-01-01T00:00:01Z, eligible from dequeue #1, last dequeued at #1, \
                then waited through 1 dequeue of other keys

                Dequeues per key:
                  "alice"        1   (1 still waiting)
                  "bob"          1
                """);
        assertThatThrownBy(() -> assertThatDequeues(log).isFifoPerKey()).hasMessageContaining(message.strip());
    }

    @Test
    void priorityMessageNamesTheWaitingUrgentJob() {
        DequeueLog log = withWaiting(inOrder(job(2, "b", 5), job(3, "c", 5)), job(1, "a", 0));
        String message = text(ShouldRespectPriority.create(log, checks(log).firstPriorityInversion().orElseThrow()));
        assertThat(message).isEqualTo("""

                Expecting dequeues to respect priority (never a job while a more urgent one was eligible),
                but job 2 with priority 5 was dequeued at #1 while job 1 with more urgent priority 0 was eligible \
                (enqueued 2026-01-01T00:00:01Z) and was never dequeued (still waiting at the end of the log).

                Timeline (> violation, * involved):
                > #1      job 2        key "b"          priority 5   enqueued 2026-01-01T00:00:02Z  by w1
                  #2      job 3        key "c"          priority 5   enqueued 2026-01-01T00:00:03Z  by w2
                * waiting job 1        key "a"          priority 0   enqueued 2026-01-01T00:00:01Z  never dequeued

                Still waiting at the end of the log (never dequeued):
                  "a"            1 job since 2026-01-01T00:00:01Z, eligible from dequeue #1, never dequeued: waited \
                through 2 dequeues of other keys

                Dequeues per key:
                  "b"            1
                  "c"            1
                  "a"            0   (1 still waiting)
                """);
        assertThatThrownBy(() -> assertThatDequeues(log).respectsPriority()).hasMessageContaining(message.strip());
    }

    @Test
    void exactlyOnceMessageCountsTheWaitingJobsAsNeverDequeued() {
        assertThatThrownBy(() -> assertThatDequeues(CAROL_STARVED)
                .hasDequeuedEachExactlyOnce(List.of(1, 2, 3, 4, 5, 6, 7, 8)))
                .hasMessage("""

                        Expecting each of 8 jobs to be dequeued exactly once (6 dequeues logged),
                        but 2 were never dequeued: [7, 8].

                        Dequeues per key:
                          "alice"        4
                          "bob"          2
                          "carol"        0   (2 still waiting)
                        """);
    }

    @Test
    void exactlyOnceMessageNamesLostDuplicatedAndUnexpectedJobsInOneText() {
        String message = text(ShouldHaveDequeuedExactlyOnce.create(JOB_1_TWICE, List.of(1, 2, 3), List.of("3"), Map.of("1", 2),
                List.of("9")));
        assertThat(message).isEqualTo("""

                Expecting each of 3 jobs to be dequeued exactly once (3 dequeues logged),
                but 1 were never dequeued: [3],
                and 1 were dequeued more than once (id=times): [1=2],
                and 1 were dequeued but not expected: [9].

                Dequeues per key:
                  "alice"        2
                  "bob"          1
                """);
        assertThatThrownBy(() -> assertThatDequeues(JOB_1_TWICE).hasDequeuedEachExactlyOnce(List.of(1, 2, 3)))
                .hasMessageContaining("but 1 were never dequeued: [3],\nand 1 were dequeued more than once"
                        + " (id=times): [1=2].");
    }

    @Test
    void exactlyOnceMessageCountsEachExpectedIdOnceThoughGivenTwice() {
        String message = text(ShouldHaveDequeuedExactlyOnce.create(JOB_1_TWICE, List.of(1, 1, 2, 3), List.of("3"),
                Map.of("1", 2), List.of()));
        assertThat(message).isEqualTo("""

                Expecting each of 3 jobs to be dequeued exactly once (3 dequeues logged),
                but 1 were never dequeued: [3],
                and 1 were dequeued more than once (id=times): [1=2].

                Dequeues per key:
                  "alice"        2
                  "bob"          1
                """);
        assertThatThrownBy(() -> assertThatDequeues(JOB_1_TWICE).hasDequeuedEachExactlyOnce(List.of(1, 1, 2, 3)))
                .hasMessage(message);
    }

    @Test
    void exactlyOnceMessageShortensLongIdLists() {
        List<String> lost = java.util.stream.IntStream.rangeClosed(1, 25).mapToObj(String::valueOf).toList();
        assertThat(text(ShouldHaveDequeuedExactlyOnce.create(JOB_1_TWICE, lost, lost, Map.of(), List.of())))
                .contains("but 25 were never dequeued: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,"
                        + " 18, 19, 20] and 5 more.");
    }

    @Test
    void nullValueInAQueryRowMessageHasExactText() {
        assertThat(JobRows.nullValue("Dequeue log query", "SELECT * FROM taken", "every dequeue needs its id, key,"
                + " enqueue time and dequeue time", "key", "tenant", 4, "id 4, key NULL, enqueue time 2026-01-01"
                + " 00:00:03+00, priority 0, dequeue time 2026-01-01 00:01:03+00, worker w2"))
                .isEqualTo("Dequeue log query returned a null key in column \"tenant\" of row 4 (id 4, key NULL,"
                        + " enqueue time 2026-01-01 00:00:03+00, priority 0, dequeue time 2026-01-01 00:01:03+00,"
                        + " worker w2); every dequeue needs its id, key, enqueue time and dequeue time: filter such"
                        + " rows out (for example WHERE tenant IS NOT NULL) or give them a key (for example"
                        + " coalesce(tenant, 'none')):\n  SELECT * FROM taken");
        assertThat(JobRows.nullValue("Waiting jobs query", "SELECT * FROM queued", "every waiting job needs its id,"
                + " key and enqueue time", "id", "job", 1, "id NULL, key bob, enqueue time 2026-01-01 00:00:03+00,"
                + " priority 0"))
                .isEqualTo("Waiting jobs query returned a null id in column \"job\" of row 1 (id NULL, key bob,"
                        + " enqueue time 2026-01-01 00:00:03+00, priority 0); every waiting job needs its id, key and"
                        + " enqueue time: filter such rows out (for example WHERE job IS NOT NULL) or select an id"
                        + " that is never null:\n  SELECT * FROM queued");
        assertThat(JobRows.nullValue("Dequeue log query", "SELECT * FROM taken", "every dequeue needs its id, key,"
                + " enqueue time and dequeue time", "dequeue time", "at", 2, "id 3, key bob, enqueue time"
                + " 2026-01-01 00:00:02+00, priority 0, dequeue time NULL, worker w2"))
                .isEqualTo("Dequeue log query returned a null dequeue time in column \"at\" of row 2 (id 3, key bob,"
                        + " enqueue time 2026-01-01 00:00:02+00, priority 0, dequeue time NULL, worker w2); every"
                        + " dequeue needs its id, key, enqueue time and dequeue time: filter such rows out (for"
                        + " example WHERE at IS NOT NULL):\n  SELECT * FROM taken");
    }

    @Test
    void priorityWithAFractionMessageHasExactText() {
        assertThat(JobRows.notWhole("Dequeue log query", "SELECT * FROM taken", "prio", 3, "id 2, key alice,"
                + " enqueue time 2026-01-01 00:00:01+00, priority 1.7, dequeue time 2026-01-01 00:01:02+00,"
                + " worker w1", "1.7"))
                .isEqualTo("Dequeue log query returned priority 1.7 in column \"prio\" of row 3 (id 2, key alice,"
                        + " enqueue time 2026-01-01 00:00:01+00, priority 1.7, dequeue time 2026-01-01 00:01:02+00,"
                        + " worker w1), which is not a whole number; a priority is a whole number (smaller is more"
                        + " urgent), so round it or map it to one in the query (for example round(prio)::int):\n"
                        + "  SELECT * FROM taken");
    }

    @Test
    void enqueueMessageHasExactText() {
        Jobs pending = Jobs.in(new PGSimpleDataSource()).inTable("car_jobs").where("state = 'pending'")
                .keyedBy("args->>'car_id'");
        assertThat(text(ShouldHaveJobs.create(pending, "have at most one job per key",
                "these keys have more than one job (key=jobs): [8=2]")))
                .isEqualTo("\nExpecting jobs in table \"car_jobs\" where state = 'pending' keyed by args->>'car_id'"
                        + " to have at most one job per key,\nbut these keys have more than one job (key=jobs): [8=2].");
    }

    @Test
    void eventuallyMessageHasExactText() {
        Jobs all = Jobs.in(new PGSimpleDataSource()).inTable("car_jobs");
        String message = text(ShouldHaveJobs.eventually(all, Duration.ofMillis(200), "number 10", "found 3"));
        assertThat(message).isEqualTo("\nWaited PT0.2S for jobs in table \"car_jobs\" to number 10,"
                + "\nbut the last value seen was: found 3.");
    }

    @Test
    void noJobMatchedMessageHasExactText() {
        Jobs pending = Jobs.in(new PGSimpleDataSource()).inTable("car_jobs").where("state = 'pending'")
                .keyedBy("args->>'car_id'");
        assertThat(text(ShouldHaveJobs.noneMatched(pending, "have at most one job per key")))
                .isEqualTo("\nExpecting jobs in table \"car_jobs\" where state = 'pending' keyed by args->>'car_id'"
                        + " to have at most one job per key,\nbut no job matched: table \"car_jobs\" has no row where"
                        + " state = 'pending'. This reads the table, so a job enqueued through a function or trigger"
                        + " is counted all the same: nothing was enqueued. An at-most check holds on no job without"
                        + " checking anything; to assert that nothing is enqueued, use hasCount(0).");
        Jobs all = Jobs.in(new PGSimpleDataSource()).inTable("car_jobs").keyedBy("user_id");
        assertThat(text(ShouldHaveJobs.noneMatchedWithin(all, Duration.ofSeconds(10), "have at most one job per key")))
                .isEqualTo("\nWaited PT10S for jobs in table \"car_jobs\" keyed by user_id to have at most one job"
                        + " per key,\nbut no job matched in that time: table \"car_jobs\" has no row. This reads the"
                        + " table, so a job enqueued through a function or trigger is counted all the same: nothing"
                        + " was enqueued. An at-most check holds on no job without checking anything; to assert that"
                        + " nothing is enqueued, use hasCount(0).");
    }

    @Test
    void noEnqueueSeenMessageHasExactText() {
        Jobs all = Jobs.in(new PGSimpleDataSource()).inTable("car_jobs");
        assertThat(text(ShouldHaveJobs.noEnqueueSeen(all, 1, 3, Map.of(), List.of(), SecretParameters.none())))
                .isEqualTo("\nExpecting jobs in table \"car_jobs\" to be enqueued in at most 1 round trips,"
                        + "\nbut no captured statement inserts into the table (3 jobs match now), so there is no"
                        + " round trip to count. No captured statement can write rows its SQL text does not show, so"
                        + " those jobs came from outside the capture: a COPY through CopyManager, another connection or"
                        + " DataSource, or rows there before the code ran (narrow Jobs.where(...) to the jobs the code"
                        + " enqueues). Captured statements (0):\n    (none)");
    }

    @Test
    void noEnqueueSeenMessageSaysNothingCouldWriteUnseenWhenNoJobMatches() {
        Jobs all = Jobs.in(new PGSimpleDataSource()).inTable("car_jobs");
        assertThat(text(ShouldHaveJobs.noEnqueueSeen(all, 2, 0, Map.of(), List.of(), SecretParameters.none())))
                .isEqualTo("\nExpecting jobs in table \"car_jobs\" to be enqueued in at most 2 round trips,"
                        + "\nbut no captured statement inserts into the table (0 jobs match now), so there is no"
                        + " round trip to count. No captured statement can write rows its SQL text does not show"
                        + " either. Captured statements (0):\n    (none)");
    }

    @Test
    void enqueueNotRuledOutMessageHasExactText() {
        Jobs one = Jobs.in(new PGSimpleDataSource()).inTable("car_jobs").where("state = 'pending'");
        assertThat(text(ShouldHaveJobs.enqueueNotRuledOut(one, 1, Map.of(), List.of(), SecretParameters.none())))
                .isEqualTo("\nExpecting jobs in table \"car_jobs\" where state = 'pending' to be enqueued in at most"
                        + " 0 round trips,\nbut no captured statement inserts into the table, and that does not prove"
                        + " that nothing was enqueued: 1 job matches now. No captured statement can write rows its SQL"
                        + " text does not show, so those jobs came from outside the capture: a COPY through"
                        + " CopyManager, another connection or DataSource, or rows there before the code ran (narrow"
                        + " Jobs.where(...) to the jobs the code enqueues). Captured statements (0):\n    (none)");
    }

    @Test
    void roundTripSeamMessageHasExactText() {
        Jobs all = Jobs.in(new PGSimpleDataSource()).inTable("car_jobs");
        assertThatThrownBy(() -> assertThatJobs(all).wereEnqueuedInAtMostRoundTrips(1, table -> 3))
                .hasMessage("\nExpecting jobs in table \"car_jobs\" to be enqueued in at most 1 round trips,"
                        + "\nbut 3 round trips wrote to the table.");
    }
}
