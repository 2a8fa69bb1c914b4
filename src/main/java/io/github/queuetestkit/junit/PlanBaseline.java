package io.github.queuetestkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Turns the plan regression gate on for a {@link PostgresTest} class or one of its test methods: every statement a
 * test method's body sends through the injected DataSource or Connection is captured, planned again at the class's
 * data after the method (in a transaction rolled back), and its plan facts are compared with the method's baseline
 * file. A plan that got worse fails that test with the baseline and new facts side by side; see
 * {@code EveryPlanAssert.matchesBaseline} for the facts, the rules and the modes.
 *
 * <pre>{@code
 * @PostgresTest(init = "db/jobs.sql")
 * @PlanBaseline
 * class JobQueueTest { ... }
 * }</pre>
 *
 * <p>Each test method has its own file, {@code src/test/resources/<package>/<TestClass>/<method>.plans} under the
 * project directory (the nearest directory above the test classes holding pom.xml, build.gradle or
 * build.gradle.kts); {@code queuetestkit.baselines.dir} names another directory, relative to the project directory.
 * {@code queuetestkit.baselines} chooses the mode: {@code verify} (the default: a missing baseline is written and
 * the test passes), {@code ci} (a missing baseline fails; the default when the environment has {@code CI=true}) or
 * {@code update} (rewrite every baseline). A test that fails on its own is not checked.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface PlanBaseline {

    /**
     * @return true to keep the generic plan of each statement as well as its custom plan (the plan the server may
     *     switch to once the driver prepares the statement on the server)
     */
    boolean withGenericPlans() default false;
}
