package io.github.queuetestkit.sql;

import io.github.queuetestkit.QueueTestkitException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
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
 * database on the first snapshot that finds it missing. A diff leaves out what the snapshots themselves ran: their
 * queries, that CREATE EXTENSION, and the session setup the JDBC driver (or a pool's init SQL) ran when the later
 * snapshot's connection opened ({@code SET application_name = ...}); a snapshot taken in between adds its own
 * connection's setup, so diff against the snapshot just before what is measured. Statements of every other session
 * in the database count, so run nothing else against it in parallel while measuring; and pg_stat_statements keeps
 * a bounded number of entries ({@code pg_stat_statements.max}), so very busy servers may evict some.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ServerStatements {

    // Marks the kit's own statements so a diff leaves them out. It follows the first key word because
    // pg_stat_statements keeps a statement's text from its first token on: 18 drops a leading comment.
    private static final String MARKER = "/* queue-testkit snapshot */";

    private final DataSource dataSource;
    private final Map<Key, ServerStatement> entries;
    private final OwnSession session;

    private ServerStatements(DataSource dataSource, Map<Key, ServerStatement> entries, OwnSession session) {
        this.dataSource = dataSource;
        this.entries = entries;
        this.session = session;
    }

    private record Key(long userId, long queryId, boolean topLevel) {
    }

    /**
     * The snapshot's own connection, to tell its setup statements from the test's.
     *
     * @param readAt the server's clock when the counters were read
     * @param connectedAt when the connection's backend started
     * @param userId the connected user, as pg_stat_statements' userid
     * @param setup the settings the connection's session SET when it opened, name to value
     */
    private record OwnSession(Timestamp readAt, Timestamp connectedAt, long userId, Map<String, String> setup) {
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
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement()) {
            ensureLoaded(statement);
            OwnSession session = ownSession(statement);
            return new ServerStatements(target, read(connection, statement), session);
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not read pg_stat_statements: " + e.getMessage(), e);
        }
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
        Map<Key, ServerStatement> ran = new LinkedHashMap<>();
        later.entries.forEach((key, after) -> {
            ServerStatement before = entries.get(key);
            long calls = after.calls() - (before == null ? 0 : before.calls());
            if (calls > 0) {
                ran.put(key, new ServerStatement(after.queryId(), after.query(), after.topLevel(), calls,
                        after.rows() - (before == null ? 0 : before.rows()),
                        after.totalMillis() - (before == null ? 0 : before.totalMillis())));
            }
        });
        if (later.session.connectedAt().after(session.readAt())) {
            // the later snapshot's connection opened after this one read, so its session setup ran in between
            later.session.setup().forEach((name, value) -> leaveOutOneSet(ran, later.session.userId(), name, value));
        }
        List<ServerStatement> statements = new ArrayList<>(ran.values());
        statements.sort((a, b) -> Long.compare(b.calls(), a.calls()));
        return new Diff(statements);
    }

    /**
     * Takes one call off the SET of a setting the kit's own connection made: the entry whose text names the value
     * (up to 17, pg_stat_statements keeps a SET's constants), else the only SET of that setting (18 normalizes them).
     */
    private static void leaveOutOneSet(Map<Key, ServerStatement> ran, long userId, String name, String value) {
        Pattern set = Pattern.compile("^\\s*SET\\s+(SESSION\\s+)?" + Pattern.quote(name) + "\\b",
                Pattern.CASE_INSENSITIVE);
        List<Key> sets = ran.keySet().stream().filter(k -> k.userId() == userId && k.topLevel()
                && set.matcher(ran.get(k).query()).find()).collect(Collectors.toList());
        Key own = sets.stream().filter(k -> ran.get(k).query().contains(value)).findFirst()
                .orElse(sets.size() == 1 ? sets.get(0) : null);
        if (own == null) {
            return;
        }
        ServerStatement s = ran.get(own);
        if (s.calls() == 1) {
            ran.remove(own);
        } else {
            ran.put(own, new ServerStatement(s.queryId(), s.query(), s.topLevel(), s.calls() - 1, s.rows(),
                    s.totalMillis()));
        }
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

    private static Map<Key, ServerStatement> read(Connection connection, Statement statement) throws SQLException {
        boolean hasTopLevel = connection.getMetaData().getDatabaseMajorVersion() >= 14;
        String sql = "SELECT " + MARKER + " userid, queryid, " + (hasTopLevel ? "toplevel" : "true")
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
    }

    private static OwnSession ownSession(Statement statement) throws SQLException {
        Map<String, String> setup = new LinkedHashMap<>();
        try (ResultSet rs = statement.executeQuery("SELECT " + MARKER + " name, setting FROM pg_settings"
                + " WHERE source = 'session'")) {
            while (rs.next()) {
                setup.put(rs.getString(1), rs.getString(2));
            }
        }
        try (ResultSet rs = statement.executeQuery("SELECT " + MARKER + " clock_timestamp(), backend_start,"
                + " (SELECT oid FROM pg_roles WHERE rolname = current_user) FROM pg_stat_activity"
                + " WHERE pid = pg_backend_pid()")) {
            rs.next();
            return new OwnSession(rs.getTimestamp(1), rs.getTimestamp(2), rs.getLong(3), Map.copyOf(setup));
        }
    }

    private static void ensureLoaded(Statement statement) throws SQLException {
        String libraries;
        boolean exists;
        try (ResultSet rs = statement.executeQuery("SELECT " + MARKER + " current_setting('shared_preload_libraries'),"
                + " EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_stat_statements')")) {
            rs.next();
            libraries = rs.getString(1);
            exists = rs.getBoolean(2);
        }
        if (libraries == null || !libraries.contains("pg_stat_statements")) {
            throw new QueueTestkitException("pg_stat_statements is not loaded on this server"
                    + " (shared_preload_libraries = '" + libraries + "'), so the server-side view of statements is"
                    + " unavailable. Start the server with shared_preload_libraries=pg_stat_statements and"
                    + " pg_stat_statements.track=all (postgresql.conf, or `postgres -c ...`), then restart it; the"
                    + " kit's own containers do this unless serverSettings override shared_preload_libraries.");
        }
        if (!exists) {
            // once per database: a CREATE on every snapshot would be a statement of the diff (17 counts all CREATE
            // EXTENSION statements as one, whatever comment they carry)
            statement.execute("CREATE " + MARKER + " EXTENSION IF NOT EXISTS pg_stat_statements");
        }
    }
}
