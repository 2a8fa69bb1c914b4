package io.github.queuetestkit.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import io.github.queuetestkit.queue.internal.LockingClauses;
import org.apiguardian.api.API;

/**
 * One lock wait of a harness session, as the lock-wait sampler saw it: the waiting worker and its statement, the
 * lock it waited for, the sessions that blocked it, and when it was seen. Samples of the same statement waiting on
 * the same lock make one wait.
 *
 * @param waiter the waiting worker's name ({@code worker-2}, or {@code arrivals})
 * @param waiterPid the waiter's backend pid
 * @param waiterStatement the statement that waited, as {@code pg_stat_activity} showed it (or, for a wait whose lock
 *        was not read, as the harness's wrapper on the worker's connection sent it, with {@code $n} placeholders)
 * @param lockType {@code pg_locks.locktype}: {@code tuple}, {@code transactionid}, {@code relation},
 *        {@code advisory}, ...; empty when the lock was not read ({@link #isLockRead()})
 * @param target what was locked, in words: {@code tuple (0,5) of jobs}, {@code transaction 1234},
 *        {@code advisory 42}, {@code relation jobs}; empty when the lock was not read
 * @param mode the mode asked for, such as {@code ShareLock} or {@code AccessExclusiveLock}; empty when the lock was
 *        not read
 * @param blockers the sessions holding or queued ahead for the lock ({@code pg_blocking_pids})
 * @param statementStart when the waiting statement started (server clock; for a wait whose lock was not read, when
 *        the client sent it, set to the server's clock)
 * @param firstSeen the first sample that saw it waiting (server clock)
 * @param lastSeen the last sample that saw it waiting (server clock)
 * @param waiterFunctions the functions the waiting statement may run, read from {@code pg_proc} on the sampler's
 *        connection as a worker first ran it (or as the run ends): those it calls, the triggers of the tables it
 *        names on what it writes, and so on down (empty when it runs none, or when the sampler's thread did not run)
 * @param tableKeys the unique keys of the tables the waiting statement and those functions name, by table name
 *        (unqualified), each as its columns: the primary key and the unique indexes on plain columns without a
 *        {@code WHERE}, read from {@code pg_index} with the functions; a key counts for a name only when every table of
 *        that name has it. A table missing here is one whose keys are not known (see
 *        {@link #waiterSkipsLockedRows()})
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record LockWait(String waiter, int waiterPid, String waiterStatement, String lockType, String target,
        String mode, List<Blocker> blockers, Instant statementStart, Instant firstSeen, Instant lastSeen,
        List<CalledFunction> waiterFunctions, Map<String, List<List<String>>> tableKeys) {

    /** A wait whose statement runs no function of the database's own, the keys of its tables not known. */
    public LockWait(String waiter, int waiterPid, String waiterStatement, String lockType, String target, String mode,
            List<Blocker> blockers, Instant statementStart, Instant firstSeen, Instant lastSeen) {
        this(waiter, waiterPid, waiterStatement, lockType, target, mode, blockers, statementStart, firstSeen, lastSeen,
                List.of(), Map.of());
    }

    /** A wait whose statement may run these functions, the keys of its tables not known. */
    public LockWait(String waiter, int waiterPid, String waiterStatement, String lockType, String target, String mode,
            List<Blocker> blockers, Instant statementStart, Instant firstSeen, Instant lastSeen,
            List<CalledFunction> waiterFunctions) {
        this(waiter, waiterPid, waiterStatement, lockType, target, mode, blockers, statementStart, firstSeen, lastSeen,
                waiterFunctions, Map.of());
    }

    /** Checks that nothing is null and copies the blockers. */
    public LockWait {
        Objects.requireNonNull(waiter, "waiter");
        Objects.requireNonNull(waiterStatement, "waiterStatement");
        Objects.requireNonNull(lockType, "lockType");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        blockers = List.copyOf(blockers);
        Objects.requireNonNull(statementStart, "statementStart");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        waiterFunctions = List.copyOf(waiterFunctions);
        Map<String, List<List<String>>> keys = new TreeMap<>();
        tableKeys.forEach((table, columns) -> keys.put(table, columns.stream().map(List::copyOf).toList()));
        tableKeys = Collections.unmodifiableMap(keys);
    }

    /**
     * How long the statement had been blocked at the last sample that saw it, counted from the statement's start:
     * a lower bound of the wait to within one sampling interval (a wait can end just after a sample), which also
     * counts the statement's own work before it blocked.
     *
     * @return the wait's duration, never negative
     */
    public Duration duration() {
        Instant from = statementStart.isBefore(firstSeen) ? statementStart : firstSeen;
        return Duration.between(from, lastSeen);
    }

    /**
     * Whether the lock waited on was read. It is not when the waiting statement was known, as the wait was seen, to
     * take its row locks only with {@code SKIP LOCKED} or {@code NOWAIT} (its text, the functions it runs and the keys
     * of its tables read on the sampler's connection when a worker first ran it): such a wait is PostgreSQL's own
     * (see {@link #waiterSkipsLockedRows()}) and its lock decides no verdict, while reading it (the lock table and
     * every session's status) is what the lock-wait checks cost most under load. Its statement and start then come
     * from the harness's wrapper on the worker's connection, and the blockers' statements are those they ran as the
     * wait was seen.
     *
     * @return whether {@link #lockType()}, {@link #target()} and {@link #mode()} were read
     */
    public boolean isLockRead() {
        return !lockType.isEmpty();
    }

    /**
     * A row lock is a {@code tuple} lock (a waiter in line for a row) or a {@code transactionid} lock (a waiter for
     * the transaction that locked or changed a row), the two a {@code FOR UPDATE} without {@code SKIP LOCKED} waits
     * on.
     *
     * @return whether this wait was for a row
     */
    public boolean isRowLock() {
        return "tuple".equals(lockType) || "transactionid".equals(lockType);
    }

    /**
     * Whether the waiting statement takes every row lock it asks for with {@code SKIP LOCKED} or {@code NOWAIT} and
     * writes, in a way that can queue, only tables it locks that way: such a statement never queues behind a row
     * another transaction holds, yet PostgreSQL makes it wait now and then when it follows a row's update chain (see
     * {@code hasNoWorkerWaitingOnAnotherWorkersRowLock()}). Read from the statement's text outside strings and
     * comments; a text cut short by {@code track_activity_query_size} before its clause reads as not skipping. A
     * dequeue that also bumps a shared counter row in the same statement does not skip. When it runs functions
     * ({@link #waiterFunctions()}), their bodies are read too, and every piece of them that writes or locks rows must
     * skip: a dequeue function that takes its job with {@code SKIP LOCKED} skips, one whose trigger updates a shared
     * row does not. Dynamic SQL is read from the string literals that build it
     * ({@code EXECUTE 'SELECT ... ' || quote_literal(q) || ' FOR UPDATE NOWAIT'}, or a variable assigned
     * {@code format(...)}); a function whose dynamic SQL is built without a literal ({@code EXECUTE sql} with
     * {@code sql} a parameter), or one in another procedural language, reads as not skipping.
     *
     * <p>A write to a table it locks must reach only the rows it locked: its {@code WHERE} must equate a unique key
     * of the table ({@link #tableKeys()}), as {@code UPDATE jobs ... FROM next WHERE jobs.id = next.id} does, while
     * {@code ... WHERE jobs.user_id = next.user_id} (every job of the user it took) queues behind the rows other
     * workers hold. A table whose keys are not known (one named at run time) counts as a whole.
     *
     * @return whether the waiter's statement only skips or fails on locked rows
     */
    public boolean waiterSkipsLockedRows() {
        return LockingClauses.onlySkipOrFailOnLockedRows(waiterStatement,
                waiterFunctions.stream().filter(CalledFunction::isReadable).map(CalledFunction::body).toList(),
                waiterFunctions.stream().anyMatch(CalledFunction::isUnreadable), tableKeys);
    }

    /** @return whether one of the blockers is a worker of the harness other than the waiter */
    public boolean isBlockedByAnotherWorker() {
        return blockers.stream().anyMatch(b -> b.isWorker() && !b.name().equals(waiter));
    }

    /**
     * A function of the database's own that a waiting statement may run.
     *
     * @param signature as {@code regprocedure} prints it, e.g. {@code take_job(text)}
     * @param language {@code pg_language.lanname}: {@code plpgsql}, {@code sql}, {@code c}, ...
     * @param body its source ({@code prosrc}), or its whole definition when its body is SQL-standard
     *        ({@code BEGIN ATOMIC})
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public record CalledFunction(String signature, String language, String body) {

        /** Checks that nothing is null. */
        public CalledFunction {
            Objects.requireNonNull(signature, "signature");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(body, "body");
        }

        /** Whether the kit reads its body for locking clauses (SQL and PL/pgSQL). */
        boolean isReadable() {
            return language.equals("sql") || language.equals("plpgsql");
        }

        /** Whether it may run SQL the kit cannot read (another procedural language; C and built-ins are not). */
        boolean isUnreadable() {
            return !isReadable() && !language.equals("c") && !language.equals("internal");
        }
    }

    /**
     * A session that blocked a {@link LockWait}.
     *
     * @param name the worker's name, {@code arrivals}, or {@code pid 1234} for a session not of the harness
     * @param pid its backend pid
     * @param statement its current or last statement, as {@code pg_stat_activity} showed it; for a session idle in
     *        its transaction, the statement that took the lock or a later one
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public record Blocker(String name, int pid, String statement) {

        /** Checks that nothing is null. */
        public Blocker {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(statement, "statement");
        }

        /** @return whether the blocker is one of the harness's workers */
        public boolean isWorker() {
            return name.startsWith("worker-");
        }
    }
}
