package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.StatisticsDump;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts a statistics dump in place inside the explain's transaction, which is rolled back afterwards: PostgreSQL 18's
 * {@code pg_restore_relation_stats} and {@code pg_restore_attribute_stats} are transactional, so the database keeps
 * its own statistics for every later plan.
 */
final class StatisticsRestore {

    private StatisticsRestore() {
    }

    /**
     * @param connection a connection inside the explain's rolled-back transaction
     * @param dump the statistics
     * @throws QueueTestkitException on a server before 18, a dump of another major, tables or columns the database
     *     lacks, or a call the server could restore only in part
     */
    static void apply(Connection connection, StatisticsDump dump) throws SQLException {
        int version = connection.getMetaData().getDatabaseMajorVersion();
        String server = connection.getMetaData().getDatabaseProductVersion();
        if (version < 18) {
            throw new QueueTestkitException("Explain.withStatistics(" + dump.name() + ") needs PostgreSQL 18 or later:"
                    + " pg_restore_relation_stats and pg_restore_attribute_stats arrived in 18, and this server is "
                    + server + ". Run the test on PostgreSQL 18 (@PostgresTest(image = \"postgres:18-alpine\"), the"
                    + " kit's default) or leave the statistics out.");
        }
        if (dump.sourceMajor() != 0 && dump.sourceMajor() != version && !dump.anotherMajorAllowed()) {
            throw new QueueTestkitException("Statistics dump " + dump.name() + " was taken on PostgreSQL "
                    + dump.sourceMajor() + " and this server is PostgreSQL " + version + " (" + server + "): the planner"
                    + " of another major may choose differently with the same statistics. Dump them again from a"
                    + " server of major " + version + ", or say it is meant with StatisticsDump.fromAnotherMajor().");
        }
        requireTablesAndColumns(connection, dump);
        try (Statement s = connection.createStatement()) {
            for (StatisticsDump.Call call : dump.calls()) {
                s.clearWarnings();
                boolean restored;
                try (ResultSet rs = s.executeQuery(call.sql())) {
                    restored = rs.next() && rs.getBoolean(1);
                }
                if (!restored) {
                    throw new QueueTestkitException("Statistics dump " + dump.name() + ", line " + call.line() + ": "
                            + call.function() + " for " + what(call) + " restored only part of them: "
                            + warnings(s.getWarnings()) + ". Dump the statistics again from the same schema, or"
                            + " leave that call out.");
                }
            }
        }
    }

    private static void requireTablesAndColumns(Connection connection, StatisticsDump dump) throws SQLException {
        Set<String> missing = new LinkedHashSet<>();
        try (PreparedStatement table = connection.prepareStatement("SELECT to_regclass(format('%I.%I', ?, ?))");
                PreparedStatement column = connection.prepareStatement("SELECT 1 FROM pg_attribute"
                        + " WHERE attrelid = to_regclass(format('%I.%I', ?, ?)) AND attname = ? AND NOT attisdropped")) {
            Set<String> absentTables = new LinkedHashSet<>();
            for (StatisticsDump.Call call : dump.calls()) {
                if (absentTables.contains(call.qualifiedTable())) {
                    continue;
                }
                table.setString(1, call.schema());
                table.setString(2, call.table());
                try (ResultSet rs = table.executeQuery()) {
                    if (!rs.next() || rs.getString(1) == null) {
                        absentTables.add(call.qualifiedTable());
                        missing.add("table " + call.qualifiedTable() + " (line " + call.line() + ")");
                        continue;
                    }
                }
                if (call.isColumn()) {
                    column.setString(1, call.schema());
                    column.setString(2, call.table());
                    column.setString(3, call.column());
                    try (ResultSet rs = column.executeQuery()) {
                        if (!rs.next()) {
                            missing.add("column " + call.qualifiedTable() + "." + call.column() + " (line " + call.line()
                                    + ")");
                        }
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new QueueTestkitException("Statistics dump " + dump.name() + " has statistics for what this database"
                    + " lacks: " + String.join(", ", missing) + ". Dump production's statistics for the tables the"
                    + " test's schema has (pg_dump --statistics-only --table=...), or bring the schema up to"
                    + " production's.");
        }
    }

    private static String what(StatisticsDump.Call call) {
        return call.isColumn() ? "column " + call.qualifiedTable() + "." + call.column() : call.qualifiedTable();
    }

    private static String warnings(SQLWarning warning) {
        List<String> messages = new ArrayList<>();
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            messages.add(w.getMessage());
        }
        return messages.isEmpty() ? "the server gave no reason" : String.join("; ", messages);
    }
}
