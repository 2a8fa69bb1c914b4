package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.base.Hashing;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import org.apiguardian.api.API;

/** An init script read from the classpath or the file system, run once into a template database. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class InitScript implements TemplateStep {

    private final String name;
    private final String text;

    private InitScript(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /**
     * Reads a script now, so a missing file fails before any database is created.
     *
     * @param location a classpath resource name or a file path
     * @param origin where it was named, for messages
     * @param loader the class loader to look in first
     * @return the script
     */
    public static InitScript load(String location, String origin, ClassLoader loader) {
        String resource = location.startsWith("/") ? location.substring(1) : location;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) {
                return new InitScript(location, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read classpath resource " + location, e);
        }
        Path file = Paths.get(location);
        if (Files.isRegularFile(file)) {
            try {
                return new InitScript(location, Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new InvalidConfigurationException("Init script '" + location + "' from " + origin
                        + " could not be read: " + e.getMessage(), e);
            }
        }
        throw new InvalidConfigurationException("Init script '" + location + "' from " + origin
                + " was found neither on the classpath nor as a file (looked for " + file.toAbsolutePath()
                + "). Fix the path: classpath names look like \"db/schema.sql\" (from src/test/resources).");
    }

    @Override
    public String key() {
        return "init-script " + Hashing.sha256(name + "\u0000" + text);
    }

    @Override
    public String describe() {
        return "init script " + name;
    }

    @Override
    public void apply(PostgresDatabase database) {
        try (Connection connection = database.openConnection()) {
            SqlScriptRunner.run(connection, SqlScript.parse(name, text), "Init script",
                    "Fix the statement in " + name + "; it runs once into a fresh database before the test class.");
        } catch (SQLException e) {
            throw new InvalidConfigurationException("Init script " + name + " could not run: " + e.getMessage(), e);
        }
    }
}
