package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.postgres.ServerUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** A PostgreSQL server in a Testcontainers container that the kit started and stops. */
final class ContainerServer implements PostgresServer {

    /**
     * Durability off because test data is disposable; pg_stat_statements on so the kit can show what triggers
     * and functions ran; enough connections for parallel classes and concurrent worker harnesses.
     */
    static final Map<String, String> DEFAULT_SERVER_SETTINGS = defaults();

    private static final System.Logger LOG = System.getLogger(ContainerServer.class.getName());
    private static final int LOG_LINES_IN_MESSAGE = 40;

    private final PostgreSQLContainer container;
    private final boolean reuse;
    private final String description;
    private volatile boolean stopped;

    private ContainerServer(PostgreSQLContainer container, boolean reuse, String description) {
        this.container = container;
        this.reuse = reuse;
        this.description = description;
    }

    static ContainerServer start(ServerRequest request, boolean reuse) {
        Map<String, String> settings = new LinkedHashMap<>(DEFAULT_SERVER_SETTINGS);
        settings.putAll(request.serverSettings());
        List<String> command = new ArrayList<>();
        command.add("postgres");
        settings.forEach((name, value) -> {
            command.add("-c");
            command.add(name + "=" + value);
        });
        DockerImageName image;
        try {
            image = DockerImageName.parse(request.image()).asCompatibleSubstituteFor("postgres");
        } catch (IllegalArgumentException e) {
            throw new ServerUnavailableException("PostgreSQL image '" + request.image() + "' (from "
                    + request.imageSource() + ") is not a valid image name: " + e.getMessage()
                    + ". Use a name like postgres:17-alpine.", e);
        }
        PostgreSQLContainer container = new PostgreSQLContainer(image)
                .withDatabaseName("postgres")
                .withCommand(command.toArray(String[]::new))
                .withReuse(reuse);
        String description = "PostgreSQL container from image '" + request.image() + "' (from "
                + request.imageSource() + ")";
        try {
            container.start();
        } catch (RuntimeException e) {
            String log = tail(container);
            try {
                container.stop();
            } catch (RuntimeException ignoredBecauseStartAlreadyFailed) {
                // The start failure is what the user needs to see.
            }
            throw new ServerUnavailableException(description + " did not start: " + rootMessage(e)
                    + (log.isEmpty() ? "" : "\nLast lines of the container's log:\n" + log)
                    + "\nFix: name an image that exists and runs PostgreSQL 13 or later (for example "
                    + KitProperties.DEFAULT_IMAGE + ") in @PostgresTest(image = ...) or -Dqueuetestkit.image,"
                    + " or check the serverSettings it was started with: " + request.serverSettings(), e);
        }
        ContainerServer server = new ContainerServer(container, reuse, description);
        if (!reuse) {
            // Without Ryuk nothing else removes the container if the run is cut short.
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "queue-testkit-container-stop"));
        }
        LOG.log(System.Logger.Level.INFO, () -> description + " started at " + server.maintenanceUrl());
        return server;
    }

    @Override
    public String maintenanceUrl() {
        return container.getJdbcUrl();
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public boolean managed() {
        return true;
    }

    @Override
    public synchronized void close() {
        if (stopped || reuse) {
            return;
        }
        stopped = true;
        container.stop();
    }

    private static Map<String, String> defaults() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fsync", "off");
        settings.put("synchronous_commit", "off");
        settings.put("full_page_writes", "off");
        settings.put("max_connections", "300");
        settings.put("shared_preload_libraries", "pg_stat_statements");
        settings.put("pg_stat_statements.track", "all");
        return java.util.Collections.unmodifiableMap(settings);
    }

    private static String tail(PostgreSQLContainer container) {
        try {
            String logs = container.getLogs();
            String[] lines = logs.split("\n");
            int from = Math.max(0, lines.length - LOG_LINES_IN_MESSAGE);
            StringBuilder out = new StringBuilder();
            for (int i = from; i < lines.length; i++) {
                out.append("  | ").append(lines[i]).append('\n');
            }
            return out.toString();
        } catch (RuntimeException noContainerWasCreated) {
            return "";
        }
    }

    static String rootMessage(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null && cause != cause.getCause()) {
            if (cause.getMessage() != null && !out.toString().contains(cause.getMessage())) {
                out.append(" <- ").append(cause.getMessage());
            }
            cause = cause.getCause();
        }
        return out.toString();
    }
}
