package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.base.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/** Parses {@code name=value} settings and applies them to a database with {@code ALTER DATABASE ... SET}. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class DatabaseSettings {

    /**
     * Settings that make plans wobble between runs and machines, pinned unless the class sets them: JIT
     * compilation and parallel workers change plan shapes and timings with the machine; random_page_cost and
     * effective_cache_size otherwise follow each server's configuration.
     */
    public static final Map<String, String> PLANNER_DEFAULTS = plannerDefaults();

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private DatabaseSettings() {
    }

    /**
     * @param entries settings as the user wrote them, each {@code name=value}
     * @param origin where they came from, e.g. "@PostgresTest(settings) on com.acme.QueueTest"
     * @return the settings by name, in the order given
     * @throws InvalidConfigurationException for an entry without '=' or with an impossible name
     */
    public static Map<String, String> parse(String[] entries, String origin) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (eq < 0 || !NAME.matcher(name).matches()) {
                throw new InvalidConfigurationException("Setting #" + (i + 1) + " '" + entry + "' in " + origin
                        + " is not of the form name=value (for example \"random_page_cost=1.1\"). Fix or remove it.");
            }
            String value = entry.substring(eq + 1).trim();
            if (settings.put(name, value) != null) {
                throw new InvalidConfigurationException("Setting '" + name + "' appears twice in " + origin
                        + ". Keep one of them.");
            }
        }
        return Collections.unmodifiableMap(settings);
    }

    /**
     * @param user the class's own settings
     * @return the planner defaults overridden by the class's own settings
     */
    public static Map<String, String> withPlannerDefaults(Map<String, String> user) {
        Map<String, String> all = new LinkedHashMap<>(PLANNER_DEFAULTS);
        all.putAll(user);
        return all;
    }

    /**
     * @param server the server
     * @param database the database to configure
     * @param settings the settings
     * @param origin where they came from, for messages
     */
    static void apply(PostgresServer server, String database, Map<String, String> settings, String origin) {
        try (Connection connection = server.connectMaintenance();
                Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                try {
                    statement.execute("ALTER DATABASE " + Identifiers.quote(database) + " SET " + setting.getKey()
                            + " TO " + Identifiers.literal(setting.getValue()));
                } catch (SQLException e) {
                    String message = e.getMessage();
                    String hint = message != null && message.contains("cannot be changed")
                            ? " It is a server-level setting: put it in @PostgresTest(serverSettings) to get a server"
                                    + " started with it."
                            : " Fix the value, or remove the setting.";
                    throw new InvalidConfigurationException("PostgreSQL rejected setting '" + setting.getKey() + "="
                            + setting.getValue() + "' from " + origin + ": " + message + "." + hint, e);
                }
            }
        } catch (SQLException e) {
            throw new InvalidConfigurationException("Could not apply settings from " + origin + " on "
                    + server.describe() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> plannerDefaults() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("jit", "off");
        settings.put("max_parallel_workers_per_gather", "0");
        settings.put("random_page_cost", "1.1");
        settings.put("effective_cache_size", "4GB");
        return Collections.unmodifiableMap(settings);
    }
}
