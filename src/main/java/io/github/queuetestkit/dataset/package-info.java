/**
 * Datasets: definitions (YAML or {@link io.github.queuetestkit.dataset.DatasetSpec}), deterministic generators
 * and a COPY loader that fills a database with large, skewed tables fast.
 */
package io.github.queuetestkit.dataset;
