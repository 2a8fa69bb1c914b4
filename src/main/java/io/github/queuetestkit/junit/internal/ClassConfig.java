package io.github.queuetestkit.junit.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.migrations.internal.MigrationSteps;
import io.github.queuetestkit.postgres.internal.DatabaseSettings;
import io.github.queuetestkit.postgres.internal.InitScript;
import io.github.queuetestkit.postgres.internal.KitProperties;
import io.github.queuetestkit.postgres.internal.ServerRequest;
import io.github.queuetestkit.postgres.internal.TemplateStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A test class's {@link PostgresTest} configuration, validated: every setting parsed and every script read
 * before any server or database is created.
 *
 * @param testClass the class that carries the annotation
 * @param server what it asks of its server
 * @param settings its database settings, planner defaults included
 * @param steps what its template holds, in order
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record ClassConfig(Class<?> testClass, ServerRequest server, Map<String, String> settings,
        List<TemplateStep> steps) {

    public ClassConfig {
        settings = Map.copyOf(settings);
        steps = List.copyOf(steps);
    }

    /**
     * @param testClass the class that carries the annotation
     * @param annotation the annotation
     * @param properties the run's configuration, for the image when the annotation names none
     * @return the validated configuration
     * @throws InvalidConfigurationException naming the attribute at fault
     */
    public static ClassConfig of(Class<?> testClass, PostgresTest annotation, KitProperties properties) {
        String on = " on " + testClass.getName();
        String image;
        String imageSource;
        KitProperties.Value property = properties.image();
        if (!annotation.image().isBlank()) {
            image = annotation.image().trim();
            imageSource = "@PostgresTest(image)" + on;
        } else if (property != null) {
            image = property.value().trim();
            imageSource = property.source();
        } else {
            image = KitProperties.DEFAULT_IMAGE;
            imageSource = "the default image";
        }
        Map<String, String> serverSettings = DatabaseSettings.parse(annotation.serverSettings(),
                "@PostgresTest(serverSettings)" + on);
        Map<String, String> settings = DatabaseSettings.withPlannerDefaults(
                DatabaseSettings.parse(annotation.settings(), "@PostgresTest(settings)" + on));
        List<TemplateStep> steps = new ArrayList<>();
        ClassLoader loader = testClass.getClassLoader();
        // Migrations come first: Flyway refuses a schema that already holds objects, and the init scripts can then
        // add test-only SQL on top of the application's schema; datasets fill the tables both created.
        steps.addAll(MigrationSteps.of(annotation.flyway(), annotation.flywayPlaceholders(), annotation.liquibase(),
                annotation.liquibaseContexts(), annotation.liquibaseLabels(), on, loader));
        for (String location : annotation.init()) {
            if (location.isBlank()) {
                throw new InvalidConfigurationException("@PostgresTest(init)" + on
                        + " names an empty script path. Remove it or name a script such as \"db/schema.sql\".");
            }
            steps.add(InitScript.load(location.trim(), "@PostgresTest(init)" + on, loader));
        }
        for (Dataset dataset : AnnotationSupport.findRepeatableAnnotations(testClass, Dataset.class)) {
            steps.add(DatasetStep.of(dataset, loader));
        }
        return new ClassConfig(testClass, new ServerRequest(image, imageSource, serverSettings), settings, steps);
    }

    /** @return where the settings came from, for messages */
    public String settingsOrigin() {
        return "@PostgresTest(settings) on " + testClass.getName();
    }
}
