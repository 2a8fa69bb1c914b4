package io.github.queuetestkit.queue;

import io.github.queuetestkit.QueueTestkitException;
import java.util.List;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * The workers did not empty the queue before the deadline. The message says how many jobs remained and which
 * workers were stuck, and on what; the harness cancelled their statements, rolled back and closed their
 * connections before throwing this.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class WorkersTimeoutException extends QueueTestkitException {

    private static final long serialVersionUID = 1L;

    private final transient DequeueLog log;
    private final Long remaining;
    private final List<String> stuckWorkers;

    WorkersTimeoutException(String message, DequeueLog log, Long remaining, List<String> stuckWorkers) {
        super(message);
        this.log = log;
        this.remaining = remaining;
        this.stuckWorkers = List.copyOf(stuckWorkers);
    }

    /**
     * @return the dequeues committed before the deadline, with the worker count as concurrency and, given
     *         {@link Workers#waitingJobs(String)}, the jobs still queued (less those a worker held at the deadline)
     */
    public DequeueLog log() {
        return log;
    }

    /** @return jobs still queued by the remaining query (or expected count minus dequeued), if known */
    public OptionalLong remaining() {
        return remaining == null ? OptionalLong.empty() : OptionalLong.of(remaining);
    }

    /** @return one line per worker still busy at the deadline: its name and what it was doing */
    public List<String> stuckWorkers() {
        return stuckWorkers;
    }
}
