/**
 * Internals of plan assertions: running EXPLAIN in a rolled-back transaction, parsing its JSON, rendering it as
 * text, and catalog lookups. Not API.
 */
package io.github.queuetestkit.plan.internal;
