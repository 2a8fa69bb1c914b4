package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.postgres.PostgresDatabase;
import org.apiguardian.api.API;

/**
 * One step of building a template database: an init script, a dataset. Its key identifies its content, so
 * equal steps share a template and a changed script gets a new one.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public interface TemplateStep {

    /** @return a stable digest of everything that decides what this step creates */
    String key();

    /** @return what the step is, for messages, e.g. "init script db/schema.sql" */
    String describe();

    /**
     * @param database the template database being built
     */
    void apply(PostgresDatabase database);
}
