package io.github.queuetestkit.sql;

import io.github.queuetestkit.InvalidConfigurationException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * What a plan baseline check does with the baseline file. Chosen by the setting {@code queuetestkit.baselines}
 * ({@code verify}, {@code update} or {@code ci}; environment variable {@code QUEUETESTKIT_BASELINES}); without it,
 * {@code CI=true} in the environment means {@link #CI}, as most CI services set it, and anything else
 * {@link #VERIFY}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public enum BaselineMode {

    /**
     * Compare with the baseline; a statement with no baseline yet is added to the file and passes (as Jest writes a
     * new snapshot), with a warning in the log. The default on a developer's machine.
     */
    VERIFY,

    /** Rewrite the file from the plans just taken: every statement that ran, nothing else. Always passes. */
    UPDATE,

    /** Compare with the baseline; a statement with no baseline fails instead of being written (Jest's --ci). */
    CI;

    /** The setting that chooses the mode. */
    public static final String SETTING = "queuetestkit.baselines";

    /**
     * The setting naming the directory of the baseline files that {@code @PlanBaseline} keeps, relative to the
     * project directory (the one holding pom.xml or build.gradle); {@code src/test/resources} by default.
     */
    public static final String DIR_SETTING = "queuetestkit.baselines.dir";

    private static final String VARIABLE = "QUEUETESTKIT_BASELINES";

    /**
     * @param parameters configuration parameters by name, e.g. JUnit's
     *     {@code ExtensionContext::getConfigurationParameter}
     * @return the mode those parameters, then the environment, choose
     * @throws InvalidConfigurationException for a value other than verify, update or ci
     */
    public static BaselineMode from(Function<String, Optional<String>> parameters) {
        return from(parameters, System::getenv);
    }

    /** @return the mode system properties, then the environment, choose: what an assertion outside JUnit uses */
    public static BaselineMode fromSystem() {
        return from(name -> Optional.ofNullable(System.getProperty(name)));
    }

    static BaselineMode from(Function<String, Optional<String>> parameters, UnaryOperator<String> environment) {
        Optional<String> parameter = parameters.apply(SETTING).filter(v -> !v.isBlank());
        String source = "configuration parameter " + SETTING;
        String value = parameter.orElse(null);
        if (value == null) {
            value = environment.apply(VARIABLE);
            source = "environment variable " + VARIABLE;
        }
        if (value == null || value.isBlank()) {
            return "true".equalsIgnoreCase(String.valueOf(environment.apply("CI")).trim()) ? CI : VERIFY;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "verify" -> VERIFY;
            case "update" -> UPDATE;
            case "ci" -> CI;
            default -> throw new InvalidConfigurationException(source + " is '" + value + "', but it takes verify,"
                    + " update or ci. Set it to one of those, or remove it.");
        };
    }
}
