/**
 * Store access and resources of the JUnit extension. Not API: may change in any release.
 */
package io.github.queuetestkit.junit.internal;
