package io.github.queuetestkit.plan;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.dataset.LoadResult;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.base.Identifiers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Takes the plan of one statement over a dataset loaded at several scales, to see a plan flip before production
 * does. Immutable: every {@code atX}/{@code explaining} returns a new sweep.
 *
 * <pre>{@code
 * SweepResult sweep = PlanSweep.of(DatasetSpec.named("client-records"))
 *         .atScales(1_000, 10_000, 100_000)
 *         .explaining(Explain.of("SELECT * FROM records WHERE client_id = ? ORDER BY created_at LIMIT 100", 1))
 *         .run(db);
 * assertThat(sweep).atEveryScale(plan -> plan.usesIndex("records_client_created"))
 *         .sharedBuffersGrowAtMost(Growth.CONSTANT);
 * }</pre>
 *
 * <p>Each scale loads into a schema of its own in the given database ({@code qtk_sweep_<n>_<scale>}, kept until the
 * class database is dropped), so the database keeps its settings (the pinned planner settings of
 * {@code @PostgresTest}) and its own tables stay untouched; the statement is planned with that schema first on the
 * search path.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PlanSweep {

    private static final AtomicLong SWEEPS = new AtomicLong();

    private final DatasetSpec dataset;
    private final long[] scales;
    private final Explain explain;
    private final List<String> setup;

    private PlanSweep(DatasetSpec dataset, long[] scales, Explain explain, List<String> setup) {
        this.dataset = dataset;
        this.scales = scales;
        this.explain = explain;
        this.setup = List.copyOf(setup);
    }

    /**
     * @param dataset the dataset to load at each scale; its own scale is replaced, its seed kept
     * @return a sweep still needing scales and a statement
     */
    public static PlanSweep of(DatasetSpec dataset) {
        return new PlanSweep(Objects.requireNonNull(dataset, "dataset"), new long[0], null, List.of());
    }

    /**
     * @param dataset a bundled dataset name, classpath resource or file, as for {@code @Dataset}
     * @return a sweep still needing scales and a statement
     */
    public static PlanSweep of(String dataset) {
        return of(DatasetSpec.named(dataset));
    }

    /**
     * @param values increasing scales, e.g. 1_000, 10_000, 100_000
     * @return a new sweep
     * @throws QueueTestkitException for fewer than two scales or scales that do not increase
     */
    public PlanSweep atScales(long... values) {
        if (values == null || values.length < 2) {
            throw new QueueTestkitException("atScales" + Arrays.toString(values) + " needs at least two scales to"
                    + " compare, e.g. atScales(1_000, 10_000, 100_000).");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 1 || (i > 0 && values[i] <= values[i - 1])) {
                throw new QueueTestkitException("atScales" + Arrays.toString(values) + ": scale " + values[i]
                        + " at position " + (i + 1) + " must be positive and larger than the one before it. List the"
                        + " scales in increasing order.");
            }
        }
        return new PlanSweep(dataset, values.clone(), explain, setup);
    }

    /**
     * Statements run at each scale after the dataset loads and before the plan is taken: the migration of the
     * version under test (an index, a table kept by triggers), in the scale's schema.
     *
     * @param statements SQL statements, run in order, each on its own
     * @return a new sweep
     */
    public PlanSweep withSetup(String... statements) {
        List<String> all = new ArrayList<>(setup);
        all.addAll(Arrays.asList(statements));
        return new PlanSweep(dataset, scales, explain, all);
    }

    /**
     * @param statement what to explain at each scale (custom, generic, settings, without executing...)
     * @return a new sweep
     */
    public PlanSweep explaining(Explain statement) {
        return new PlanSweep(dataset, scales, Objects.requireNonNull(statement, "statement"), setup);
    }

    /**
     * @param sql the statement, with {@code ?} placeholders
     * @param parameters one value or {@link SqlParameter} per placeholder
     * @return a new sweep explaining the analyzed custom plan
     */
    public PlanSweep explaining(String sql, Object... parameters) {
        return explaining(Explain.of(sql, parameters));
    }

    /**
     * Loads the dataset at each scale, smallest first, and takes the plans there.
     *
     * @param database where to load and explain (the one {@code @PostgresTest} injects)
     * @return a row per scale
     * @throws QueueTestkitException when scales or the statement are missing, or a load fails
     */
    public SweepResult run(PostgresDatabase database) {
        if (scales.length == 0) {
            throw new QueueTestkitException("PlanSweep of " + dataset.name() + " has no scales; add atScales(...).");
        }
        if (explain == null) {
            throw new QueueTestkitException("PlanSweep of " + dataset.name() + " has no statement; add"
                    + " explaining(sql, parameters...).");
        }
        List<SweepResult.Step> steps = new ArrayList<>();
        long sweep = SWEEPS.incrementAndGet();
        for (long scale : scales) {
            // the schemas stay until the class database is dropped: assertions on the result look up indexes and
            // may plan again there
            String schema = "qtk_sweep_" + sweep + "_" + scale;
            database.execute("CREATE SCHEMA " + Identifiers.quote(schema));
            PGSimpleDataSource inSchema = new PGSimpleDataSource();
            inSchema.setUrl(database.jdbcUrl());
            inSchema.setUser(database.username());
            inSchema.setPassword(database.password());
            inSchema.setCurrentSchema(schema + ",public");
            LoadResult loaded = dataset.withScale(scale).load(inSchema);
            runSetup(inSchema, schema);
            steps.add(new SweepResult.Step(scale, loaded.rowsPerTable(), explain.explain(inSchema)));
        }
        return new SweepResult(dataset.name(), dataset.seed(), explain, steps);
    }

    private void runSetup(PGSimpleDataSource inSchema, String schema) {
        for (String statement : setup) {
            try (java.sql.Connection connection = inSchema.getConnection();
                    java.sql.Statement run = connection.createStatement()) {
                run.execute(statement);
            } catch (java.sql.SQLException e) {
                throw new QueueTestkitException("The setup statement of the sweep of " + dataset.name() + " failed in"
                        + " schema " + schema + ": " + e.getMessage() + "\n  " + statement + "\nFix the statement given to"
                        + " withSetup(...).", e);
            }
        }
    }

    @Override
    public String toString() {
        return "PlanSweep of " + dataset.name() + " at " + Arrays.toString(scales) + (explain == null ? ""
                : " explaining " + explain.sql());
    }
}
