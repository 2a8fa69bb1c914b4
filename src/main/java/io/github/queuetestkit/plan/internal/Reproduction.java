package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.dataset.internal.DatasetRecord;
import io.github.queuetestkit.postgres.internal.DatabaseSettings;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What a developer needs to get the same plan on a laptop: the server version, the database's settings (those
 * {@code @PostgresTest(settings)} applied, and the values of the pinned planner settings), and the recipes of the
 * datasets loaded into the database or the template it was cloned from.
 *
 * @param serverVersion e.g. {@code 17.2}
 * @param settings database-level settings and the pinned planner settings, sorted by name
 * @param datasets the recipes of the datasets that loaded the plan's tables, in load order
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record Reproduction(String serverVersion, Map<String, String> settings, List<DatasetRecord> datasets) {

    /**
     * @param connection a connection to the database the plan came from
     * @param tables the tables the plan reads: only the datasets that loaded them are named
     * @return what it knows
     * @throws SQLException from the driver
     */
    public static Reproduction of(Connection connection, List<String> tables) throws SQLException {
        String version;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            version = rs.getString(1).split(" ")[0];
        }
        // By name: the order ALTER DATABASE applied them in varies, and messages should not.
        Map<String, String> settings = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT setconfig FROM"
                + " pg_db_role_setting WHERE setrole = 0 AND setdatabase = (SELECT oid FROM pg_database WHERE"
                + " datname = current_database())")) {
            while (rs.next()) {
                Array array = rs.getArray(1);
                for (Object entry : (Object[]) array.getArray()) {
                    String text = String.valueOf(entry);
                    int eq = text.indexOf('=');
                    if (eq > 0) {
                        settings.put(text.substring(0, eq), text.substring(eq + 1));
                    }
                }
            }
        }
        // On a database the kit did not configure (an external one), the values in force still decide the plan.
        try (PreparedStatement s = connection.prepareStatement("SELECT current_setting(?)")) {
            for (String name : DatabaseSettings.PLANNER_DEFAULTS.keySet()) {
                if (!settings.containsKey(name)) {
                    s.setString(1, name);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        settings.put(name, rs.getString(1));
                    }
                }
            }
        }
        return new Reproduction(version, settings, DatasetRecord.loading(connection, tables));
    }

    /** @return the settings as {@code @PostgresTest(settings = {...})} takes them */
    public String settingsAnnotation() {
        List<String> entries = new ArrayList<>();
        settings.forEach((name, value) -> entries.add("\"" + name + "=" + value + "\""));
        return "@PostgresTest(settings = {" + String.join(", ", entries) + "})";
    }
}
