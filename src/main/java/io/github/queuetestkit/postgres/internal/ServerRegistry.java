package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.ServerUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.testcontainers.DockerClientFactory;

/**
 * The servers of one test run, one per distinct request, started lazily. On first use of a server the run takes a
 * {@link RunLease} there and, unless {@code queuetestkit.cleanup=false}, drops what dead runs left behind
 * ({@link LeftoverCleanup}); closing the registry drops the spares and templates it built (templates unless reused
 * or still cloned by another run), ends the leases and stops the servers it started. The JUnit extension keeps one in the run's root
 * store, so nothing outlives the run and two runs in one JVM (the kit's own EngineTestKit runs) never share state
 * by accident: a nested run that should use the outer run's server is handed it as configuration.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ServerRegistry implements AutoCloseable {

    private final KitProperties properties;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /**
     * @param properties the run's configuration: which server, whether to reuse it
     */
    public ServerRegistry(KitProperties properties) {
        this.properties = properties;
    }

    /**
     * A server, the run's lease on it and the templates built on it.
     *
     * @param server the server
     * @param run the run's lease, which marks what the run creates there
     * @param templates its template databases
     */
    public record Handle(PostgresServer server, RunLease run, TemplateCache templates) {
    }

    /**
     * @param request what the class asks for
     * @return the run's server for that request, started on first use
     */
    public Handle obtain(ServerRequest request) {
        KitProperties.Value url = properties.jdbcUrl();
        String key = url != null ? "external " + url.value() : "container " + request.key();
        return slots.computeIfAbsent(key, k -> new Slot())
                .get(() -> open(start(request, url)));
    }

    // The lease comes first, so everything this run creates is marked as a live run's; then the leftovers of runs
    // that died go, once per server and run.
    private Handle open(PostgresServer server) {
        RunLease run;
        try {
            run = RunLease.open(server, properties.keepDatabases(), properties.reuse());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        if (properties.cleanup()) {
            LeftoverCleanup.run(run);
        }
        return new Handle(server, run, new TemplateCache(run));
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
        try (Connection connection = handle.server().connectMaintenance();
                PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?, true)")) {
            for (Map.Entry<String, String> setting : request.serverSettings().entrySet()) {
                statement.setString(1, setting.getKey());
                String actual;
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    actual = rs.getString(1);
                }
                if (actual == null || !actual.trim().equalsIgnoreCase(setting.getValue().trim())) {
                    throw new InvalidConfigurationException(origin + " asks for "
                            + setting.getKey() + "=" + setting.getValue() + ", but " + handle.server().describe()
                            + " runs with " + setting.getKey() + "=" + actual + ". Start that server with the"
                            + " setting, or remove it from serverSettings.");
                }
            }
        } catch (SQLException e) {
            throw new ServerUnavailableException("Could not read settings of " + handle.server().describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param database a database this run's servers hold
     * @return the template cache of the server it lives on
     */
    public TemplateCache templatesOf(PostgresDatabase database) {
        for (Slot slot : slots.values()) {
            Handle handle = slot.handle;
            if (handle != null && database instanceof ManagedDatabase managed && managed.server() == handle.server()) {
                return handle.templates();
            }
        }
        throw new IllegalArgumentException(database + " was not created by a server of this run");
    }

    private PostgresServer start(ServerRequest request, KitProperties.Value url) {
        if (url != null) {
            return ExternalServer.connect(url, properties.username(), properties.password());
        }
        if (!dockerAvailable()) {
            throw new ServerUnavailableException(noServerMessage(request), null);
        }
        return ContainerServer.start(request, properties.reuse());
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

    /** Drops the spares and (unless reused) the templates of every server this run started, then stops them. */
    @Override
    public void close() {
        boolean reuse = properties.reuse();
        for (Slot slot : slots.values()) {
            Handle handle = slot.handle;
            if (handle == null) {
                continue;
            }
            try {
                handle.templates().dropSpares(handle.server());
                if (!reuse) {
                    handle.templates().dropAll(handle.server());
                }
            } finally {
                // Even when a drop failed: the lease ends, so the next run's cleanup takes what is left.
                handle.run().close();
                handle.server().close();
            }
        }
        slots.clear();
    }

    /** Starts a slot's server once; remembers a failure so later classes fail at once with the same message. */
    private static final class Slot {
        private volatile Handle handle;
        private RuntimeException failure;

        synchronized Handle get(Supplier<Handle> starter) {
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
}
