/**
 * PostgreSQL servers and databases: which server the kit uses (a container or an external one), the
 * database each test class gets, and the templates it is cloned from.
 */
package io.github.queuetestkit.postgres;
