package io.github.queuetestkit.queue;

import org.apiguardian.api.API;

/**
 * A worker the harness killed on purpose mid-job: its transaction was rolled back and its connection closed, so
 * the job had to be taken again by a worker.
 *
 * @param worker the worker that died
 * @param job the job it held
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record InjectedFailure(String worker, Job job) {
}
