package io.github.queuetestkit.queue;

import java.sql.Connection;
import org.apiguardian.api.API;

/**
 * Work done for each dequeued job inside the dequeue's transaction, before it commits (mark it done, sleep to
 * simulate work, write a result).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface JobProcessor {

    /**
     * @param connection the worker's connection, in the dequeue's transaction
     * @param job the job just taken
     * @throws Exception any failure; the harness stops all workers and reports it with the job
     */
    void process(Connection connection, Job job) throws Exception;
}
