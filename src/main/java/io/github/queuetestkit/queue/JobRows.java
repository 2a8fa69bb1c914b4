package io.github.queuetestkit.queue;

import io.github.queuetestkit.InvalidConfigurationException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Reads the values of a job from the rows of a caller's query as the documented dequeue reads them: id and key as
 * the text {@code ResultSet.getString} gives, so a key read here is the same key as one the dequeue function built
 * (pgjdbc's {@code getObject().toString()} differs for boolean, float, timestamp and interval columns: {@code t} and
 * {@code true} would be two keys). A value it cannot take is an {@link InvalidConfigurationException} that names the
 * column and the row, by its position and all its values, and says what would fix the query.
 */
final class JobRows {

    static final String ID = "id";
    static final String KEY = "key";
    static final String ENQUEUE_TIME = "enqueue time";
    static final String PRIORITY = "priority";

    private final String what;
    private final String sql;
    private final String needs;
    private final List<String> values;
    private final int[] columns;

    /**
     * @param what what the query is for, first words of its errors
     * @param sql the query, shown in its errors
     * @param needs what every row must have, e.g. "every waiting job needs its id, key and enqueue time"
     * @param values what each read column holds, in the order of {@code columns}
     * @param columns the result column of each value
     */
    JobRows(String what, String sql, String needs, List<String> values, int[] columns) {
        this.what = what;
        this.sql = sql;
        this.needs = needs;
        this.values = List.copyOf(values);
        this.columns = columns.clone();
    }

    /** @return the id or key of the row as {@code getString} gives it; a NULL one is rejected */
    String text(ResultSet rs, int row, String value) throws SQLException {
        String text = rs.getString(column(value));
        if (text == null) {
            throw nullValue(rs, row, value);
        }
        return text;
    }

    /** @return the time in the column of {@code value}; a NULL one is rejected */
    Instant time(ResultSet rs, int row, String value) throws SQLException {
        Timestamp time = rs.getTimestamp(column(value));
        if (time == null) {
            throw nullValue(rs, row, value);
        }
        return time.toInstant();
    }

    /** @return the priority, 0 for NULL; a number with a fraction is rejected rather than cut to a whole one */
    int priority(ResultSet rs, int row) throws SQLException {
        int column = column(PRIORITY);
        Object raw = rs.getObject(column);
        if (raw == null) {
            return 0;
        }
        if (!whole(raw)) {
            throw new InvalidConfigurationException(notWhole(what, sql, label(rs, column), row, describe(rs),
                    rs.getString(column)));
        }
        return rs.getInt(column);
    }

    private InvalidConfigurationException nullValue(ResultSet rs, int row, String value) throws SQLException {
        return new InvalidConfigurationException(nullValue(what, sql, needs, value, label(rs, column(value)), row,
                describe(rs)));
    }

    private int column(String value) {
        return columns[values.indexOf(value)];
    }

    private static String label(ResultSet rs, int column) throws SQLException {
        return rs.getMetaData().getColumnLabel(column);
    }

    // Every value of the row as the server gives it as text, so the row can be found in the table.
    private String describe(ResultSet rs) throws SQLException {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String text = rs.getString(columns[i]);
            row.append(i == 0 ? "" : ", ").append(values.get(i)).append(' ').append(text == null ? "NULL" : text);
        }
        return row.toString();
    }

    // numeric comes back as BigDecimal, real and double precision as Float and Double; getInt would cut 1.7 to 1.
    private static boolean whole(Object value) {
        if (value instanceof BigDecimal number) {
            return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return number == Math.rint(number);
        }
        return true;
    }

    /**
     * @param what what the query is for
     * @param sql the query
     * @param needs what every row must have
     * @param value which value is NULL (id, key, enqueue time, dequeue time)
     * @param column the label of its column
     * @param row the row's position in the result, from 1
     * @param rowValues every value of the row
     * @return the message of a row with a NULL id, key or time
     */
    static String nullValue(String what, String sql, String needs, String value, String column, int row,
            String rowValues) {
        String fix = switch (value) {
            case ID -> " or select an id that is never null";
            case KEY -> " or give them a key (for example coalesce(" + column + ", 'none'))";
            default -> "";
        };
        return what + " returned a null " + value + " in column \"" + column + "\" of row " + row + " (" + rowValues
                + "); " + needs + ": filter such rows out (for example WHERE " + column + " IS NOT NULL)" + fix
                + ":\n  " + sql;
    }

    /**
     * @param what what the query is for
     * @param sql the query
     * @param column the label of the priority column
     * @param row the row's position in the result, from 1
     * @param rowValues every value of the row
     * @param priority the priority as the server gives it
     * @return the message of a priority with a fraction
     */
    static String notWhole(String what, String sql, String column, int row, String rowValues, String priority) {
        return what + " returned priority " + priority + " in column \"" + column + "\" of row " + row + " ("
                + rowValues + "), which is not a whole number; a priority is a whole number (smaller is more"
                + " urgent), so round it or map it to one in the query (for example round(" + column + ")::int):\n  "
                + sql;
    }
}
