/**
 * Migration sets as template steps: resolving and digesting their files, running them with Flyway or Liquibase, and
 * reporting a failure at its file, version and position. Not API: may change in any release.
 */
package io.github.queuetestkit.migrations.internal;
