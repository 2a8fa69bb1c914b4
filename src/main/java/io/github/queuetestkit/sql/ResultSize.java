package io.github.queuetestkit.sql;

import java.lang.reflect.Field;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.jdbc.PgResultSet;

/**
 * How many rows pgjdbc received for a result set, read as it is created. pgjdbc reads a whole result into memory
 * unless a fetch size is set, but its API gives no count of a forward-only result; its fields hold one: the rows
 * received and the portal still open on the server when only a part was fetched.
 */
final class ResultSize {

    /**
     * @param rows the rows the driver holds
     * @param whole false when a fetch size left the rest on the server until the code reads on
     */
    record Received(long rows, boolean whole) {
    }

    private static final Field ROWS = field("rows");
    private static final Field CURSOR = field("cursor");

    private ResultSize() {
    }

    private static Field field(String name) {
        try {
            Field field = PgResultSet.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Another pgjdbc version or a module that refuses access: counts fall back to the rows the code read.
            return null;
        }
    }

    /**
     * @param resultSet a result set as the driver (or a pool wrapping it) created it, before the code reads it
     * @return the rows the driver holds and whether that is all of them, or null when it cannot tell (another
     *     driver, another pgjdbc)
     */
    static Received of(ResultSet resultSet) {
        if (ROWS == null || CURSOR == null) {
            return null;
        }
        try {
            if (!resultSet.isWrapperFor(PgResultSet.class)) {
                return null;
            }
            PgResultSet pg = resultSet.unwrap(PgResultSet.class);
            Object rows = ROWS.get(pg);
            return rows instanceof List<?> list ? new Received(list.size(), CURSOR.get(pg) == null) : null;
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            // Counting is informational; the code's own use of the result set is untouched.
            return null;
        }
    }
}
