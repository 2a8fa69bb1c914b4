package io.github.queuetestkit.queue;

import io.github.queuetestkit.QueueTestkitException;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A dequeue function, processing callback or arrival callback threw. The harness stopped the other workers,
 * rolled back their open transactions and closed every connection it opened before throwing this.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class WorkerFailedException extends QueueTestkitException {

    private static final long serialVersionUID = 1L;

    private final String worker;
    private final transient Job job;

    WorkerFailedException(String message, String worker, Job job, Throwable cause) {
        super(message, cause);
        this.worker = worker;
        this.job = job;
    }

    /** @return the worker that failed ({@code "arrivals"} for the arrival callback) */
    public String worker() {
        return worker;
    }

    /** @return the job it held, empty if it failed inside the dequeue itself */
    public Optional<Job> job() {
        return Optional.ofNullable(job);
    }

}
