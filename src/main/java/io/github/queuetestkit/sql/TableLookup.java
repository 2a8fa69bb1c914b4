package io.github.queuetestkit.sql;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.postgres.internal.Identifiers;
import io.github.queuetestkit.sql.internal.SqlShape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Answers whether a table exists, through the unwrapped DataSource so the lookup is never captured. Lets an
 * assertion tell a filter on a real table that matched nothing from a typo.
 */
final class TableLookup {

    private final DataSource target;

    TableLookup(DataSource target) {
        this.target = target;
    }

    boolean exists(String table) {
        String canonical = SqlShape.canonical(table);
        StringBuilder quoted = new StringBuilder();
        for (String part : canonical.split("\\.", -1)) {
            if (quoted.length() > 0) {
                quoted.append('.');
            }
            quoted.append(Identifiers.quote(part));
        }
        try (Connection connection = target.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, quoted.toString());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not check whether table " + table + " exists, to tell an empty"
                    + " statement filter from a typo: " + e.getMessage(), e);
        }
    }
}
