/**
 * queue-testkit: prove in CI that a PostgreSQL job queue uses its indexes at production scale, dequeues
 * fairly and enqueues follow-up jobs once. Start with {@link io.github.queuetestkit.junit.PostgresTest}.
 */
package io.github.queuetestkit;
