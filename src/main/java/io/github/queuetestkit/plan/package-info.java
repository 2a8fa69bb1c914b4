/**
 * Plan assertions: EXPLAIN (ANALYZE, BUFFERS) parsed into a small navigable model, rendered like psql, asserted
 * on (index use, seq scans, sorts, rows examined, buffers) and swept across data scales.
 */
package io.github.queuetestkit.plan;
