package io.github.queuetestkit.junit.internal;

import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.internal.TemplateStep;
import org.apiguardian.api.API;

/**
 * A {@link Dataset} as a template step: parsed and checked when the class's configuration is read, loaded once
 * per template.
 *
 * @param spec the parsed dataset at the annotation's scale and seed
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record DatasetStep(DatasetSpec spec) implements TemplateStep {

    /**
     * @param annotation the annotation
     * @param loader where to find its definition
     * @return the step, its definition parsed (errors name file:line:column)
     */
    public static DatasetStep of(Dataset annotation, ClassLoader loader) {
        DatasetSpec spec = DatasetSpec.named(annotation.value(), loader).withScale(annotation.scale())
                .withSeed(annotation.seed());
        return new DatasetStep(annotation.indexes() ? spec : spec.withoutIndexes());
    }

    @Override
    public String key() {
        return "dataset " + spec.key();
    }

    @Override
    public String describe() {
        return "dataset " + spec.name() + " at scale " + spec.scale() + ", seed " + spec.seed();
    }

    @Override
    public void apply(PostgresDatabase database) {
        spec.load(database.dataSource());
    }
}
