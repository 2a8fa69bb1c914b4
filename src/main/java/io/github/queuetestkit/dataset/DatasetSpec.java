package io.github.queuetestkit.dataset;

import io.github.queuetestkit.base.Hashing;
import io.github.queuetestkit.dataset.internal.CopyLoader;
import io.github.queuetestkit.dataset.internal.DefinitionParser;
import io.github.queuetestkit.dataset.internal.DefinitionSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * A dataset to load: its DDL, tables, indexes, and the scale, seed and threads to load it with. Immutable:
 * every {@code withX} returns a new spec.
 *
 * <pre>{@code
 * LoadResult result = DatasetSpec.named("jobs").withScale(100_000).withSeed(42).withoutIndexes()
 *         .load(dataSource);
 *
 * DatasetSpec.ofDdl("mine", "CREATE TABLE users (id bigint PRIMARY KEY, email text)")
 *         .withTable(TableSpec.named("users").withRows("scale / 10")
 *                 .withColumn("id", Generator.sequence())
 *                 .withColumn("email", Generator.faker("#{Internet.emailAddress}")))
 *         .withScale(1_000).load(dataSource);
 * }</pre>
 *
 * <p>Equal when every setting is equal, as a record would be.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DatasetSpec {

    /** Changes whenever the generated rows for a given definition, scale and seed may change. */
    public static final String ENGINE_VERSION = "2";

    /** Every setting of a spec, validated once; each {@code withX} changes one of them on a {@link Draft}. */
    private record Settings(String name, String ddl, List<TableSpec> tables, List<String> indexes, long scale,
            long seed, boolean createIndexes, int threads, String source, List<Churn> churn) {

        Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(ddl, "ddl");
            tables = List.copyOf(tables);
            indexes = List.copyOf(indexes);
            churn = List.copyOf(churn);
            if (scale < 0) {
                throw new IllegalArgumentException("scale of dataset " + name + " must be >= 0, got " + scale);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads of dataset " + name + " must be >= 1, got " + threads);
            }
        }
    }

    /** A mutable copy of the settings, alive only inside one {@code withX}. */
    private static final class Draft {
        private final String name;
        private final String ddl;
        private final List<TableSpec> tables;
        private final List<String> indexes;
        private long scale;
        private long seed;
        private boolean createIndexes;
        private int threads;
        private final String source;
        private final List<Churn> churn;

        private Draft(Settings from) {
            name = from.name();
            ddl = from.ddl();
            tables = new ArrayList<>(from.tables());
            indexes = new ArrayList<>(from.indexes());
            scale = from.scale();
            seed = from.seed();
            createIndexes = from.createIndexes();
            threads = from.threads();
            source = from.source();
            churn = new ArrayList<>(from.churn());
        }

        private Settings settings() {
            return new Settings(name, ddl, tables, indexes, scale, seed, createIndexes, threads, source, churn);
        }
    }

    private final Settings settings;

    /**
     * @param name the dataset's name, for messages
     * @param ddl the SQL creating its tables
     * @param tables the tables to fill, in load order (parents before children)
     * @param indexes statements creating indexes, run after the rows are loaded
     * @param scale the value of {@code scale} in row counts
     * @param seed the seed every value derives from
     * @param createIndexes whether to run {@code indexes}
     * @param threads how many threads generate and copy rows
     * @param source the definition text a parsed spec came from, part of its {@link #key()}; null in code
     * @param churn queue-like churn applied after loading, in order (see {@link Churn}); empty for none
     */
    public DatasetSpec(String name, String ddl, List<TableSpec> tables, List<String> indexes, long scale, long seed,
            boolean createIndexes, int threads, String source, List<Churn> churn) {
        this(new Settings(name, ddl, tables, indexes, scale, seed, createIndexes, threads, source, churn));
    }

    private DatasetSpec(Settings settings) {
        this.settings = settings;
    }

    private DatasetSpec change(Consumer<Draft> change) {
        Draft draft = new Draft(settings);
        change.accept(draft);
        return new DatasetSpec(draft.settings());
    }

    /**
     * @param name a bundled dataset ({@code delayed-jobs}, {@code fair-queue}, {@code client-records},
     *     {@code car-users}, {@code jobs}), a classpath resource or a file path of a YAML definition
     * @return the parsed definition at scale 1000, seed 42, with indexes
     * @throws DatasetDefinitionException naming file:line:column of any error
     */
    public static DatasetSpec named(String name) {
        return named(name, Thread.currentThread().getContextClassLoader());
    }

    /**
     * @param name as in {@link #named(String)}
     * @param loader where to look for classpath resources
     * @return the parsed definition at scale 1000, seed 42, with indexes
     */
    public static DatasetSpec named(String name, ClassLoader loader) {
        return DefinitionParser.parse(DefinitionSource.resolve(name, loader));
    }

    /**
     * @param name the dataset's name, for messages
     * @param ddl the SQL creating its tables
     * @return a spec with no tables yet, at scale 1000, seed 42
     */
    public static DatasetSpec ofDdl(String name, String ddl) {
        return new DatasetSpec(name, ddl, List.of(), List.of(), 1000, 42, true, defaultThreads(), null, List.of());
    }

    /** @param table a table to fill @return a copy with it appended */
    public DatasetSpec withTable(TableSpec table) {
        return change(draft -> draft.tables.add(Objects.requireNonNull(table, "table")));
    }

    /** @param createIndex a CREATE INDEX statement @return a copy that runs it after loading */
    public DatasetSpec withIndex(String createIndex) {
        return change(draft -> draft.indexes.add(Objects.requireNonNull(createIndex, "createIndex")));
    }

    /** @param newScale the value of {@code scale} @return a copy at that scale */
    public DatasetSpec withScale(long newScale) {
        return change(draft -> draft.scale = newScale);
    }

    /** @param newSeed the seed @return a copy with that seed */
    public DatasetSpec withSeed(long newSeed) {
        return change(draft -> draft.seed = newSeed);
    }

    /** @return a copy that loads the rows but creates none of the listed indexes */
    public DatasetSpec withoutIndexes() {
        return change(draft -> draft.createIndexes = false);
    }

    /** @param count generating and copying threads; the rows do not depend on it @return a copy */
    public DatasetSpec withThreads(int count) {
        return change(draft -> draft.threads = count);
    }

    /**
     * @param added queue-like churn applied after loading (several apply in order)
     * @return a copy with it appended
     */
    public DatasetSpec withChurn(Churn added) {
        return change(draft -> draft.churn.add(Objects.requireNonNull(added, "churn")));
    }

    /** @return the dataset's name, for messages */
    public String name() {
        return settings.name();
    }

    /** @return the SQL creating its tables */
    public String ddl() {
        return settings.ddl();
    }

    /** @return the tables to fill, in load order (parents before children) */
    public List<TableSpec> tables() {
        return settings.tables();
    }

    /** @return statements creating indexes, run after the rows are loaded */
    public List<String> indexes() {
        return settings.indexes();
    }

    /** @return the value of {@code scale} in row counts */
    public long scale() {
        return settings.scale();
    }

    /** @return the seed every value derives from */
    public long seed() {
        return settings.seed();
    }

    /** @return whether to run {@link #indexes()} */
    public boolean createIndexes() {
        return settings.createIndexes();
    }

    /** @return how many threads generate and copy rows */
    public int threads() {
        return settings.threads();
    }

    /** @return the definition text a parsed spec came from, part of its {@link #key()}; null in code */
    public String source() {
        return settings.source();
    }

    /** @return queue-like churn applied after loading, in order (see {@link Churn}); empty for none */
    public List<Churn> churn() {
        return settings.churn();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatasetSpec spec && settings.equals(spec.settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "DatasetSpec" + settings.toString().substring("Settings".length());
    }

    /** @param table a table of this dataset @return its row count at this spec's scale */
    public long rowCount(String table) {
        return tables().stream().filter(t -> t.name().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("dataset " + name() + " has no table " + table))
                .rowCount(scale());
    }

    /**
     * @return a digest of everything deciding the rows: definition, scale, seed, indexes, engine version
     *     (not the thread count, which changes nothing)
     */
    public String key() {
        // indexes count even for a parsed definition: withIndex on a bundled dataset must not reuse its template
        String definition = (source() != null ? source() : ddl() + "\u0000" + tables()) + "\u0000" + indexes();
        if (!churn().isEmpty()) {
            definition += "\u0000churn " + churn().stream().map(Churn::describe).toList();
        }
        return Hashing.sha256(ENGINE_VERSION + "\u0000" + definition
                + "\u0000" + scale() + "\u0000" + seed() + "\u0000" + createIndexes());
    }

    /**
     * Runs the DDL, checks every generated column against the created tables (rolled back on a mismatch,
     * before any row is loaded), copies the rows, creates the indexes, runs ANALYZE, applies the churn, and records
     * the recipe in the kit's table {@code queuetestkit.datasets} so plan failures can name it.
     *
     * @param dataSource any PostgreSQL database
     * @return rows per table and timings
     * @throws DatasetDefinitionException for a column or type the DDL does not match
     */
    public LoadResult load(DataSource dataSource) {
        return CopyLoader.load(this, dataSource);
    }

    private static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }
}
