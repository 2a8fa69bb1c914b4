package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.base.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Drops, when a run first uses a server, the databases that runs which died without cleaning up left there (a
 * killed JVM cannot drop its class databases, spares and templates). A database goes only if the kit marked it
 * ({@link DatabaseMark}) and the run that marked it holds no lease ({@link RunLease}) any more. Never dropped:
 * unmarked databases, a live run's databases, class databases kept with {@code queuetestkit.keepDatabases},
 * templates built under {@code queuetestkit.reuse} (shared content the next run wants), and templates that a live
 * run still clones. Half-built templates of a dead run always go. Turned off by {@code queuetestkit.cleanup=false}.
 */
final class LeftoverCleanup {

    private static final System.Logger LOG = System.getLogger(LeftoverCleanup.class.getName());

    private LeftoverCleanup() {
    }

    /**
     * What one cleanup did.
     *
     * @param server the server, as {@link PostgresServer#describe()} names it
     * @param dropped the databases dropped, in the order found
     * @param bytesFreed their total size before they were dropped
     * @param failed databases that could not be dropped, with the server's reason
     */
    record Report(String server, List<String> dropped, long bytesFreed, Map<String, String> failed) {

        Report {
            dropped = List.copyOf(dropped);
            failed = Map.copyOf(failed);
        }

        /** @return the line logged once per cleanup, or null when there was nothing to do */
        String message() {
            if (dropped.isEmpty() && failed.isEmpty()) {
                return null;
            }
            StringBuilder out = new StringBuilder("queue-testkit removed ").append(dropped.size())
                    .append(dropped.size() == 1 ? " database" : " databases")
                    .append(" (").append(megabytes(bytesFreed)).append(" freed) that runs no longer alive left on ")
                    .append(server);
            if (!dropped.isEmpty()) {
                out.append(": ").append(String.join(", ", dropped));
            }
            out.append('.');
            if (!failed.isEmpty()) {
                out.append(" Could not remove ").append(failed.size()).append(':');
                failed.forEach((name, reason) -> out.append(' ').append(name).append(" (").append(reason).append(')'));
                out.append(". Drop them by hand with DROP DATABASE.");
            }
            out.append(" Set queuetestkit.cleanup=false to keep leftovers.");
            return out.toString();
        }

        private static String megabytes(long bytes) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
        }
    }

    /**
     * @param lease the lease of the run that cleans up: its own databases are never candidates
     * @return what was dropped; logged once when anything was
     */
    static Report run(RunLease lease) {
        PostgresServer server = lease.server();
        List<String> dropped = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        long bytes = 0;
        try (Connection connection = server.connectMaintenance()) {
            // Listed before the live runs are read: a database in this list was marked by a run that held its
            // lease before marking, so a run missing from the later reading of pg_locks is gone for good.
            Map<String, DatabaseMark> marked = markedDatabases(connection);
            Set<Integer> live = lease.liveRuns();
            for (Map.Entry<String, DatabaseMark> each : marked.entrySet()) {
                String name = each.getKey();
                DatabaseMark mark = each.getValue();
                if (live.contains(mark.runKey()) || !abandoned(mark)) {
                    continue;
                }
                boolean template = mark.kind() == DatabaseMark.Kind.TEMPLATE;
                // A finished template of a dead run may still be cloned by a live run that found it ready.
                if (template && !lease.tryTakeTemplate(name)) {
                    continue;
                }
                try {
                    long size = sizeOf(connection, name);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name) + " WITH (FORCE)");
                    }
                    dropped.add(name);
                    bytes += size;
                } catch (SQLException e) {
                    failed.put(name, e.getMessage());
                } finally {
                    if (template) {
                        lease.releaseTemplate(name);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            // Cleaning up is a courtesy to the server: a failure is reported, and the run goes on.
            LOG.log(System.Logger.Level.WARNING, "queue-testkit could not look for leftovers of ended runs on "
                    + server.describe() + ": " + e.getMessage() + ". Set queuetestkit.cleanup=false to skip the"
                    + " search.");
        }
        Report report = new Report(server.describe(), dropped, bytes, failed);
        String message = report.message();
        if (message != null) {
            LOG.log(failed.isEmpty() ? System.Logger.Level.INFO : System.Logger.Level.WARNING, message);
        }
        return report;
    }

    /** Whether a dead run's database of this mark may go; kept ones and reused templates stay. */
    private static boolean abandoned(DatabaseMark mark) {
        return switch (mark.kind()) {
            case CLASS, SPARE, BUILDING -> true;
            case TEMPLATE -> !mark.reuse();
            case KEPT -> false;
        };
    }

    private static Map<String, DatabaseMark> markedDatabases(Connection connection) throws SQLException {
        Map<String, DatabaseMark> marked = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT datname, shobj_description(oid, 'pg_database')"
                        + " FROM pg_database WHERE datname LIKE 'qtk!_%' ESCAPE '!' ORDER BY datname")) {
            while (rs.next()) {
                DatabaseMark mark = DatabaseMark.parse(rs.getString(2));
                if (mark != null) {
                    marked.put(rs.getString(1), mark);
                }
            }
        }
        return marked;
    }

    private static long sizeOf(Connection connection, String name) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_database_size(?)")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException unreadable) {
            // A database the kit's user may not connect to still goes; its size is just not counted.
            return 0;
        }
    }
}
