package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.dataset.LoadResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * The recipe of every dataset loaded into a database, kept in the kit's own table {@code queuetestkit.datasets}, so a
 * plan failure can say how to load the same data again. A table (not a comment) because it survives
 * {@code CREATE DATABASE ... TEMPLATE} cloning, keeps the load order, and leaves the user's own tables untouched.
 *
 * @param definition what to pass to {@code @Dataset(value)}: a bundled name, a classpath resource or a file; for a
 *     dataset built in code, its name
 * @param name the dataset's name
 * @param scale its scale
 * @param seed its seed
 * @param indexes whether its listed indexes were created
 * @param churn what churn did, one description per table; empty for none
 * @param rows rows per table after loading (and churn), e.g. {@code tenants=30, jobs=20,000}
 * @param inCode whether it was built with {@code DatasetSpec.ofDdl} rather than read from a definition
 * @param tables the tables it loaded
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record DatasetRecord(String definition, String name, long scale, long seed, boolean indexes, String churn,
        String rows, boolean inCode, List<String> tables) {

    /** Copies the tables. */
    public DatasetRecord {
        tables = List.copyOf(tables);
    }

    /** The kit's schema and table, outside the user's search path. */
    public static final String TABLE = "queuetestkit.datasets";

    /**
     * @param spec the dataset just loaded
     * @param result what loading it did
     * @param churned what its churn did
     * @param dataSource where it was loaded
     * @throws SQLException from the driver
     */
    static void write(DatasetSpec spec, LoadResult result, List<ChurnApplier.Result> churned, DataSource dataSource)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS queuetestkit");
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (position bigserial PRIMARY KEY,"
                        + " definition text NOT NULL, name text NOT NULL, scale bigint NOT NULL, seed bigint NOT NULL,"
                        + " indexes boolean NOT NULL, churn text NOT NULL, rows text NOT NULL, in_code boolean NOT NULL,"
                        + " tables text[] NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now())");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                    + " (definition, name, scale, seed, indexes, churn, rows, in_code, tables)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, definition(spec));
                insert.setString(2, spec.name());
                insert.setLong(3, spec.scale());
                insert.setLong(4, spec.seed());
                insert.setBoolean(5, spec.createIndexes());
                insert.setString(6, churned.stream().map(ChurnApplier.Result::describe).collect(Collectors.joining("; ")));
                insert.setString(7, rows(result, churned));
                insert.setBoolean(8, spec.source() == null);
                // qualified by the schema it went into: a sweep loads the same tables into a schema per scale
                String schema;
                try (Statement s = connection.createStatement();
                        ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                    rs.next();
                    schema = rs.getString(1);
                }
                insert.setArray(9, connection.createArrayOf("text", result.rowsPerTable().keySet().stream()
                        .map(table -> schema == null ? table : schema + "." + table).toArray(String[]::new)));
                insert.executeUpdate();
            }
        }
    }

    /**
     * @param connection a connection to the database
     * @return the datasets loaded into it (or into the template it was cloned from), in load order; empty when none
     * @throws SQLException from the driver
     */
    public static List<DatasetRecord> read(Connection connection) throws SQLException {
        List<DatasetRecord> records = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet exists = s.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return records;
            }
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT definition, name, scale, seed, indexes, churn, rows, in_code,"
                        + " tables FROM "
                        + TABLE + " ORDER BY position")) {
            while (rs.next()) {
                records.add(new DatasetRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getBoolean(5), rs.getString(6), rs.getString(7), rs.getBoolean(8),
                        List.of((String[]) rs.getArray(9).getArray())));
            }
        }
        return records;
    }

    /**
     * The datasets that loaded the given tables: for each table, the last dataset that loaded it (a sweep that
     * reloads a table at several scales leaves one record per load), in load order.
     *
     * @param records every record, in load order
     * @param tables table names, e.g. those a plan reads
     * @return the records that explain those tables
     */
    public static List<DatasetRecord> loading(List<DatasetRecord> records, List<String> tables) {
        // by position, not by equality: the same recipe loaded twice (a class dataset and a sweep's step at the
        // same scale) is two equal records, and naming it once per equal record repeated the line
        Set<Integer> chosen = new TreeSet<>();
        for (String table : tables) {
            for (int i = records.size() - 1; i >= 0; i--) {
                if (records.get(i).tables().stream().anyMatch(loaded -> sameTable(loaded, table))) {
                    chosen.add(i);
                    break;
                }
            }
        }
        return chosen.stream().map(records::get).toList();
    }

    /**
     * Like {@link #loading(List, List)}, with each table qualified by the schema the connection resolves it to, so a
     * plan taken in a sweep's schema names the load of that schema, not the class's dataset.
     *
     * @param connection the connection the plan was taken on (its search path decides)
     * @param tables table names as the plan reports them
     * @return the records that explain those tables
     * @throws SQLException from the driver
     */
    public static List<DatasetRecord> loading(Connection connection, List<String> tables) throws SQLException {
        List<String> qualified = new ArrayList<>();
        try (PreparedStatement schema = connection.prepareStatement("SELECT n.nspname FROM pg_class c JOIN"
                + " pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(quote_ident(?))")) {
            for (String table : tables) {
                schema.setString(1, table);
                try (ResultSet rs = schema.executeQuery()) {
                    qualified.add(rs.next() ? rs.getString(1) + "." + table : table);
                }
            }
        }
        return loading(read(connection), qualified);
    }

    /** Qualified names must agree; an unqualified one (older records, or a table not found) matches any schema. */
    private static boolean sameTable(String loaded, String table) {
        if (loaded.equals(table)) {
            return true;
        }
        boolean loadedQualified = loaded.contains(".");
        boolean tableQualified = table.contains(".");
        if (loadedQualified && tableQualified) {
            return false;
        }
        return unqualified(loaded).equals(unqualified(table));
    }

    private static String unqualified(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /**
     * @return how to load the same data: {@code @Dataset(value = "jobs", scale = 20_000, seed = 42)}, or the
     *     equivalent {@code DatasetSpec} call for a dataset built in code
     */
    public String recipe() {
        String scaled = "scale = " + underscored(scale) + ", seed = " + seed + (indexes ? "" : ", indexes = false");
        String how = inCode ? "DatasetSpec.ofDdl(\"" + name + "\", ...) (built in code) with " + scaled
                : "@Dataset(value = \"" + definition + "\", " + scaled + ")";
        return how + ": " + rows + (churn.isEmpty() ? "" : "; churn: " + churn);
    }

    private static String definition(DatasetSpec spec) {
        if (spec.source() == null) {
            return spec.name();
        }
        String label = spec.source().substring(0, Math.max(0, spec.source().indexOf('\u0000')));
        String bundled = "classpath:datasets/" + spec.name() + ".yaml";
        if (label.equals(bundled)) {
            return spec.name();
        }
        return label.startsWith("classpath:") ? label.substring("classpath:".length()) : label;
    }

    private static String rows(LoadResult result, List<ChurnApplier.Result> churned) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Long> table : result.rowsPerTable().entrySet()) {
            long rows = table.getValue();
            for (ChurnApplier.Result c : churned) {
                if (c.churn().table().equals(table.getKey())) {
                    rows -= c.deleted();
                }
            }
            s.append(s.length() == 0 ? "" : ", ").append(table.getKey()).append(" ")
                    .append(String.format(Locale.ROOT, "%,d", rows)).append(rows == 1 ? " row" : " rows");
        }
        return s.toString();
    }

    private static String underscored(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', '_');
    }
}
