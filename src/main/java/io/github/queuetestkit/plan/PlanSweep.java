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
 * does. Built in steps, each a type of its own, so a sweep that runs always has its scales and statement:
 * {@code of} (the dataset), then {@code atScales}, then {@code explaining}, then optionally {@code withSetup}, then
 * {@code run}. Immutable: every step returns a new value.
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
 * search path. So write the dataset's tables unqualified: a sweep whose statement reads them from another schema, or
 * that sets {@code search_path}, would read the same tables at every scale, and is refused.
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
     * @return the first step of a sweep, which asks for the scales
     */
    public static NeedsScales of(DatasetSpec dataset) {
        return new NeedsScales(Objects.requireNonNull(dataset, "dataset"));
    }

    /**
     * @param dataset a bundled dataset name, classpath resource or file, as for {@code @Dataset}
     * @return the first step of a sweep, which asks for the scales
     */
    public static NeedsScales of(String dataset) {
        return of(DatasetSpec.named(dataset));
    }

    /**
     * A sweep that knows its dataset and still needs its scales: {@link #atScales} is its only step, so no sweep runs
     * without them.
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class NeedsScales {

        private final DatasetSpec dataset;

        private NeedsScales(DatasetSpec dataset) {
            this.dataset = dataset;
        }

        /**
         * @param values increasing scales, e.g. 1_000, 10_000, 100_000
         * @return the next step, which asks for the statement
         * @throws QueueTestkitException for fewer than two scales or scales that do not increase
         */
        public NeedsStatement atScales(long... values) {
            if (values == null || values.length < 2) {
                throw new QueueTestkitException("atScales" + Arrays.toString(values) + " needs at least two scales to"
                        + " compare, e.g. atScales(1_000, 10_000, 100_000).");
            }
            for (int i = 0; i < values.length; i++) {
                if (values[i] < 1 || (i > 0 && values[i] <= values[i - 1])) {
                    throw new QueueTestkitException("atScales" + Arrays.toString(values) + ": scale " + values[i]
                            + " at position " + (i + 1) + " must be positive and larger than the one before it. List"
                            + " the scales in increasing order.");
                }
            }
            return new NeedsStatement(dataset, values.clone());
        }

        @Override
        public String toString() {
            return "PlanSweep of " + dataset.name();
        }
    }

    /**
     * A sweep that knows its dataset and scales and still needs the statement to explain: {@link #explaining} is its
     * only step, and returns a sweep that can run. Keep one in a field to explain several statements over the same
     * scales.
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class NeedsStatement {

        private final DatasetSpec dataset;
        private final long[] scales;

        private NeedsStatement(DatasetSpec dataset, long[] scales) {
            this.dataset = dataset;
            this.scales = scales;
        }

        /**
         * @param statement what to explain at each scale (custom, generic, settings, without executing...)
         * @return a sweep ready to run
         */
        public PlanSweep explaining(Explain statement) {
            return new PlanSweep(dataset, scales, Objects.requireNonNull(statement, "statement"), List.of());
        }

        /**
         * @param sql the statement, with {@code ?} placeholders
         * @param parameters one value or {@link SqlParameter} per placeholder
         * @return a sweep ready to run, explaining the analyzed custom plan
         */
        public PlanSweep explaining(String sql, Object... parameters) {
            return explaining(Explain.of(sql, parameters));
        }

        @Override
        public String toString() {
            return "PlanSweep of " + dataset.name() + " at " + Arrays.toString(scales);
        }
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
     * Loads the dataset at each scale, smallest first, and takes the plans there.
     *
     * @param database where to load and explain (the one {@code @PostgresTest} injects)
     * @return a row per scale
     * @throws QueueTestkitException when a load or a setup statement fails
     * @throws io.github.queuetestkit.InvalidConfigurationException when the statement would read the same tables at
     *     every scale: a {@code search_path} setting, or a table written schema-qualified
     */
    public SweepResult run(PostgresDatabase database) {
        SweepTables.refuseSearchPath(dataset.name(), explain);
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
            // a statistics dump names production's schema; at each scale it describes this scale's tables
            Explain atScale = explain.statistics() == null ? explain
                    : explain.withStatistics(explain.statistics().forSchema(schema));
            Plans plans = atScale.explain(inSchema);
            // the search_path points an unqualified table at this scale's schema; a qualified one reads the same
            // table at every scale, and every check of the sweep would pass on it
            SweepTables.check(dataset.name(), scale, schema, plans);
            steps.add(new SweepResult.Step(scale, loaded.rowsPerTable(), plans));
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
        return "PlanSweep of " + dataset.name() + " at " + Arrays.toString(scales) + " explaining " + explain.sql();
    }
}
