package io.github.queuetestkit.migrations.internal;

import io.github.queuetestkit.base.Hashing;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.internal.TemplateRecipe;
import io.github.queuetestkit.postgres.internal.TemplateStep;

/**
 * A Liquibase changelog as a template step. Its key digests Liquibase's version, the contexts and labels and every
 * changeset's identity and checksum, read by parsing the changelog (includes and SQL files too) when the class's
 * configuration is read. Liquibase's own types stay in {@link LiquibaseRunner}.
 */
final class LiquibaseStep implements TemplateStep {

    private final String changelog;
    private final String contexts;
    private final String labels;
    private final String origin;
    private final ClassLoader loader;
    private final String key;

    private LiquibaseStep(String changelog, String contexts, String labels, String origin, ClassLoader loader,
            String changesets) {
        this.changelog = changelog;
        this.contexts = contexts;
        this.labels = labels;
        this.origin = origin;
        this.loader = loader;
        this.key = "liquibase " + Hashing.sha256(changelog + "\u0000" + contexts + "\u0000" + labels
                + "\u0000" + changesets);
    }

    /**
     * @param changelog the changelog as the user named it
     * @param contexts a context expression, or empty
     * @param labels a label expression, or empty
     * @param origin " on " and the test class, for messages
     * @param loader where the changelog is found
     * @return the step, its changelog parsed
     */
    static LiquibaseStep of(String changelog, String contexts, String labels, String origin, ClassLoader loader) {
        String path = changelog.startsWith("classpath:") ? changelog.substring("classpath:".length()) : changelog;
        return new LiquibaseStep(path, contexts, labels, origin, loader,
                LiquibaseRunner.changesets(path, origin, loader));
    }

    String changelog() {
        return changelog;
    }

    String contexts() {
        return contexts;
    }

    String labels() {
        return labels;
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
        return "Liquibase changelog " + changelog;
    }

    @Override
    public void apply(PostgresDatabase database) {
        LiquibaseRunner.update(this, database);
    }
}
