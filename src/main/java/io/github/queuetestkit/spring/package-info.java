/**
 * Spring support: a {@code @PostgresTest} class that is also a Spring test ({@code @SpringBootTest}, a JDBC test
 * slice, {@code @SpringJUnitConfig}) gets its application's own DataSource pointed at the class database, recorded,
 * and swapped for the next class's clone when Spring's context cache hands the same context on. Spring is optional:
 * the kit uses this package only when the test's class path has Spring and the class is a Spring test.
 */
package io.github.queuetestkit.spring;
