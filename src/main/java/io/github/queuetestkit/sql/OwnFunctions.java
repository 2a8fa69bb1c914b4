package io.github.queuetestkit.sql;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.UnrecordedDataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which of the names a statement calls are functions of the database's own: defined by its schema, not built in
 * ({@code pg_catalog}, {@code information_schema}) and not an extension's. A plan shows such a call as one node; the
 * statements inside it run unseen, with plans of their own.
 */
final class OwnFunctions {

    private static final String QUERY = "SELECT DISTINCT n.nspname, p.proname FROM pg_proc p"
            + " JOIN pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid"
            + " AND d.deptype = 'e')"
            + " AND (p.proname = ANY(?) OR n.nspname || '.' || p.proname = ANY(?))";

    private OwnFunctions() {
    }

    /**
     * @param dataSource the database the statements ran against (a recording one is bypassed)
     * @param names names called as functions, as {@code SqlShape.functionCalls} reports them
     * @return those names that are functions of the database's own
     */
    static Set<String> among(DataSource dataSource, Collection<String> names) {
        Set<String> own = new LinkedHashSet<>();
        if (names.isEmpty()) {
            return own;
        }
        List<String> plain = names.stream().filter(n -> !n.contains(".")).toList();
        List<String> qualified = names.stream().filter(n -> n.contains(".")).toList();
        try (Connection c = UnrecordedDataSource.beneath(dataSource).getConnection();
                PreparedStatement ps = c.prepareStatement(QUERY)) {
            Array plainArray = c.createArrayOf("text", plain.toArray());
            Array qualifiedArray = c.createArrayOf("text", qualified.toArray());
            ps.setArray(1, plainArray);
            ps.setArray(2, qualifiedArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(2);
                    String schemaName = rs.getString(1) + "." + name;
                    if (plain.contains(name)) {
                        own.add(name);
                    }
                    if (qualified.contains(schemaName)) {
                        own.add(schemaName);
                    }
                }
            }
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not read which functions the captured statements call from the"
                    + " catalog (pg_proc) of the database they ran against: " + e.getMessage()
                    + "\nThe plan check needs it to tell a plan that only calls a function of the database's own,"
                    + " whose statements it does not show; check that the database is reachable.", e);
        }
        return own;
    }
}
