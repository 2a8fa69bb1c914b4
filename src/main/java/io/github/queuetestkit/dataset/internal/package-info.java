/**
 * Dataset internals: the YAML parser, the scale expression parser, per-row randomness, the Zipf sampler and
 * the multi-threaded COPY loader.
 */
package io.github.queuetestkit.dataset.internal;
