package io.github.queuetestkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class its own new PostgreSQL database, cloned from a template, and injects
 * {@link javax.sql.DataSource}, {@link java.sql.Connection} (new per test method, closed after it) and
 * {@link io.github.queuetestkit.postgres.PostgresDatabase} into test methods, constructors and lifecycle methods.
 * The injected DataSource and Connection record statements: a test method that also takes a
 * {@link io.github.queuetestkit.sql.CapturedStatements} gets what its body ran through them (the
 * {@code PostgresDatabase} helpers such as {@code execute} are never recorded, so fixtures stay out of counts).
 *
 * <p>A class that is also a Spring test ({@code @SpringBootTest}, a JDBC test slice) gets its application's own
 * DataSource pointed at the class database and recorded, whatever Spring context cache hands it; see
 * {@link io.github.queuetestkit.spring}. {@link #flyway()} and {@link #liquibase()} build the template from a
 * project's migrations.
 *
 * <p>The server is, in this order: the one named by {@code queuetestkit.jdbcUrl} (a JUnit configuration parameter,
 * system property or {@code junit-platform.properties} entry) or else {@code QUEUETESTKIT_JDBC_URL}; else a
 * Testcontainers container of {@link #image()}, shared by every class of the test run that asks for the same image
 * and server settings and stopped when the run ends.
 *
 * <pre>{@code
 * @PostgresTest(init = "db/jobs.sql", settings = "random_page_cost=1.1")
 * class DequeueTest {
 *     @Test
 *     void dequeuesOldestFirst(DataSource dataSource) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresExtension.class)
@API(status = API.Status.STABLE, since = "0.1")
public @interface PostgresTest {

    /**
     * @return the Docker image to start when no external server is configured; empty means the setting
     *         {@code queuetestkit.image} (configuration parameter, else {@code QUEUETESTKIT_IMAGE}), else
     *         {@code postgres:18-alpine}. Plans change between major
     *         versions (18 alone brings B-tree skip scans), so name the image your production runs, e.g.
     *         {@code postgres:17-alpine}
     */
    String image() default "";

    /**
     * @return settings for this class's database, each {@code name=value}, applied with
     *         {@code ALTER DATABASE ... SET}; they override the kit's deterministic planner defaults
     *         ({@code jit=off}, {@code max_parallel_workers_per_gather=0}, {@code random_page_cost=1.1},
     *         {@code effective_cache_size=4GB})
     */
    String[] settings() default {};

    /**
     * @return settings only a server start can change (for example {@code shared_buffers=256MB}), each
     *         {@code name=value}; classes with different server settings get different containers. They
     *         override the kit's test-friendly defaults ({@code fsync}, {@code synchronous_commit} and
     *         {@code full_page_writes} off). An external server must already run with them.
     */
    String[] serverSettings() default {};

    /**
     * @return SQL scripts run in order, once, into the template the class database is cloned from (after the
     *         {@link #flyway()} and {@link #liquibase()} migrations, before the class's {@link Dataset}s): classpath
     *         resources (for example {@code "db/schema.sql"}) or file paths
     */
    String[] init() default {};

    /**
     * The template's Flyway migrations, run once before the {@link #init()} scripts (Flyway refuses a schema that
     * already holds tables; init scripts can then add test-only SQL on top) and the class's {@link Dataset}s. Needs {@code org.flywaydb:flyway-database-postgresql} (Flyway 10 or later) on the test class
     * path. The template is keyed by every file under the locations, so editing a migration builds a new template
     * and an unchanged set is reused.
     *
     * @return Flyway locations as Flyway takes them, e.g. {@code "classpath:db/migration"} or
     *         {@code "filesystem:src/main/resources/db/migration"}; empty runs no Flyway
     */
    String[] flyway() default {};

    /**
     * @return Flyway placeholders for {@link #flyway()}, each {@code name=value}, e.g. {@code "schema=public"}
     */
    String[] flywayPlaceholders() default {};

    /**
     * The template's Liquibase changelog, run once after the {@link #flyway()} migrations and before the
     * {@link #init()} scripts and the class's {@link Dataset}s. Needs {@code org.liquibase:liquibase-core} (4.x) on the test class path. The template is keyed
     * by every changeset's checksum, so editing a changeset builds a new template.
     *
     * @return a changelog on the class path (e.g. {@code "db/changelog/db.changelog-master.yaml"}, a
     *         {@code classpath:} prefix is allowed) or a file path; empty runs no Liquibase
     */
    String liquibase() default "";

    /**
     * @return the Liquibase context expression for {@link #liquibase()} (e.g. {@code "test"}); empty runs changesets
     *         of every context
     */
    String liquibaseContexts() default "";

    /**
     * @return the Liquibase label expression for {@link #liquibase()} (e.g. {@code "!slow"}); empty runs changesets
     *         of every label
     */
    String liquibaseLabels() default "";
}
