package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.dataset.ColumnSpec;
import io.github.queuetestkit.dataset.DatasetDefinitionException;
import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.dataset.Generator;
import io.github.queuetestkit.dataset.LoadResult;
import io.github.queuetestkit.dataset.TableSpec;
import io.github.queuetestkit.base.Identifiers;
import io.github.queuetestkit.postgres.internal.SqlScript;
import io.github.queuetestkit.postgres.internal.SqlScriptRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads a dataset: DDL and checks in one transaction (rolled back on a mismatch), then rows streamed through
 * COPY from several threads, each taking the next chunk of rows, with the DDL's own keys and indexes taken off
 * meanwhile ({@link DeferredKeys}); then those keys, the listed indexes and ANALYZE. Memory stays flat:
 * a thread holds one small buffer at a time.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class CopyLoader {

    /** Rows per chunk a thread takes; the rows themselves do not depend on it. */
    static final int CHUNK = 4096;

    private CopyLoader() {
    }

    /** A column's type family, from pg_type. */
    private enum Family { INTEGER, NUMERIC, TEXT, TIME, JSON, ENUM, OTHER }

    /**
     * @param spec the dataset
     * @param dataSource the target
     * @return what was loaded
     */
    public static LoadResult load(DatasetSpec spec, DataSource dataSource) {
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, Compiled> compiled = new LinkedHashMap<>();
        for (TableSpec table : spec.tables()) {
            long count = table.rowCount(spec.scale());
            Compiler compiler = new Compiler(spec.seed(), table.name(), count, rows, table.columns());
            List<ValueFunction> functions = new ArrayList<>();
            long[] bases = new long[table.columns().size()];
            for (int i = 0; i < table.columns().size(); i++) {
                ColumnSpec column = table.columns().get(i);
                functions.add(compiler.compile(column, i));
                bases[i] = Rng.stream(spec.seed(), table.name(), column.name());
            }
            compiled.put(table.name(), new Compiled(table, count, functions.toArray(new ValueFunction[0]), bases));
            rows.put(table.name(), count);
        }
        try (LoadConnections connections = new LoadConnections(dataSource, spec.threads())) {
            createAndCheck(spec, connections.get(0), compiled);
            DeferredKeys deferred = DeferredKeys.takeOff(connections.get(0), new ArrayList<>(compiled.keySet()));
            long start = System.nanoTime();
            for (Compiled table : compiled.values()) {
                copy(table, connections);
            }
            long copiedRows = System.nanoTime();
            deferred.putBack(connections.get(0), spec.name());
            long copied = System.nanoTime();
            if (spec.createIndexes()) {
                runParallel(connections, spec.indexes());
            }
            long indexed = System.nanoTime();
            runParallel(connections, spec.tables().stream()
                    .map(t -> "ANALYZE " + Identifiers.quote(t.name())).collect(Collectors.toList()));
            long analyzed = System.nanoTime();
            LoadResult result = new LoadResult(rows, Duration.ofNanos(copiedRows - start),
                    Duration.ofNanos(copied - copiedRows), Duration.ofNanos(indexed - copied),
                    Duration.ofNanos(analyzed - indexed));
            DatasetRecord.write(spec, result, ChurnApplier.apply(spec, dataSource), dataSource);
            return result;
        } catch (SQLException e) {
            throw new QueueTestkitException("Loading dataset " + spec.name() + " failed: " + e.getMessage(), e);
        }
    }

    private record Compiled(TableSpec table, long rows, ValueFunction[] functions, long[] bases) {
    }

    private static void createAndCheck(DatasetSpec spec, Connection connection, Map<String, Compiled> tables)
            throws SQLException {
        connection.setAutoCommit(false);
        try {
            SqlScriptRunner.run(connection, SqlScript.parse("DDL of dataset " + spec.name(), spec.ddl()),
                    "Dataset DDL", "Fix the DDL of dataset " + spec.name() + ".");
            for (Compiled table : tables.values()) {
                check(connection, table);
            }
            ChurnApplier.check(connection, spec);
            connection.commit();
        } catch (RuntimeException | SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void check(Connection connection, Compiled compiled) throws SQLException {
        TableSpec table = compiled.table();
        Map<String, Family> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT a.attname, t.typname, t.typcategory FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                        + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"
                        + " ORDER BY a.attnum")) {
            statement.setString(1, Identifiers.quote(table.name()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), family(rs.getString(2), rs.getString(3)));
                }
            }
        }
        String at = table.origin() == null ? "" : table.origin() + ": ";
        if (columns.isEmpty()) {
            throw new DatasetDefinitionException(at + "table " + table.name() + " is not created by the DDL."
                    + " Expected a table the DDL creates, or add CREATE TABLE " + table.name() + " to the DDL.");
        }
        for (ColumnSpec column : table.columns()) {
            String where = column.origin() == null ? "" : column.origin() + ": ";
            Family family = columns.get(column.name());
            if (family == null) {
                throw new DatasetDefinitionException(where + "unknown column " + column.name() + " in table "
                        + table.name() + ". Expected one of " + columns.keySet() + ".");
            }
            Generator.ValueKind kind = column.generator().kind();
            if (!fits(kind, family)) {
                throw new DatasetDefinitionException(where + "column " + table.name() + "." + column.name()
                        + " is of type " + family.name().toLowerCase() + " and cannot take the "
                        + kind.name().toLowerCase() + " values of its generator. Expected a generator of "
                        + expectedFor(family) + ".");
            }
        }
    }

    private static Family family(String typname, String category) {
        switch (typname) {
            case "int2", "int4", "int8" -> {
                return Family.INTEGER;
            }
            case "json", "jsonb" -> {
                return Family.JSON;
            }
            default -> {
                return switch (category) {
                    case "N" -> Family.NUMERIC;
                    case "S" -> Family.TEXT;
                    case "D" -> Family.TIME;
                    case "E" -> Family.ENUM;
                    default -> Family.OTHER;
                };
            }
        }
    }

    private static boolean fits(Generator.ValueKind kind, Family family) {
        return switch (kind) {
            case LITERAL -> true;
            case INTEGER, DECIMAL -> family == Family.INTEGER || family == Family.NUMERIC || family == Family.TEXT;
            case TEXT -> family == Family.TEXT || family == Family.ENUM || family == Family.OTHER;
            case TIMESTAMP -> family == Family.TIME || family == Family.TEXT;
            case JSON -> family == Family.JSON || family == Family.TEXT;
        };
    }

    private static String expectedFor(Family family) {
        return switch (family) {
            case INTEGER, NUMERIC -> "numbers (sequence, uniform, zipf, normal, foreign_key, choice)";
            case TIME -> "timestamps (timestamp, after, choice)";
            case JSON -> "JSON (json, choice)";
            default -> "text (text, faker, choice)";
        };
    }

    private static void copy(Compiled table, LoadConnections connections) throws SQLException {
        if (table.rows() == 0) {
            return;
        }
        List<ColumnSpec> columns = table.table().columns();
        String copySql = "COPY " + Identifiers.quote(table.table().name()) + " ("
                + columns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "))
                + ") FROM STDIN";
        boolean[] integer = new boolean[columns.size()];
        String[] types = new String[columns.size()];
        try (PreparedStatement statement = connections.get(0).prepareStatement(
                        "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                                + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped")) {
            statement.setString(1, Identifiers.quote(table.table().name()));
            Map<String, String> typeOf = new LinkedHashMap<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    typeOf.put(rs.getString(1), rs.getString(2));
                }
            }
            for (int i = 0; i < columns.size(); i++) {
                types[i] = typeOf.get(columns.get(i).name());
                integer[i] = List.of("int2", "int4", "int8").contains(types[i]);
            }
        }
        Generator.ValueKind[] kinds = columns.stream().map(c -> c.generator().kind())
                .toArray(Generator.ValueKind[]::new);
        String[] names = columns.stream().map(c -> table.table().name() + "." + c.name()).toArray(String[]::new);
        boolean binary = BinaryRows.forColumns(types, kinds, names).isPresent();
        String sql = binary ? copySql + " WITH (FORMAT binary)" : copySql;
        long chunks = (table.rows() + CHUNK - 1) / CHUNK;
        int workers = (int) Math.max(1, Math.min(connections.size(), chunks));
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("qtk-copy-" + table.table().name()));
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Connection connection = connections.get(w);
                futures.add(pool.submit(() -> {
                    CopyRows rows = binary ? BinaryRows.forColumns(types, kinds, names).orElseThrow()
                            : new TextRows(integer);
                    copyChunks(table, connection, sql, rows, next, chunks);
                    flushInsertCounts(connection);
                    return null;
                }));
            }
            await(futures);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A backend reports its insert counts to the server's statistics only now and then while it lives; counts
     * reported after the ANALYZE would make the tables look changed since it, so autoanalyze would run again and a
     * plan verdict would call the statistics stale. PostgreSQL 15+ can be told to report them at once; before, the
     * connection is closed, which reports them as its process exits.
     */
    private static void flushInsertCounts(Connection connection) throws SQLException {
        if (connection.getMetaData().getDatabaseMajorVersion() >= 15) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_stat_force_next_flush()");
            }
        } else {
            connection.close();
        }
    }

    private static void copyChunks(Compiled table, Connection connection, String sql, CopyRows out,
            AtomicLong next, long chunks) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            Rng rng = new Rng();
            ValueFunction[] functions = table.functions();
            long[] bases = table.bases();
            Object[] values = new Object[functions.length];
            out.header();
            long chunk;
            while ((chunk = next.getAndIncrement()) < chunks) {
                long end = Math.min(table.rows(), (chunk + 1) * CHUNK);
                for (long row = chunk * CHUNK; row < end; row++) {
                    for (int i = 0; i < functions.length; i++) {
                        rng.reset(bases[i], row);
                        values[i] = functions[i].apply(rng, row, values);
                    }
                    out.row(values);
                    if (out.size() > (1 << 16)) {
                        out.writeTo(copy);
                    }
                }
            }
            out.trailer();
            out.writeTo(copy);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void runParallel(LoadConnections connections, List<String> statements) throws SQLException {
        if (statements.isEmpty()) {
            return;
        }
        int workers = Math.min(connections.size(), statements.size());
        java.util.Queue<String> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(statements);
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("qtk-index"));
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Connection connection = connections.get(w);
                futures.add(pool.submit(() -> {
                    String sql;
                    while ((sql = queue.poll()) != null) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute(sql);
                        } catch (SQLException e) {
                            throw new SQLException("'" + sql + "' failed: " + e.getMessage(), e.getSQLState(), e);
                        }
                    }
                    return null;
                }));
            }
            await(futures);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(List<Future<Void>> futures) throws SQLException {
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueueTestkitException("interrupted while loading a dataset", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new QueueTestkitException("loading a dataset failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

}
