package io.github.queuetestkit.queue.internal;

import io.github.queuetestkit.queue.Dequeue;
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

/**
 * The order checks behind {@code DequeueAssert}. Every check treats two dequeues whose intervals
 * ({@code startedAt..dequeuedAt}) overlap as concurrent, so a correct queue run by many workers is never
 * blamed for the order in which its workers happened to report.
 */
public final class OrderChecks {

    private final List<Dequeue> log;
    private final List<String> keys;
    private final int[] keyOf;
    /** Per key, effective enqueue times (never after the job's own start), sorted, as epoch nanos. */
    private final long[][] enqueued;
    /** Per key, dequeue start times, sorted, as epoch nanos. */
    private final long[][] started;
    /** Per key, dequeue commit times, sorted, as epoch nanos. */
    private final long[][] ended;

    /** @param log the dequeues, ordered by {@code dequeuedAt} */
    public OrderChecks(List<Dequeue> log) {
        this.log = log;
        Map<String, Integer> index = new LinkedHashMap<>();
        keyOf = new int[log.size()];
        for (int i = 0; i < log.size(); i++) {
            keyOf[i] = index.computeIfAbsent(log.get(i).job().key(), k -> index.size());
        }
        keys = List.copyOf(index.keySet());
        int[] sizes = new int[keys.size()];
        for (int k : keyOf) {
            sizes[k]++;
        }
        enqueued = new long[keys.size()][];
        started = new long[keys.size()][];
        ended = new long[keys.size()][];
        for (int k = 0; k < keys.size(); k++) {
            enqueued[k] = new long[sizes[k]];
            started[k] = new long[sizes[k]];
            ended[k] = new long[sizes[k]];
        }
        int[] fill = new int[keys.size()];
        for (int i = 0; i < log.size(); i++) {
            Dequeue d = log.get(i);
            long start = nanos(d.startedAt());
            int k = keyOf[i];
            enqueued[k][fill[k]] = Math.min(nanos(d.job().enqueuedAt()), start);
            started[k][fill[k]] = start;
            ended[k][fill[k]] = nanos(d.dequeuedAt());
            fill[k]++;
        }
        for (int k = 0; k < keys.size(); k++) {
            Arrays.sort(enqueued[k]);
            Arrays.sort(started[k]);
            Arrays.sort(ended[k]);
        }
    }

    /** A broken rule: the dequeue at {@code index}, the other dequeues involved, and what went wrong. */
    public record Violation(int index, Set<Integer> related, String what) {
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
     * Round-robin fairness: after every dequeue, among keys that still have an eligible job, the most-served
     * key has at most {@code tolerance} more dequeues than the least-served one.
     *
     * @param tolerance allowed difference in dequeue counts
     * @return the first dequeue after which the difference was larger
     */
    public Optional<Violation> firstUnfairDequeue(int tolerance) {
        int[] completed = new int[keys.size()];
        for (int i = 0; i < log.size(); i++) {
            completed[keyOf[i]]++;
            long t = nanos(log.get(i).dequeuedAt());
            int most = -1;
            int least = -1;
            int leastStarted = 0;
            for (int k = 0; k < keys.size(); k++) {
                if (waiting(k, t) <= 0) {
                    continue;
                }
                int possiblyStarted = count(started[k], t);
                if (most < 0 || completed[k] > completed[most]) {
                    most = k;
                }
                if (least < 0 || possiblyStarted < leastStarted) {
                    least = k;
                    leastStarted = possiblyStarted;
                }
            }
            if (most >= 0 && completed[most] - leastStarted > tolerance) {
                return Optional.of(new Violation(i, Set.of(), "after dequeue #" + (i + 1) + " key "
                        + quote(keys.get(most)) + " had " + completed[most] + " dequeues and key "
                        + quote(keys.get(least)) + " only " + leastStarted
                        + ", while both still had eligible jobs (difference " + (completed[most] - leastStarted)
                        + ", tolerance " + tolerance + ")"));
            }
        }
        return Optional.empty();
    }

