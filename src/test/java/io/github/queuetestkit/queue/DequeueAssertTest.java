package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.queue.internal.OrderChecks;
import java.time.Instant;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

class DequeueAssertTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static DequeueLog fifoBroken() {
        return DequeueLog.builder()
                .dequeue(Job.of(2, "alice", T0.plusSeconds(1)), "w1", T0.plusSeconds(10))
                .dequeue(Job.of(1, "alice", T0), "w1", T0.plusSeconds(11))
                .build();
    }

    @Test
    void fifoMessageHasExactText() {
        DequeueLog log = fifoBroken();
        String message = ShouldBeFifoPerKey.create(log, new OrderChecks(log.dequeues()).firstFifoBreak().orElseThrow())
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);
        assertThat(message).isEqualTo("""

                Expecting dequeues to be FIFO within each key,
                but job 2 of key "alice" (enqueued 2026-01-01T00:00:01Z) was dequeued at #1, before job 1 of the \
                same key, enqueued earlier (2026-01-01T00:00:00Z) and dequeued only at #2.

                Timeline (> violation, * involved):
                > #1      job 2        key "alice"      priority 0   enqueued 2026-01-01T00:00:01Z  by w1
                * #2      job 1        key "alice"      priority 0   enqueued 2026-01-01T00:00:00Z  by w1

                Dequeues per key:
                  "alice"        2
                """);
        assertThatThrownBy(() -> assertThatDequeues(log).isFifoPerKey()).hasMessageContaining(message.strip());
    }

    @Test
    void concurrentDequeuesAreNotBlamedForTheirOrder() {
        DequeueLog log = DequeueLog.of(java.util.List.of(
                new Dequeue(Job.of(2, "alice", T0), "w2", T0.plusSeconds(1), T0.plusSeconds(3)),
                new Dequeue(Job.of(1, "alice", T0.minusSeconds(1)), "w1", T0.plusSeconds(2), T0.plusSeconds(4))));
        assertThatDequeues(log).isFifoPerKey().hasNoDuplicates().hasDequeuedEachExactlyOnce(java.util.List.of(1, 2));
    }

    @Test
    void lostJobsAreNamed() {
        assertThatThrownBy(() -> assertThatDequeues(fifoBroken()).hasDequeuedEachExactlyOnce(java.util.List.of(1, 2, 3)))
                .hasMessageContaining("Expecting each of 3 jobs to be dequeued exactly once (2 dequeues logged),")
                .hasMessageContaining("but 1 were never dequeued: [3]");
    }
}
