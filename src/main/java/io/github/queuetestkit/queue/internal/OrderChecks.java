package io.github.queuetestkit.queue.internal;

import io.github.queuetestkit.queue.Dequeue;
import io.github.queuetestkit.queue.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The order checks behind {@code DequeueAssert}. Every check treats two dequeues whose intervals
 * ({@code startedAt..dequeuedAt}) overlap as concurrent, so a correct queue run by many workers is never
 * blamed for the order in which its workers happened to report. Waiting jobs (enqueued, never dequeued) make their
 * keys eligible from their enqueue time to the end of the log.
 *
 * <p>With a concurrency N above 1, the round-robin, window and starvation checks count per <em>wait</em>: a key
 * waits while it has an eligible job and no dequeue in flight, and only the dequeues of other keys that ran entirely
 * inside that wait (started after it began, committed before it ended) count against it. A queue that serves keys
 * in round-robin order with one worker passes over a waiting key only from snapshots in which that key is behind:
 * once one of those dequeues commits, its key is behind the waiting one until that one is served, so every dequeue
 * passing it was decided before the first of them committed, all in flight together, at most N.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class OrderChecks {

    private final List<Dequeue> log;
    private final List<Job> waitingJobs;
    private final int concurrency;
    private final List<String> keys;
    private final int[] keyOf;
    private final int[] waitingKeyOf;
    /** Per key, effective enqueue times (never after the job's own start), waiting jobs included, sorted. */
    private final long[][] enqueued;
    /** Per key, dequeue start times, sorted, as epoch nanos. */
    private final long[][] started;
    /** Per key, dequeue commit times, sorted, as epoch nanos. */
    private final long[][] ended;
    /** Per dequeue, start and commit as epoch nanos, in log order. */
    private final long[] startOf;
    private final long[] endOf;
    /** Whether the log is ordered by commit time, so a wait's dequeues can be found by binary search. */
    private final boolean byCommit;
    /** Keys with waiting jobs first, then the others: where several keys break a rule at once, a starved one is named. */
    private final int[] keyOrder;
    private final boolean[] hasWaiting;
    private long[][][] waits;

    /** @param log the dequeues, ordered by {@code dequeuedAt}, with no waiting jobs and concurrency 1 */
    public OrderChecks(List<Dequeue> log) {
        this(log, List.of(), 1);
    }

    /**
     * @param log the dequeues, ordered by {@code dequeuedAt}
     * @param waitingJobs jobs enqueued and never dequeued by the end of the log
     * @param concurrency how many workers may have dequeued at the same time, at least 1
     */
    public OrderChecks(List<Dequeue> log, List<Job> waitingJobs, int concurrency) {
        this.log = log;
        this.waitingJobs = waitingJobs;
        this.concurrency = concurrency;
        Map<String, Integer> index = new LinkedHashMap<>();
        keyOf = new int[log.size()];
        for (int i = 0; i < log.size(); i++) {
            keyOf[i] = index.computeIfAbsent(log.get(i).job().key(), k -> index.size());
        }
        waitingKeyOf = new int[waitingJobs.size()];
        for (int w = 0; w < waitingJobs.size(); w++) {
            waitingKeyOf[w] = index.computeIfAbsent(waitingJobs.get(w).key(), k -> index.size());
        }
        keys = List.copyOf(index.keySet());
        int[] sizes = new int[keys.size()];
        int[] waitingSizes = new int[keys.size()];
        for (int k : keyOf) {
            sizes[k]++;
        }
        for (int k : waitingKeyOf) {
            waitingSizes[k]++;
        }
        enqueued = new long[keys.size()][];
        started = new long[keys.size()][];
        ended = new long[keys.size()][];
        for (int k = 0; k < keys.size(); k++) {
            enqueued[k] = new long[sizes[k] + waitingSizes[k]];
            started[k] = new long[sizes[k]];
            ended[k] = new long[sizes[k]];
        }
        startOf = new long[log.size()];
        endOf = new long[log.size()];
        boolean ordered = true;
        int[] fill = new int[keys.size()];
        for (int i = 0; i < log.size(); i++) {
            Dequeue d = log.get(i);
            long start = nanos(d.startedAt());
            int k = keyOf[i];
            enqueued[k][fill[k]] = Math.min(nanos(d.job().enqueuedAt()), start);
            started[k][fill[k]] = start;
            ended[k][fill[k]] = nanos(d.dequeuedAt());
            fill[k]++;
            startOf[i] = start;
            endOf[i] = nanos(d.dequeuedAt());
            ordered &= i == 0 || endOf[i - 1] <= endOf[i];
        }
        byCommit = ordered;
        for (int w = 0; w < waitingJobs.size(); w++) {
            int k = waitingKeyOf[w];
            enqueued[k][fill[k]++] = nanos(waitingJobs.get(w).enqueuedAt());
        }
        for (int k = 0; k < keys.size(); k++) {
            Arrays.sort(enqueued[k]);
            Arrays.sort(started[k]);
            Arrays.sort(ended[k]);
        }
        hasWaiting = new boolean[keys.size()];
        for (int k : waitingKeyOf) {
            hasWaiting[k] = true;
        }
        keyOrder = new int[keys.size()];
        int next = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < keys.size(); k++) {
                if (hasWaiting[k] == (pass == 0)) {
                    keyOrder[next++] = k;
                }
            }
        }
    }

    /**
     * @param slack how far an enqueue time may be after its dequeue's commit (clocks of two machines)
     * @return the first dequeue whose job was enqueued after the dequeue committed, by more than {@code slack}:
     *     impossible, so the times are wrong (another time zone, a clock far off, a scheduled time not waited for)
     */
    public Optional<Integer> firstEnqueuedAfterItsDequeue(java.time.Duration slack) {
        for (int i = 0; i < log.size(); i++) {
            Dequeue d = log.get(i);
            if (d.job().enqueuedAt().isAfter(d.dequeuedAt().plus(slack))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** @return how many keys the log has, its waiting jobs' included */
    public int keyCount() {
        return keys.size();
    }

    /**
     * @return whether some key has two jobs (dequeued or waiting) enqueued at different times, so that an order
     *     within a key can be judged
     */
    public boolean hasTwoJobsOfAKeyEnqueuedApart() {
        Map<Integer, Instant> first = new HashMap<>();
        for (int i = 0; i < log.size() + waitingJobs.size(); i++) {
            int k = i < log.size() ? keyOf[i] : waitingKeyOf[i - log.size()];
            Instant at = i < log.size() ? enqueuedAt(i) : waitingJobs.get(i - log.size()).enqueuedAt();
            Instant seen = first.putIfAbsent(k, at);
            if (seen != null && !seen.equals(at)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the log's jobs (dequeued or waiting) have more than one priority, so priority can be judged */
    public boolean hasTwoPriorities() {
        Set<Integer> priorities = new java.util.HashSet<>();
        log.forEach(d -> priorities.add(d.job().priority()));
        waitingJobs.forEach(j -> priorities.add(j.priority()));
        return priorities.size() > 1;
    }

    /**
     * @param dequeues dequeues over which counts are taken
     * @param keys keys counted
     * @return the highest Jain's index any queue can reach over so few dequeues: counts as even as they can be
     */
    public static double bestJainIndex(int dequeues, int keys) {
        if (dequeues == 0 || keys == 0) {
            return 1.0;
        }
        long each = dequeues / keys;
        long more = dequeues % keys;
        double squares = more * (each + 1) * (each + 1) + (keys - more) * each * each;
        return (double) dequeues * dequeues / (keys * squares);
    }

    /** @return how many workers may have dequeued at the same time */
    public int concurrency() {
        return concurrency;
    }

    /**
     * A broken rule: the dequeue at {@code index}, the other dequeues involved, the waiting jobs involved (indexes
     * into the waiting jobs), and what went wrong.
     */
    public record Violation(int index, Set<Integer> related, List<Integer> waitingRelated, String what) {

        /** Copies the sets. */
        public Violation {
            related = Set.copyOf(related);
            waitingRelated = List.copyOf(waitingRelated);
        }

        /**
         * @param index the dequeue that broke the rule
         * @param related the other dequeues involved
         * @param what what went wrong
         */
        public Violation(int index, Set<Integer> related, String what) {
            this(index, related, List.of(), what);
        }
    }

    /** @return the first dequeue of a job already dequeued before */
    public Optional<Violation> firstDuplicate() {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            Dequeue d = log.get(i);
            Integer first = seen.putIfAbsent(d.job().id(), i);
            if (first != null) {
                return Optional.of(new Violation(i, Set.of(first), "job " + d.job().id() + " was dequeued again at #"
                        + (i + 1) + " by " + d.worker() + " after #" + (first + 1) + " by "
                        + log.get(first).worker()));
            }
        }
        return Optional.empty();
    }

    /**
     * @param expected every job id that should have been dequeued
     * @return the ids never dequeued, in the order given
     */
    public List<String> missing(Collection<?> expected) {
        Set<String> dequeued = new java.util.HashSet<>();
        log.forEach(d -> dequeued.add(d.job().id()));
        List<String> missing = new ArrayList<>();
        for (Object id : new LinkedHashSet<>(expected)) {
            if (!dequeued.contains(String.valueOf(id))) {
                missing.add(String.valueOf(id));
            }
        }
        return missing;
    }

    /**
     * @param expected every job id that should have been dequeued
     * @return the dequeued ids that were not expected, in log order
     */
    public List<String> unexpected(Collection<?> expected) {
        Set<String> wanted = new java.util.HashSet<>();
        expected.forEach(id -> wanted.add(String.valueOf(id)));
        Set<String> extra = new LinkedHashSet<>();
        log.forEach(d -> {
            if (!wanted.contains(d.job().id())) {
                extra.add(d.job().id());
            }
        });
        return List.copyOf(extra);
    }

    /**
     * Round-robin fairness: while a key waits (an eligible job, no dequeue in flight), no other key completes more
     * than {@code tolerance * N} dequeues inside that wait, whether or not it has more jobs queued afterwards (a key
     * whose jobs arrive one at a time and are served at once, while another waits, is favoured all the same). With
     * one worker a round-robin queue serves each other key at most once in a wait, so {@code tolerance} 1 holds; the
     * counts since the start of the log are not compared, since a key that runs dry and comes back is behind them
     * without being wronged.
     *
     * @param tolerance allowed dequeues of another key in one wait, per worker
     * @return the first dequeue that exceeded it
     */
    public Optional<Violation> firstUnfairDequeue(int tolerance) {
        return firstUnfairInAWait(tolerance);
    }

    private Optional<Violation> firstUnfairInAWait(int tolerance) {
        int bound = tolerance * concurrency;
        Violation first = null;
        for (int b : keyOrder) {
            for (long[] wait : waits(b)) {
                int limit = first == null ? log.size() : first.index();
                int[] counts = new int[keys.size()];
                int firstInside = -1;
                for (int i = firstEndAfter(wait[0]); i < limit && (!byCommit || endOf[i] < wait[1]); i++) {
                    if (!inside(i, wait)) {
                        continue;
                    }
                    if (firstInside < 0) {
                        firstInside = i;
                    }
                    int a = keyOf[i];
                    if (a == b || ++counts[a] <= bound) {
                        continue;
                    }
                    Set<Integer> counted = new LinkedHashSet<>();
                    for (int j = firstInside; j < i; j++) {
                        if (keyOf[j] == a && inside(j, wait)) {
                            counted.add(j);
                        }
                    }
                    first = new Violation(i, counted, oldestWaiting(b), "after dequeue #" + (i + 1) + " key "
                            + quote(keys.get(a)) + " had " + counts[a] + " dequeues and key " + quote(keys.get(b))
                            + " only 0, counted since " + quote(keys.get(b))
                            + " began waiting (eligible, nothing in flight) " + waitStart(firstInside)
                            + " (difference " + counts[a] + ", " + tolerated(tolerance) + ")");
                    break;
                }
                if (first != null && first.index() < limit) {
                    break;
                }
            }
        }
        return Optional.ofNullable(first);
    }

    /**
     * Window fairness: in every block of {@code window} consecutive dequeues, among keys eligible throughout
     * the block, dequeue counts differ by at most {@code tolerance}. With concurrency N above 1 the least-served key
     * must have waited throughout the block (no dequeue of it in flight at any point of it: one in flight was being
     * served, for however long its worker took), and the others' dequeues inside its wait may number at most
     * {@code tolerance * N}.
     *
     * @param window dequeues per block
     * @param tolerance allowed difference within a block, per worker
     * @return the last dequeue of the first unfair block, related: the block
     */
    public Optional<Violation> firstUnfairWindow(int window, int tolerance) {
        int allowed = tolerance * concurrency;
        for (int from = 0; from + window <= log.size(); from += window) {
            boolean[] throughout = new boolean[keys.size()];
            Arrays.fill(throughout, true);
            int[] counts = new int[keys.size()];
            long before = startOf[from];
            for (int k = 0; k < keys.size(); k++) {
                throughout[k] = waiting(k, before) > 0;
            }
            long blockEnd = before;
            for (int i = from; i < from + window; i++) {
                counts[keyOf[i]]++;
                long t = endOf[i];
                blockEnd = Math.max(blockEnd, t);
                for (int k = 0; k < keys.size(); k++) {
                    throughout[k] &= waiting(k, t) > 0 || (i == from + window - 1 && keyOf[i] == k);
                }
            }
            int most = -1;
            int least = -1;
            long leastWaitStart = 0;
            for (int k = 0; k < keys.size(); k++) {
                // Any key served in the block counts against one that waited throughout it, whether or not it had
                // more jobs queued: a round-robin queue serves it at most once between two turns of the waiting key.
                if (counts[k] > 0 && (most < 0 || counts[k] > counts[most])) {
                    most = k;
                }
                if (!throughout[k]) {
                    continue;
                }
                if (concurrency == 1) {
                    if (least < 0 || counts[k] < counts[least]
                            || counts[k] == counts[least] && hasWaiting[k] && !hasWaiting[least]) {
                        least = k;
                    }
                } else {
                    // The key waiting longest sees the most dequeues of others inside its wait.
                    long[] wait = waitCovering(k, before, blockEnd);
                    if (wait != null && (least < 0 || wait[0] < leastWaitStart)) {
                        least = k;
                        leastWaitStart = wait[0];
                    }
                }
            }
            if (concurrency > 1 && least >= 0) {
                // Only the others' dequeues inside the waiting key's wait count; one that began before it was
                // decided before that key's last dequeue committed.
                Arrays.fill(counts, 0);
                most = -1;
                for (int i = from; i < from + window; i++) {
                    if (startOf[i] > leastWaitStart && keyOf[i] != least) {
                        counts[keyOf[i]]++;
                        if (most < 0 || counts[keyOf[i]] > counts[most]) {
                            most = keyOf[i];
                        }
                    }
                }
            }
            if (most >= 0 && least >= 0 && most != least && counts[most] - counts[least] > allowed) {
                Set<Integer> block = new LinkedHashSet<>();
                for (int i = from; i < from + window; i++) {
                    block.add(i);
                }
                int last = from + window - 1;
                return Optional.of(new Violation(last, block, oldestWaiting(least), "in dequeues #" + (from + 1)
                        + " to #" + (last + 1) + " key " + quote(keys.get(most)) + " had " + counts[most]
                        + " dequeues and key " + quote(keys.get(least)) + " only " + counts[least]
                        + ", while " + quote(keys.get(least)) + " had eligible jobs throughout"
                        + (concurrency == 1 ? "" : " and nothing in flight")
                        + " (difference " + (counts[most] - counts[least]) + ", " + tolerated(tolerance) + ")"));
            }
        }
        return Optional.empty();
    }

    /**
     * Jain's index over the contended prefix of the log, with the counts it was computed from and the oldest waiting
     * job of each key counted with no dequeue in it (indexes into the waiting jobs).
     */
    public record Jain(double index, int prefix, String exhaustedKey, Map<String, Integer> counts,
            List<Integer> waitingRelated) {

        /** Copies the list. */
        public Jain {
            waitingRelated = List.copyOf(waitingRelated);
        }
    }

    /**
     * Jain's fairness index {@code (sum x)^2 / (n * sum x^2)} of the dequeue counts per key over the contended
     * prefix: from the first dequeue until the first key that had eligible jobs runs out of them; the keys
     * counted are those that had an eligible job at some point of that prefix.
     *
     * @return the index, 1.0 for an empty log
     */
    public Jain jain() {
        int[] counts = new int[keys.size()];
        boolean[] present = new boolean[keys.size()];
        int end = log.size();
        String exhausted = null;
        for (int i = 0; i < log.size(); i++) {
            long before = nanos(log.get(i).startedAt());
            for (int k = 0; k < keys.size(); k++) {
                present[k] |= waiting(k, before) > 0 || keyOf[i] == k;
            }
            int k = keyOf[i];
            present[k] = true;
            counts[k]++;
            if (waiting(k, nanos(log.get(i).dequeuedAt())) <= 0) {
                end = i + 1;
                exhausted = keys.get(k);
                break;
            }
        }
        double sum = 0;
        double squares = 0;
        int n = 0;
        Map<String, Integer> table = new LinkedHashMap<>();
        List<Integer> starved = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            if (present[k]) {
                n++;
                sum += counts[k];
                squares += (double) counts[k] * counts[k];
                table.put(keys.get(k), counts[k]);
                if (counts[k] == 0 && starved.size() < 5) {
                    starved.addAll(oldestWaiting(k));
                }
            }
        }
        double index = squares == 0 ? 1.0 : sum * sum / (n * squares);
        return new Jain(index, end, exhausted, table, starved);
    }

    /**
     * FIFO within a key: no job is dequeued, definitely before, a job of the same key enqueued earlier; a waiting
     * job of the key that was enqueued earlier was passed over for good.
     *
     * @return the first dequeue that jumped ahead, related: the job it jumped
     */
    public Optional<Violation> firstFifoBreak() {
        Map<Integer, List<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            byKey.computeIfAbsent(keyOf[i], k -> new ArrayList<>()).add(i);
        }
        int[] oldestWaiting = new int[keys.size()];
        Arrays.fill(oldestWaiting, -1);
        for (int w = 0; w < waitingJobs.size(); w++) {
            int k = waitingKeyOf[w];
            if (oldestWaiting[k] < 0
                    || waitingJobs.get(w).enqueuedAt().isBefore(waitingJobs.get(oldestWaiting[k]).enqueuedAt())) {
                oldestWaiting[k] = w;
            }
        }
        int firstY = -1;
        int firstX = -1;
        int firstWaiting = -1;
        for (Map.Entry<Integer, List<Integer>> entry : byKey.entrySet()) {
            List<Integer> members = entry.getValue();
            int w = oldestWaiting[entry.getKey()];
            Integer[] byStart = members.toArray(Integer[]::new);
            Arrays.sort(byStart, (a, b) -> log.get(a).startedAt().compareTo(log.get(b).startedAt()));
            int[] suffixMin = new int[byStart.length + 1];
            suffixMin[byStart.length] = -1;
            for (int s = byStart.length - 1; s >= 0; s--) {
                int next = suffixMin[s + 1];
                suffixMin[s] = next < 0 || enqueuedAt(byStart[s]).isBefore(enqueuedAt(next)) ? byStart[s] : next;
            }
            for (int y : members) {
                if (firstY >= 0 && y >= firstY) {
                    break;
                }
                int from = firstStartAfter(byStart, log.get(y).dequeuedAt());
                int x = suffixMin[from];
                boolean dequeuedLater = x >= 0 && enqueuedAt(x).isBefore(enqueuedAt(y));
                boolean waitingEarlier = w >= 0 && waitingJobs.get(w).enqueuedAt().isBefore(enqueuedAt(y))
                        && (!dequeuedLater || waitingJobs.get(w).enqueuedAt().isBefore(enqueuedAt(x)));
                if (waitingEarlier) {
                    firstY = y;
                    firstX = -1;
                    firstWaiting = w;
                } else if (dequeuedLater) {
                    firstY = y;
                    firstX = x;
                    firstWaiting = -1;
                }
            }
        }
        if (firstY < 0) {
            return Optional.empty();
        }
        Dequeue y = log.get(firstY);
        String jumped;
        if (firstWaiting >= 0) {
            Job x = waitingJobs.get(firstWaiting);
            jumped = "job " + x.id() + " of the same key, enqueued earlier (" + x.enqueuedAt() + ") and " + NEVER;
        } else {
            Dequeue x = log.get(firstX);
            jumped = "job " + x.job().id() + " of the same key, enqueued earlier (" + x.job().enqueuedAt()
                    + ") and dequeued only at #" + (firstX + 1);
        }
        return Optional.of(new Violation(firstY, firstX < 0 ? Set.of() : Set.of(firstX),
                firstWaiting < 0 ? List.of() : List.of(firstWaiting), "job " + y.job().id() + " of key "
                        + quote(y.job().key()) + " (enqueued " + y.job().enqueuedAt() + ") was dequeued at #"
                        + (firstY + 1) + ", before " + jumped));
    }

    /** How a waiting job's fate reads in a message. */
    private static final String NEVER = "never dequeued (still waiting at the end of the log)";

    /**
     * Priority: no job is dequeued while a more urgent job (smaller priority number) was eligible and still
     * waiting after it, or never dequeued at all.
     *
     * @return the first dequeue that passed over a more urgent job, related: that job
     */
    public Optional<Violation> firstPriorityInversion() {
        Integer[] byStart = new Integer[log.size()];
        for (int i = 0; i < byStart.length; i++) {
            byStart[i] = i;
        }
        Arrays.sort(byStart, (a, b) -> log.get(a).startedAt().compareTo(log.get(b).startedAt()));
        // Waiting jobs by enqueue time, with the most urgent one enqueued so far at each position.
        Integer[] waitingByEnqueue = new Integer[waitingJobs.size()];
        for (int w = 0; w < waitingByEnqueue.length; w++) {
            waitingByEnqueue[w] = w;
        }
        Arrays.sort(waitingByEnqueue, (a, b) -> waitingJobs.get(a).enqueuedAt()
                .compareTo(waitingJobs.get(b).enqueuedAt()));
        int[] mostUrgentSoFar = new int[waitingByEnqueue.length];
        for (int p = 0; p < waitingByEnqueue.length; p++) {
            int w = waitingByEnqueue[p];
            mostUrgentSoFar[p] = p > 0 && waitingJobs.get(mostUrgentSoFar[p - 1]).priority()
                    <= waitingJobs.get(w).priority() ? mostUrgentSoFar[p - 1] : w;
        }
        for (int y = 0; y < log.size(); y++) {
            Dequeue taken = log.get(y);
            int best = -1;
            for (int s = firstStartAfter(byStart, taken.dequeuedAt()); s < byStart.length; s++) {
                int x = byStart[s];
                Dequeue other = log.get(x);
                if (other.job().priority() < taken.job().priority()
                        && !other.job().enqueuedAt().isAfter(taken.startedAt())
                        && (best < 0 || other.job().priority() < log.get(best).job().priority())) {
                    best = x;
                }
            }
            int eligibleWaiting = countEnqueuedBy(waitingByEnqueue, taken.startedAt());
            int urgentWaiting = eligibleWaiting == 0 ? -1 : mostUrgentSoFar[eligibleWaiting - 1];
            if (urgentWaiting >= 0 && waitingJobs.get(urgentWaiting).priority() < taken.job().priority()
                    && (best < 0 || waitingJobs.get(urgentWaiting).priority() < log.get(best).job().priority())) {
                Job x = waitingJobs.get(urgentWaiting);
                return Optional.of(new Violation(y, Set.of(), List.of(urgentWaiting), "job " + taken.job().id()
                        + " with priority " + taken.job().priority() + " was dequeued at #" + (y + 1) + " while job "
                        + x.id() + " with more urgent priority " + x.priority() + " was eligible (enqueued "
                        + x.enqueuedAt() + ") and was " + NEVER));
            }
            if (best >= 0) {
                Dequeue x = log.get(best);
                return Optional.of(new Violation(y, Set.of(best), "job " + taken.job().id() + " with priority "
                        + taken.job().priority() + " was dequeued at #" + (y + 1) + " while job " + x.job().id()
                        + " with more urgent priority " + x.job().priority() + " was eligible (enqueued "
                        + x.job().enqueuedAt() + ") and waited until #" + (best + 1)));
            }
        }
        return Optional.empty();
    }

    private int countEnqueuedBy(Integer[] waitingByEnqueue, Instant t) {
        int lo = 0;
        int hi = waitingByEnqueue.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (waitingJobs.get(waitingByEnqueue[mid]).enqueuedAt().isAfter(t)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * Starvation: no key with an eligible job waits through more than {@code bound} dequeues of other keys. A key
     * with a dequeue in flight is being served, not waiting. With concurrency N above 1 the bound is
     * {@code bound * N}, counted per wait over the dequeues that ran entirely inside it.
     *
     * @param bound the longest allowed wait, in dequeues, per worker
     * @return the dequeue that exceeded the bound
     */
    public Optional<Violation> firstStarvation(int bound) {
        return concurrency == 1 ? firstStarvationInCommitOrder(bound) : firstStarvationInAWait(bound);
    }

    private Optional<Violation> firstStarvationInCommitOrder(int bound) {
        int[] streak = new int[keys.size()];
        int[] since = new int[keys.size()];
        for (int i = 0; i < log.size(); i++) {
            long t = startOf[i];
            for (int k : keyOrder) {
                if (k == keyOf[i] || waitingStrict(k, t) <= 0 || inFlight(k, t)) {
                    streak[k] = 0;
                    continue;
                }
                if (streak[k] == 0) {
                    since[k] = i;
                }
                streak[k]++;
                if (streak[k] > bound) {
                    return Optional.of(new Violation(i, Set.of(), oldestWaiting(k), "key " + quote(keys.get(k))
                            + " had an eligible job but waited through " + streak[k] + " dequeues of other keys (#"
                            + (since[k] + 1) + " to #" + (i + 1) + "), more than the bound of " + bound));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Violation> firstStarvationInAWait(int bound) {
        int allowed = bound * concurrency;
        Violation first = null;
        for (int b : keyOrder) {
            for (long[] wait : waits(b)) {
                int limit = first == null ? log.size() : first.index();
                int through = 0;
                int since = -1;
                for (int i = firstEndAfter(wait[0]); i < limit && (!byCommit || endOf[i] < wait[1]); i++) {
                    if (!inside(i, wait) || keyOf[i] == b) {
                        continue;
                    }
                    if (since < 0) {
                        since = i;
                    }
                    if (++through > allowed) {
                        first = new Violation(i, Set.of(), oldestWaiting(b), "key " + quote(keys.get(b))
                                + " had an eligible job and nothing in flight but waited through " + through
                                + " dequeues of other keys (#" + (since + 1) + " to #" + (i + 1)
                                + "), more than the bound of " + bound + " x " + concurrency + " workers = "
                                + allowed);
                        break;
                    }
                }
                if (first != null && first.index() < limit) {
                    break;
                }
            }
        }
        return Optional.ofNullable(first);
    }

    /**
     * What a key that still has waiting jobs at the end of the log went through.
     *
     * @param key the key
     * @param jobs how many of its jobs were never dequeued
     * @param since the enqueue time of the oldest of them
     * @param eligibleFrom the first dequeue (0-based) that started after it was enqueued, or -1 if none did
     * @param lastDequeue the key's last dequeue (0-based), or -1 if it was never dequeued
     * @param through the dequeues of other keys that started after both its oldest waiting job was enqueued and
     *        its own last dequeue committed
     */
    public record WaitingKey(String key, int jobs, Instant since, int eligibleFrom, int lastDequeue, int through) {
    }

    /** @return one entry per key with waiting jobs, keys in log order */
    public List<WaitingKey> waitingKeys() {
        List<WaitingKey> out = new ArrayList<>();
        int[] jobs = new int[keys.size()];
        int[] oldest = new int[keys.size()];
        Arrays.fill(oldest, -1);
        for (int w = 0; w < waitingJobs.size(); w++) {
            int k = waitingKeyOf[w];
            jobs[k]++;
            if (oldest[k] < 0 || waitingJobs.get(w).enqueuedAt().isBefore(waitingJobs.get(oldest[k]).enqueuedAt())) {
                oldest[k] = w;
            }
        }
        int[] last = new int[keys.size()];
        Arrays.fill(last, -1);
        for (int i = 0; i < log.size(); i++) {
            last[keyOf[i]] = i;
        }
        for (int k = 0; k < keys.size(); k++) {
            if (jobs[k] == 0) {
                continue;
            }
            Instant since = waitingJobs.get(oldest[k]).enqueuedAt();
            long enqueuedAt = nanos(since);
            long from = ended[k].length == 0 ? enqueuedAt : Math.max(enqueuedAt, ended[k][ended[k].length - 1]);
            int eligibleFrom = -1;
            int through = 0;
            for (int i = 0; i < log.size(); i++) {
                if (eligibleFrom < 0 && startOf[i] >= enqueuedAt) {
                    eligibleFrom = i;
                }
                if (keyOf[i] != k && startOf[i] >= from) {
                    through++;
                }
            }
            out.add(new WaitingKey(keys.get(k), jobs[k], since, eligibleFrom, last[k], through));
        }
        return out;
    }

    /** @return the keys in order of first dequeue, then the keys that only have waiting jobs */
    public List<String> keys() {
        return keys;
    }

    /** The oldest waiting job of key k, as a one-element list, or empty if it has none. */
    private List<Integer> oldestWaiting(int k) {
        int oldest = -1;
        for (int w = 0; w < waitingJobs.size(); w++) {
            if (waitingKeyOf[w] == k && (oldest < 0
                    || waitingJobs.get(w).enqueuedAt().isBefore(waitingJobs.get(oldest).enqueuedAt()))) {
                oldest = w;
            }
        }
        return oldest < 0 ? List.of() : List.of(oldest);
    }

    /**
     * The waits of key k, in time order: each {@code {from, to}} is a stretch in which the key had an eligible job
     * and no dequeue in flight; {@code to} is {@code Long.MAX_VALUE} for a wait still going at the end of the log.
     */
    private long[][] waits(int k) {
        if (waits == null) {
            waits = new long[keys.size()][][];
        }
        if (waits[k] == null) {
            // Events at the same instant: enqueues first, then starts, then commits, so a dequeue recorded as an
            // instant serves the key for no time at all.
            long[][] events = new long[enqueued[k].length + 2 * started[k].length][];
            int e = 0;
            for (long t : enqueued[k]) {
                events[e++] = new long[] {t, 0};
            }
            for (long t : started[k]) {
                events[e++] = new long[] {t, 1};
            }
            for (long t : ended[k]) {
                events[e++] = new long[] {t, 2};
            }
            Arrays.sort(events, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            List<long[]> out = new ArrayList<>();
            int pending = 0;
            int inFlight = 0;
            long from = 0;
            boolean waiting = false;
            for (long[] event : events) {
                if (event[1] == 0) {
                    pending++;
                } else if (event[1] == 1) {
                    pending--;
                    inFlight++;
                } else {
                    inFlight--;
                }
                boolean now = pending > 0 && inFlight == 0;
                if (now && !waiting) {
                    from = event[0];
                } else if (!now && waiting) {
                    out.add(new long[] {from, event[0]});
                }
                waiting = now;
            }
            if (waiting) {
                out.add(new long[] {from, Long.MAX_VALUE});
            }
            waits[k] = out.toArray(long[][]::new);
        }
        return waits[k];
    }

    /** The wait of key k that covers the whole span from..to, or null if it was served or not eligible in it. */
    private long[] waitCovering(int k, long from, long to) {
        for (long[] wait : waits(k)) {
            if (wait[0] <= from && to < wait[1]) {
                return wait;
            }
        }
        return null;
    }

    /** Whether dequeue i ran entirely inside the wait: started after it began, committed before it ended. */
    private boolean inside(int i, long[] wait) {
        return startOf[i] > wait[0] && endOf[i] > wait[0] && endOf[i] < wait[1];
    }

    /** The first dequeue that can lie inside a wait beginning at t: by commit order when the log is so ordered. */
    private int firstEndAfter(long t) {
        if (!byCommit) {
            return 0;
        }
        int lo = 0;
        int hi = endOf.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (endOf[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private String tolerated(int tolerance) {
        return concurrency == 1 ? "tolerance " + tolerance
                : "tolerance " + tolerance + " x " + concurrency + " workers = " + tolerance * concurrency;
    }

    private static String waitStart(int firstInside) {
        return firstInside == 0 ? "at the start of the log" : "before dequeue #" + (firstInside + 1);
    }

    private Instant enqueuedAt(int i) {
        return log.get(i).job().enqueuedAt();
    }

    private int firstStartAfter(Integer[] byStart, Instant t) {
        int lo = 0;
        int hi = byStart.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (log.get(byStart[mid]).startedAt().isAfter(t)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Jobs of key k enqueued by t whose dequeue had not started by t. */
    private int waiting(int k, long t) {
        return count(enqueued[k], t) - count(started[k], t);
    }

    /** Like {@link #waiting} but a job whose dequeue starts exactly at t still counts as waiting. */
    private int waitingStrict(int k, long t) {
        return count(enqueued[k], t) - countBefore(started[k], t);
    }

    /** Whether a dequeue of key k had started before t and not yet committed: the key is being served. */
    private boolean inFlight(int k, long t) {
        return countBefore(started[k], t) > countBefore(ended[k], t);
    }

    /** Number of values at most t in a sorted array. */
    private static int count(long[] sorted, long t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int countBefore(long[] sorted, long t) {
        return t == Long.MIN_VALUE ? 0 : count(sorted, t - 1);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static String quote(String key) {
        return '"' + key + '"';
    }
}
