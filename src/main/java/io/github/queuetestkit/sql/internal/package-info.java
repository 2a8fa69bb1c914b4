/**
 * Internals of statement capture: the SQL tokenizer that normalizes statements and classifies their kind and
 * tables. Not API; may change in any release.
 */
package io.github.queuetestkit.sql.internal;
