package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.QueueTestkitException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The template databases of one server: each recipe is built once, then every class database that needs it
 * is a {@code CREATE DATABASE ... TEMPLATE} clone, which copies files instead of re-running scripts.
 */
public final class TemplateCache {

    private static final String DUPLICATE_DATABASE = "42P04";

    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Set<String> built = ConcurrentHashMap.newKeySet();
    private final AtomicInteger builds = new AtomicInteger();

    /** @return how many templates this cache has built (not found ready): lets tests prove a clone was used */
    public int builds() {
        return builds.get();
    }

    /**
     * @param server where the template lives
     * @param recipe what it holds
     * @return the name of a ready template database for the recipe
     */
    public String obtain(PostgresServer server, TemplateRecipe recipe) {
        if (recipe.isEmpty()) {
            return "template1";
        }
        String name = recipe.databaseName();
        synchronized (locks.computeIfAbsent(name, n -> new Object())) {
            if (built.contains(name) || exists(server, name)) {
                return name;
            }
            build(server, recipe, name);
            built.add(name);
            builds.incrementAndGet();
            return name;
        }
    }

    /**
     * Drops every template this cache built.
     *
     * @param server the server they live on
     */
    void dropAll(PostgresServer server) {
        for (String name : built) {
            DatabaseAdmin.drop(server, name);
        }
        built.clear();
    }

    private static void build(PostgresServer server, TemplateRecipe recipe, String name) {
        // Built under a temporary name and renamed when complete, so no one clones a half-built template.
        String building = name + "_b" + UUID.randomUUID().toString().substring(0, 8);
        DatabaseAdmin.create(server, building, "template1");
        try {
            ManagedDatabase database = new ManagedDatabase(server, building);
            for (TemplateStep step : recipe.steps()) {
                step.apply(database);
            }
        } catch (RuntimeException e) {
            DatabaseAdmin.drop(server, building);
            throw e;
        }
        try (Connection connection = server.connectMaintenance();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + Identifiers.quote(building) + " RENAME TO " + Identifiers.quote(name));
        } catch (SQLException e) {
            DatabaseAdmin.drop(server, building);
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw new QueueTestkitException("Could not finish template " + name + " on " + server.describe()
                        + ": " + e.getMessage(), e);
            }
            // Another JVM sharing this server built the same template first; it is as good as ours.
        }
    }

    private static boolean exists(PostgresServer server, String name) {
        try (Connection connection = server.connectMaintenance();
                PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not look up template " + name + " on " + server.describe()
                    + ": " + e.getMessage(), e);
        }
    }
}