    /**
     * Window fairness: in every block of {@code window} consecutive dequeues, among keys eligible throughout
     * the block, dequeue counts differ by at most {@code tolerance}.
     *
     * @param window dequeues per block
     * @param tolerance allowed difference within a block
     * @return the last dequeue of the first unfair block, related: the block
     */
    public Optional<Violation> firstUnfairWindow(int window, int tolerance) {
        for (int from = 0; from + window <= log.size(); from += window) {
            boolean[] throughout = new boolean[keys.size()];
            Arrays.fill(throughout, true);
            int[] counts = new int[keys.size()];
            long before = nanos(log.get(from).startedAt());
            for (int k = 0; k < keys.size(); k++) {
                throughout[k] = waiting(k, before) > 0;
            }
            for (int i = from; i < from + window; i++) {
                counts[keyOf[i]]++;
                long t = nanos(log.get(i).dequeuedAt());
                for (int k = 0; k < keys.size(); k++) {
                    throughout[k] &= waiting(k, t) > 0 || (i == from + window - 1 && keyOf[i] == k);
                }
            }
            int most = -1;
            int least = -1;
            for (int k = 0; k < keys.size(); k++) {
                if (!throughout[k]) {
                    continue;
                }
                if (most < 0 || counts[k] > counts[most]) {
                    most = k;
                }
                if (least < 0 || counts[k] < counts[least]) {
                    least = k;
                }
            }
            if (most >= 0 && counts[most] - counts[least] > tolerance) {
                Set<Integer> block = new LinkedHashSet<>();
                for (int i = from; i < from + window; i++) {
                    block.add(i);
                }
                int last = from + window - 1;
                return Optional.of(new Violation(last, block, "in dequeues #" + (from + 1) + " to #" + (last + 1)
                        + " key " + quote(keys.get(most)) + " had " + counts[most] + " dequeues and key "
                        + quote(keys.get(least)) + " only " + counts[least]
                        + ", while both had eligible jobs throughout (difference " + (counts[most] - counts[least])
                        + ", tolerance " + tolerance + ")"));
            }
        }
        return Optional.empty();
    }

    /** Jain's index over the contended prefix of the log, with the counts it was computed from. */
    public record Jain(double index, int prefix, String exhaustedKey, Map<String, Integer> counts) {
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
        for (int k = 0; k < keys.size(); k++) {
            if (present[k]) {
                n++;
                sum += counts[k];
                squares += (double) counts[k] * counts[k];
                table.put(keys.get(k), counts[k]);
            }
        }
        double index = squares == 0 ? 1.0 : sum * sum / (n * squares);
        return new Jain(index, end, exhausted, table);
    }

    /**
     * FIFO within a key: no job is dequeued, definitely before, a job of the same key enqueued earlier.
     *
     * @return the first dequeue that jumped ahead, related: the job it jumped
     */
    public Optional<Violation> firstFifoBreak() {
        Map<Integer, List<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            byKey.computeIfAbsent(keyOf[i], k -> new ArrayList<>()).add(i);
        }
        int firstY = -1;
        int firstX = -1;
        for (List<Integer> members : byKey.values()) {
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
                if (x >= 0 && enqueuedAt(x).isBefore(enqueuedAt(y))) {
                    firstY = y;
                    firstX = x;
                }
            }
        }
        if (firstY < 0) {
            return Optional.empty();
        }
        Dequeue y = log.get(firstY);
        Dequeue x = log.get(firstX);
        return Optional.of(new Violation(firstY, Set.of(firstX), "job " + y.job().id() + " of key "
                + quote(y.job().key()) + " (enqueued " + y.job().enqueuedAt() + ") was dequeued at #" + (firstY + 1)
                + ", before job " + x.job().id() + " of the same key, enqueued earlier (" + x.job().enqueuedAt()
                + ") and dequeued only at #" + (firstX + 1)));
    }

    /**
     * Priority: no job is dequeued while a more urgent job (smaller priority number) was eligible and still
     * waiting after it.
     *
     * @return the first dequeue that passed over a more urgent job, related: that job
     */
    public Optional<Violation> firstPriorityInversion() {
        Integer[] byStart = new Integer[log.size()];
        for (int i = 0; i < byStart.length; i++) {
            byStart[i] = i;
        }
        Arrays.sort(byStart, (a, b) -> log.get(a).startedAt().compareTo(log.get(b).startedAt()));
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

    /**
     * Starvation: no key with an eligible job waits through more than {@code bound} dequeues of other keys. A key
     * with a dequeue in flight is being served, not waiting.
     *
     * @param bound the longest allowed wait, in dequeues
     * @return the dequeue that exceeded the bound
     */
    public Optional<Violation> firstStarvation(int bound) {
        int[] streak = new int[keys.size()];
        int[] since = new int[keys.size()];
        for (int i = 0; i < log.size(); i++) {
            long t = nanos(log.get(i).startedAt());
            for (int k = 0; k < keys.size(); k++) {
                if (k == keyOf[i] || waitingStrict(k, t) <= 0 || inFlight(k, t)) {
                    streak[k] = 0;
                    continue;
                }
                if (streak[k] == 0) {
                    since[k] = i;
                }
                streak[k]++;
                if (streak[k] > bound) {
                    return Optional.of(new Violation(i, Set.of(), "key " + quote(keys.get(k))
                            + " had an eligible job but waited through " + streak[k] + " dequeues of other keys (#"
                            + (since[k] + 1) + " to #" + (i + 1) + "), more than the bound of " + bound));
                }
            }
        }
        return Optional.empty();
    }

    /** @return the keys in order of first dequeue */
    public List<String> keys() {
        return keys;
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
