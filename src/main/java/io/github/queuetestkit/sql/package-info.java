/**
 * Statement capture: a recording {@link javax.sql.DataSource}, the statements it saw, a server-side view of
 * pg_stat_statements, and the assertions over both (round trips, N+1, rows per statement).
 */
package io.github.queuetestkit.sql;
