package io.github.queuetestkit.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A worker transaction the server aborted for contention: a deadlock victim, a serialization failure or a lock
 * timeout. The harness records it, rolls the transaction back and lets the worker take a job again, instead of
 * failing the run with a {@link WorkerFailedException}.
 *
 * @param kind which of the three
 * @param worker the worker whose transaction was aborted
 * @param job the job it held, or {@code null} if the dequeue itself failed
 * @param sqlState the server's SQLSTATE ({@code 40P01}, {@code 40001} or {@code 55P03})
 * @param message the server's message
 * @param detail the server's detail ({@code Process 123 waits for ShareLock on transaction 456; blocked by process
 *        789. ...} for a deadlock), or empty
 * @param sides for a deadlock, each process the detail names with its worker and statement as the lock-wait
 *        sampler last saw it ({@code process 789 (worker-3): UPDATE ...}); empty otherwise
 * @param at when the worker got the error
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record TransactionConflict(Kind kind, String worker, Job job, String sqlState, String message, String detail,
        List<String> sides, Instant at) {

    /** Checks that nothing but the job is null and copies the sides. */
    public TransactionConflict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(sqlState, "sqlState");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(detail, "detail");
        sides = List.copyOf(sides);
        Objects.requireNonNull(at, "at");
    }

    /** The contention errors the harness records instead of failing the run. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public enum Kind {
        /** SQLSTATE {@code 40P01}: the transaction was chosen as a deadlock victim. */
        DEADLOCK("40P01", "deadlock"),
        /** SQLSTATE {@code 40001}: a serializable or repeatable-read transaction could not be serialized. */
        SERIALIZATION_FAILURE("40001", "serialization failure"),
        /** SQLSTATE {@code 55P03}: a lock was not available ({@code lock_timeout}, {@code NOWAIT}). */
        LOCK_TIMEOUT("55P03", "lock timeout");

        private final String sqlState;
        private final String words;

        Kind(String sqlState, String words) {
            this.sqlState = sqlState;
            this.words = words;
        }

        /** @return the SQLSTATE of this kind */
        public String sqlState() {
            return sqlState;
        }

        /** @return the kind in words, for messages */
        public String words() {
            return words;
        }

        /**
         * @param sqlState a SQLSTATE, may be null
         * @return the kind with that SQLSTATE, or {@code null} for any other
         */
        static Kind of(String sqlState) {
            for (Kind kind : values()) {
                if (kind.sqlState.equals(sqlState)) {
                    return kind;
                }
            }
            return null;
        }
    }
}
