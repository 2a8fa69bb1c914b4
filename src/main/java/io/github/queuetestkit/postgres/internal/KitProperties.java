package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import java.util.Locale;

/**
 * The kit's configuration from system properties and environment variables. A system property wins over its
 * environment variable, because it is the more local of the two.
 */
public final class KitProperties {

    /**
     * Default image when neither the annotation nor {@code queuetestkit.image} names one: the current major, what new
     * projects deploy. Plans change between majors, so a project should pin the image its production runs.
     */
    public static final String DEFAULT_IMAGE = "postgres:18-alpine";

    private KitProperties() {
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
    public static Value jdbcUrl() {
        return lookup("jdbcUrl", "QUEUETESTKIT_JDBC_URL");
    }

    /** @return the external server's user, or null */
    public static Value username() {
        return lookup("username", "QUEUETESTKIT_USERNAME");
    }

    /** @return the external server's password, or null */
    public static Value password() {
        return lookup("password", "QUEUETESTKIT_PASSWORD");
    }

    /** @return the image named by {@code queuetestkit.image}, or null */
    public static Value image() {
        return lookup("image", "QUEUETESTKIT_IMAGE");
    }

    /** @return whether containers and templates should outlive the run ({@code queuetestkit.reuse}) */
    public static boolean reuse() {
        return flag("reuse", "QUEUETESTKIT_REUSE");
    }

    /** @return whether class databases are kept after their class ({@code queuetestkit.keepDatabases}) */
    public static boolean keepDatabases() {
        return flag("keepDatabases", "QUEUETESTKIT_KEEP_DATABASES");
    }

    private static boolean flag(String property, String variable) {
        Value value = lookup(property, variable);
        if (value == null) {
            return false;
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

    private static Value lookup(String property, String variable) {
        String fromProperty = System.getProperty("queuetestkit." + property);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return new Value(fromProperty, "system property queuetestkit." + property);
        }
        String fromEnvironment = System.getenv(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Value(fromEnvironment, "environment variable " + variable);
        }
        return null;
    }
}
