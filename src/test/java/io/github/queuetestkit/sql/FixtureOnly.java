package io.github.queuetestkit.sql;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a {@code ...TestCase} fixture that must run only through EngineTestKit (which sets
 * {@value #PARAMETER}): Surefire's {@code -Dtest=pkg.**} also selects nested classes, and these fail on purpose.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(FixtureOnly.Condition.class)
@interface FixtureOnly {

    /** The configuration parameter EngineTestKit runs set. */
    String PARAMETER = io.github.queuetestkit.junit.EngineRuns.FIXTURE;

    /** Disables the fixture unless the parameter is set. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run through EngineTestKit")
                    : ConditionEvaluationResult.disabled("fixture: runs only through EngineTestKit");
        }
    }
}
