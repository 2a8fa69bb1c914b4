package io.github.queuetestkit.sql;

import io.github.queuetestkit.QueueTestkitException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * A snapshot of pg_stat_statements for the current database, to see what the server ran between two points of
 * a test, including the statements triggers and functions ran that never pass through a JDBC driver:
 *
 * <pre>{@code
 * ServerStatements before = ServerStatements.snapshot(dataSource);
 * queue.dequeue();
 * ServerStatements.Diff ran = before.diff();
 * assertThat(ran.nested()).anyMatch(s -> s.names("last_dequeues"));
 * }</pre>
 *
 * <p>Needs pg_stat_statements loaded ({@code shared_preload_libraries}); the kit's containers load it with
 * {@code pg_stat_statements.track=all}, so nested statements are tracked. The extension is created in the
 * database on the first snapshot. Statements of every session in the database count, so run nothing else
 * against it in parallel while measuring; and pg_stat_statements keeps a bounded number of entries
 * ({@code pg_stat_statements.max}), so very busy servers may evict some.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ServerStatements {

    // Marks the kit's own queries so a diff leaves them out.
    private static final String MARKER = "/* queue-testkit snapshot */";

    private final DataSource dataSource;
    private final Map<Key, ServerStatement> entries;

    private ServerStatements(DataSource dataSource, Map<Key, ServerStatement> entries) {
        this.dataSource = dataSource;
        this.entries = entries;
    }

    private record Key(long userId, long queryId, boolean topLevel) {
    }

    /**
     * @param dataSource a DataSource of the database to watch; a {@link RecordingDataSource} is read through its
     *        target, so snapshots are never captured
     * @return the current counters
     * @throws QueueTestkitException when pg_stat_statements is not loaded, saying how to load it
     */
    public static ServerStatements snapshot(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        DataSource target = dataSource instanceof RecordingDataSource
                ? ((RecordingDataSource) dataSource).target() : dataSource;
        return new ServerStatements(target, read(target));
    }

    /** @return what ran since this snapshot: a new snapshot diffed against this one */
    public Diff diff() {
        return diff(snapshot(dataSource));
    }

    /**
     * @param later a snapshot of the same database taken after this one
     * @return what ran between the two, statements ordered by calls, most first
     */
    public Diff diff(ServerStatements later) {
        List<ServerStatement> ran = new ArrayList<>();
        later.entries.forEach((key, after) -> {
            ServerStatement before = entries.get(key);
            long calls = after.calls() - (before == null ? 0 : before.calls());
            if (calls > 0) {
                ran.add(new ServerStatement(after.queryId(), after.query(), after.topLevel(), calls,
                        after.rows() - (before == null ? 0 : before.rows()),
                        after.totalMillis() - (before == null ? 0 : before.totalMillis())));
            }
        });
        ran.sort((a, b) -> Long.compare(b.calls(), a.calls()));
        return new Diff(ran);
    }

    /**
     * What the server ran between two snapshots.
     *
     * @param statements one entry per distinct statement, most calls first
     */
    public record Diff(List<ServerStatement> statements) {

        /** Defensive copy. */
        public Diff {
            statements = List.copyOf(statements);
        }

        /** @return the statements triggers and functions ran (not sent by a client) */
        public List<ServerStatement> nested() {
            return statements.stream().filter(s -> !s.topLevel()).collect(Collectors.toList());
        }

        /**
         * @param regex searched case-insensitively in the normalized query text
         * @return the matching statements
         */
        public List<ServerStatement> matching(String regex) {
            Pattern pattern = ((StatementFilter.Matching) StatementFilter.matching(regex)).pattern();
            return statements.stream().filter(s -> pattern.matcher(s.normalizedSql()).find())
                    .collect(Collectors.toList());
        }

        /**
         * @param regex searched case-insensitively in the normalized query text
         * @return how many times matching statements ran
         */
        public long calls(String regex) {
            return matching(regex).stream().mapToLong(ServerStatement::calls).sum();
        }

        /** @return one line per statement: calls, nested or not, rows, query */
        public String describe() {
            if (statements.isEmpty()) {
                return "  (none)";
            }
            return statements.stream().map(s -> "  " + s).collect(Collectors.joining("\n"));
        }
    }

    private static Map<Key, ServerStatement> read(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            ensureLoaded(statement);
            boolean hasTopLevel = connection.getMetaData().getDatabaseMajorVersion() >= 14;
            String sql = MARKER + " SELECT userid, queryid, " + (hasTopLevel ? "toplevel" : "true")
                    + ", query, calls, rows, total_exec_time FROM pg_stat_statements"
                    + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    + " AND queryid IS NOT NULL";
            Map<Key, ServerStatement> entries = new LinkedHashMap<>();
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    String query = rs.getString(4);
                    if (query == null || query.contains(MARKER)) {
                        continue;
                    }
                    ServerStatement entry = new ServerStatement(rs.getLong(2), query, rs.getBoolean(3), rs.getLong(5),
                            rs.getLong(6), rs.getDouble(7));
                    entries.put(new Key(rs.getLong(1), entry.queryId(), entry.topLevel()), entry);
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not read pg_stat_statements: " + e.getMessage(), e);
        }
    }

    private static void ensureLoaded(Statement statement) throws SQLException {
        String libraries;
        try (ResultSet rs = statement.executeQuery(MARKER + " SELECT current_setting('shared_preload_libraries')")) {
            rs.next();
            libraries = rs.getString(1);
        }
        if (libraries == null || !libraries.contains("pg_stat_statements")) {
            throw new QueueTestkitException("pg_stat_statements is not loaded on this server"
                    + " (shared_preload_libraries = '" + libraries + "'), so the server-side view of statements is"
                    + " unavailable. Start the server with shared_preload_libraries=pg_stat_statements and"
                    + " pg_stat_statements.track=all (postgresql.conf, or `postgres -c ...`), then restart it; the"
                    + " kit's own containers do this unless serverSettings override shared_preload_libraries.");
        }
        statement.execute(MARKER + " CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }
}
