/**
 * Queue behaviour: the dequeue log, a harness that runs a team's own dequeue function on concurrent workers,
 * and assertions that the order was exactly-once, fair, FIFO and priority-respecting, and that enqueuers
 * wrote at most one job per key.
 */
package io.github.queuetestkit.queue;
