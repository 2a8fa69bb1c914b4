/**
 * How the kit gets servers, templates and class databases. Not API: may change in any release.
 */
package io.github.queuetestkit.postgres.internal;
