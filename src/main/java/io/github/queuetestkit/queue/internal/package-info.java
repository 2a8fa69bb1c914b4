/**
 * Internals of the queue package: order checks over a dequeue log and the SQL run by enqueue assertions.
 * Not API; may change in any release.
 */
package io.github.queuetestkit.queue.internal;
