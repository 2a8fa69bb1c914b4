/**
 * The JUnit Jupiter side of the kit: {@link io.github.queuetestkit.junit.PostgresTest} and the parameters it
 * injects. Depends on the other packages; none depends on it.
 */
package io.github.queuetestkit.junit;
