package io.github.queuetestkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Loads a dataset into a {@link PostgresTest} class's database.
 *
 * <pre>{@code
 * @PostgresTest
 * @Dataset(value = "delayed-jobs", scale = 70_000, seed = 42)
 * class ReserveQueryTest {
 *     @Test
 *     void usesTheSortIndex(PostgresDatabase db) { ... }
 * }
 * }</pre>
 *
 * <p>On a class, datasets load in order after the init scripts into the class's template database, keyed by
 * a digest of (definition text, scale, seed, indexes, engine version): every later class asking for the same
 * gets a clone instead of a reload (and with {@code queuetestkit.reuse=true}, so do later runs). On a method,
 * the dataset is loaded into the class's database just before that method runs; its tables then stay for the
 * class's later methods, so a method-level dataset suits a class whose other tests do not use the same tables.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Datasets.class)
public @interface Dataset {

    /**
     * @return a bundled dataset ({@code delayed-jobs}, {@code fair-queue}, {@code client-records},
     *     {@code car-users}, {@code jobs}), a classpath resource or a file path of a YAML definition
     */
    String value();

    /** @return the value of {@code scale} in the definition's row counts */
    long scale() default 1000;

    /** @return the seed every generated value derives from */
    long seed() default 42;

    /** @return whether to create the definition's listed indexes after loading */
    boolean indexes() default true;
}
