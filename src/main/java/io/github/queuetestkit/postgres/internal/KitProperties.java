package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * The kit's configuration, each {@code queuetestkit.*} setting read in this order: the JUnit configuration
 * parameter of that name (which JUnit takes from the launcher's explicit parameters, then a JVM system property,
 * then {@code junit-platform.properties}), then its environment variable ({@code QUEUETESTKIT_JDBC_URL}...). The
 * more local source wins. Outside a JUnit run, system properties stand in for configuration parameters.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class KitProperties {

    /**
     * Default image when neither the annotation nor {@code queuetestkit.image} names one: the current major, what new
     * projects deploy. Plans change between majors, so a project should pin the image its production runs.
     */
    public static final String DEFAULT_IMAGE = "postgres:18-alpine";

    private static final String PREFIX = "queuetestkit.";

    private final Function<String, Optional<String>> parameters;
    private final UnaryOperator<String> environment;

    private KitProperties(Function<String, Optional<String>> parameters, UnaryOperator<String> environment) {
        this.parameters = parameters;
        this.environment = environment;
    }

    /**
     * @param parameters JUnit's configuration parameters, e.g. {@code ExtensionContext::getConfigurationParameter}
     * @return the configuration from those parameters, then the environment
     */
    public static KitProperties of(Function<String, Optional<String>> parameters) {
        return new KitProperties(parameters, System::getenv);
    }

    /**
     * @param parameters configuration parameters by name
     * @param environment environment variables by name, so tests need not change the process's environment
     * @return the configuration from those parameters, then those variables
     */
    static KitProperties of(Function<String, Optional<String>> parameters, UnaryOperator<String> environment) {
        return new KitProperties(parameters, environment);
    }

    /** @return the configuration outside a JUnit run: system properties, then the environment */
    public static KitProperties fromSystem() {
        return of(name -> Optional.ofNullable(System.getProperty(name)));
    }

    /**
     * A value and where it came from, so messages can name the variable that set it.
     *
     * @param value the value
     * @param source e.g. "environment variable QUEUETESTKIT_JDBC_URL"
     */
    public record Value(String value, String source) {
    }

    /** @return the external server's JDBC URL, or null when none is configured */
    public Value jdbcUrl() {
        return lookup("jdbcUrl", "QUEUETESTKIT_JDBC_URL");
    }

    /** @return the external server's user, or null */
    public Value username() {
        return lookup("username", "QUEUETESTKIT_USERNAME");
    }

    /** @return the external server's password, or null */
    public Value password() {
        return lookup("password", "QUEUETESTKIT_PASSWORD");
    }

    /** @return the image named by {@code queuetestkit.image}, or null */
    public Value image() {
        return lookup("image", "QUEUETESTKIT_IMAGE");
    }

    /** @return whether containers and templates should outlive the run ({@code queuetestkit.reuse}) */
    public boolean reuse() {
        return flag("reuse", "QUEUETESTKIT_REUSE");
    }

    /** @return whether class databases are kept after their class ({@code queuetestkit.keepDatabases}) */
    public boolean keepDatabases() {
        return flag("keepDatabases", "QUEUETESTKIT_KEEP_DATABASES");
    }

    /**
     * @return whether a run drops, at first use of a server, the databases that runs which died left there
     *     ({@code queuetestkit.cleanup}, on unless set to false)
     */
    public boolean cleanup() {
        return flag("cleanup", "QUEUETESTKIT_CLEANUP", true);
    }

    private boolean flag(String property, String variable) {
        return flag(property, variable, false);
    }

    private boolean flag(String property, String variable, boolean unset) {
        Value value = lookup(property, variable);
        if (value == null) {
            return unset;
        }
        String text = value.value().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw new InvalidConfigurationException(value.source() + " is '" + value.value()
                + "', but it takes true or false. Set it to true or false, or remove it.");
    }

    private Value lookup(String property, String variable) {
        String name = PREFIX + property;
        Optional<String> parameter = parameters.apply(name).filter(value -> !value.isBlank());
        if (parameter.isPresent()) {
            // JUnit reads system properties as configuration parameters too; a message names the one the user set.
            String value = parameter.get();
            boolean systemProperty = value.equals(System.getProperty(name));
            return new Value(value, (systemProperty ? "system property " : "configuration parameter ") + name);
        }
        String fromEnvironment = environment.apply(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Value(fromEnvironment, "environment variable " + variable);
        }
        return null;
    }
}
