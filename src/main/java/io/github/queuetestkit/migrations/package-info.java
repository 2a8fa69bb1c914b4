/**
 * Templates built from a project's own Flyway migrations or Liquibase changelog, named by
 * {@link io.github.queuetestkit.junit.PostgresTest#flyway()} and {@link io.github.queuetestkit.junit.PostgresTest#liquibase()}.
 * Flyway and Liquibase are optional: the kit loads them only for a class that names migrations.
 */
package io.github.queuetestkit.migrations;
