package io.github.queuetestkit.migrations.internal;

import io.github.queuetestkit.base.Hashing;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.internal.TemplateRecipe;
import io.github.queuetestkit.postgres.internal.TemplateStep;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A set of Flyway migrations as a template step. Its key digests Flyway's version, the locations, the placeholders
 * and every file under the locations. Flyway's own types stay in {@link FlywayRunner}, loaded only when the step runs.
 */
final class FlywayStep implements TemplateStep {

    private final List<String> locations;
    private final Map<String, String> placeholders;
    private final MigrationFiles files;
    private final String origin;
    private final ClassLoader loader;
    private final String key;

    FlywayStep(List<String> locations, Map<String, String> placeholders, MigrationFiles files, String origin,
            ClassLoader loader) {
        this.locations = List.copyOf(locations);
        this.placeholders = Map.copyOf(placeholders);
        this.files = files;
        this.origin = origin;
        this.loader = loader;
        this.key = "flyway " + Hashing.sha256(version() + "\u0000" + this.locations + "\u0000"
                + new TreeMap<>(this.placeholders) + "\u0000" + files.digest());
    }

    List<String> locations() {
        return locations;
    }

    Map<String, String> placeholders() {
        return placeholders;
    }

    MigrationFiles files() {
        return files;
    }

    String origin() {
        return origin;
    }

    ClassLoader loader() {
        return loader;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String describe() {
        return "Flyway migrations " + String.join(", ", locations);
    }

    @Override
    public void apply(PostgresDatabase database) {
        FlywayRunner.migrate(this, database);
    }

    // Flyway's version keys the template too: a new Flyway may write its history table differently.
    private String version() {
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.flywaydb/flyway-core/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
