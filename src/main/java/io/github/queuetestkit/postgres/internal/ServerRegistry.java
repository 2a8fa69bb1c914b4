package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.postgres.ServerUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;

/**
 * The servers of this JVM, one per distinct request, started lazily. Each server is owned by the test run
 * ({@link RunScope}) that started it, which stops it when that run ends; later runs in the same JVM (for
 * example the kit's own EngineTestKit runs) share a server an enclosing run owns.
 */
public final class ServerRegistry {

    private static final Map<String, Slot> SLOTS = new ConcurrentHashMap<>();

    private ServerRegistry() {
    }

    /**
     * A server and the templates built on it.
     *
     * @param server the server
     * @param templates its template databases
     */
    public record Handle(PostgresServer server, TemplateCache templates) {
    }

    /**
     * @param request what the class asks for
     * @param scope the run that will stop the server if this call starts it
     * @return the shared server for that request
     */
    public static Handle obtain(ServerRequest request, RunScope scope) {
        KitProperties.Value url = KitProperties.jdbcUrl();
        String key = url != null ? "external " + url.value() : "container " + request.key();
        Slot slot = SLOTS.computeIfAbsent(key, k -> new Slot());
        return slot.get(() -> {
            Handle handle = new Handle(start(request, url), new TemplateCache());
            scope.own(key, handle);
            return handle;
        });
    }

    /**
     * An external server cannot be restarted with other settings, so it must already run with the ones asked.
     *
     * @param handle the server
     * @param request what the class asked
     * @param origin where the settings came from, for messages
     */
    public static void verifyServerSettings(Handle handle, ServerRequest request, String origin) {
        if (handle.server().managed() || request.serverSettings().isEmpty()) {
            return;
        }
        try (java.sql.Connection connection = handle.server().connectMaintenance();
                java.sql.PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?, true)")) {
            for (Map.Entry<String, String> setting : request.serverSettings().entrySet()) {
                statement.setString(1, setting.getKey());
                String actual;
                try (java.sql.ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    actual = rs.getString(1);
                }
                if (actual == null || !actual.trim().equalsIgnoreCase(setting.getValue().trim())) {
                    throw new io.github.queuetestkit.InvalidConfigurationException(origin + " asks for "
                            + setting.getKey() + "=" + setting.getValue() + ", but " + handle.server().describe()
                            + " runs with " + setting.getKey() + "=" + actual + ". Start that server with the"
                            + " setting, or remove it from serverSettings.");
                }
            }
        } catch (java.sql.SQLException e) {
            throw new ServerUnavailableException("Could not read settings of " + handle.server().describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param database a database the kit created
     * @return the template cache of the server it lives on
     */
    public static TemplateCache templatesOf(io.github.queuetestkit.postgres.PostgresDatabase database) {
        for (Slot slot : SLOTS.values()) {
            Handle handle = slot.handle;
            if (handle != null && database instanceof ManagedDatabase managed && managed.server() == handle.server()) {
                return handle.templates();
            }
        }
        throw new IllegalArgumentException(database + " was not created by a server of this JVM");
    }

    private static PostgresServer start(ServerRequest request, KitProperties.Value url) {
        if (url != null) {
            return ExternalServer.connect(url, KitProperties.username(), KitProperties.password());
        }
        if (!dockerAvailable()) {
            throw new ServerUnavailableException(noServerMessage(request), null);
        }
        return ContainerServer.start(request, KitProperties.reuse());
    }

    static String noServerMessage(ServerRequest request) {
        return "queue-testkit has no PostgreSQL server: Docker is not available to start " + request.image()
                + " (from " + request.imageSource() + ") and no external server is configured. Either start Docker"
                + " (Testcontainers must be able to reach it; its log above says what it tried), or point the kit at"
                + " a server whose user can create databases with QUEUETESTKIT_JDBC_URL, QUEUETESTKIT_USERNAME and"
                + " QUEUETESTKIT_PASSWORD (or -Dqueuetestkit.jdbcUrl, -Dqueuetestkit.username and"
                + " -Dqueuetestkit.password).";
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static void release(String key) {
        SLOTS.remove(key);
    }

    /** Starts a slot's server once; remembers a failure so later classes fail at once with the same message. */
    private static final class Slot {
        private volatile Handle handle;
        private RuntimeException failure;

        synchronized Handle get(java.util.function.Supplier<Handle> starter) {
            if (handle != null) {
                return handle;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                handle = starter.get();
                return handle;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }

    /**
     * The servers one test run started; closing it drops their templates (unless reused) and stops them.
     */
    public static final class RunScope implements AutoCloseable {
        private final List<Map.Entry<String, Handle>> owned = new ArrayList<>();
        private final boolean reuse;

        /**
         * @param reuse whether servers and templates should outlive the run
         */
        public RunScope(boolean reuse) {
            this.reuse = reuse;
        }

        synchronized void own(String key, Handle handle) {
            owned.add(Map.entry(key, handle));
        }

        @Override
        public synchronized void close() {
            for (Map.Entry<String, Handle> entry : owned) {
                release(entry.getKey());
                Handle handle = entry.getValue();
                handle.templates().dropSpares(handle.server());
                if (!reuse) {
                    handle.templates().dropAll(handle.server());
                }
                handle.server().close();
            }
            owned.clear();
        }
    }
}
