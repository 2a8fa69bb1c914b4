/**
 * How an application context follows the class database: the registry of running classes' databases, the lifecycle
 * bean that attaches the application's pools, and the pools themselves. Not API: may change in any release.
 */
package io.github.queuetestkit.spring.internal;
