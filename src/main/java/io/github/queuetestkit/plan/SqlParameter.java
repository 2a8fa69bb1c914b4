package io.github.queuetestkit.plan;

import io.github.queuetestkit.plan.internal.ExplainRunner;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One parameter of a statement to explain, bound the way the code binds it. A plain value passed to
 * {@link Explain#of} is bound with {@code setObject(i, value)}, which types a {@code String} as {@code varchar}; that
 * is wrong for a column of an enum or jsonb type, where the code binds with {@code Types.OTHER}, and for a
 * {@code ? IS NULL} test, where the code binds a typed null. Say so with this type:
 *
 * <pre>{@code
 * assertThatPlan(dataSource, "SELECT id FROM jobs WHERE state = ?", SqlParameter.typed("queued", Types.OTHER))
 *         .usesIndex("jobs_state");
 * assertThatPlan(dataSource, "SELECT id FROM jobs WHERE ? IS NULL OR attempts = ?",
 *         SqlParameter.nullOf(Types.INTEGER), SqlParameter.nullOf(Types.INTEGER)).hasNoSort();
 * }</pre>
 *
 * <p>The custom plan binds the parameter with its binder; the generic plan is prepared with the parameter types the
 * server resolves for those bindings (as it did when the code ran), so {@code $1 IS NULL OR col = $2} keeps its
 * types there too.
 *
 * @param value the value bound ({@code null} for a typed null): what failure messages show
 * @param binding how it is bound beyond the value, e.g. {@code Types.OTHER}; empty for a plain {@code setObject}
 * @param binder binds it to a statement's placeholder
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SqlParameter(Object value, String binding, Binder binder) {

    /** Binds one parameter to a placeholder, as the code's own setter call did. */
    @FunctionalInterface
    public interface Binder {
        /**
         * @param statement the statement to bind to
         * @param index the placeholder, from 1
         * @throws SQLException from the driver
         */
        void bind(PreparedStatement statement, int index) throws SQLException;
    }

    /** Checks the binding. */
    public SqlParameter {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(binder, "binder");
    }

    /**
     * @param value any value
     * @return it bound with {@code setObject(i, value)}, as a plain parameter of {@link Explain#of} is
     */
    public static SqlParameter of(Object value) {
        return new SqlParameter(value, "", new SetObject(value));
    }

    /**
     * @param value the value
     * @param sqlType a {@link java.sql.Types} constant, e.g. {@code Types.OTHER} for an enum, jsonb or uuid the server
     *     should type from the column
     * @return it bound with {@code setObject(i, value, sqlType)}
     */
    public static SqlParameter typed(Object value, int sqlType) {
        return new SqlParameter(value, typeName(sqlType), new SetTypedObject(value, sqlType, null));
    }

    /**
     * @param value the value
     * @param sqlType a {@link java.sql.Types} constant
     * @param scaleOrLength digits after the decimal point for {@code Types.NUMERIC} and {@code DECIMAL}, else a length
     * @return it bound with {@code setObject(i, value, sqlType, scaleOrLength)}
     */
    public static SqlParameter typed(Object value, int sqlType, int scaleOrLength) {
        return new SqlParameter(value, typeName(sqlType) + ", scale or length " + scaleOrLength,
                new SetTypedObject(value, sqlType, scaleOrLength));
    }

    /**
     * @param sqlType a {@link java.sql.Types} constant, e.g. {@code Types.INTEGER}
     * @return a null bound with {@code setNull(i, sqlType)}
     */
    public static SqlParameter nullOf(int sqlType) {
        return new SqlParameter(null, typeName(sqlType), new SetNull(sqlType, null));
    }

    /**
     * @param sqlType a {@link java.sql.Types} constant
     * @param typeName the SQL type name, for user-defined types
     * @return a null bound with {@code setNull(i, sqlType, typeName)}
     */
    public static SqlParameter nullOf(int sqlType, String typeName) {
        return new SqlParameter(null, typeName(sqlType) + ", " + typeName, new SetNull(sqlType, typeName));
    }

    /**
     * Any other binding: a setter with a Calendar, a driver-specific one. Captured statements are planned again with
     * these, each replaying the setter call the code made.
     *
     * @param value the value, for messages
     * @param binding how it is bound beyond the value, for messages (empty when nothing more needs saying)
     * @param binder the binding itself
     * @return the parameter
     */
    public static SqlParameter bound(Object value, String binding, Binder binder) {
        return new SqlParameter(value, binding, binder);
    }

    /**
     * @param sqlType a {@link java.sql.Types} constant
     * @return its name as code writes it, e.g. {@code Types.OTHER}; the number for a vendor type
     */
    public static String typeName(int sqlType) {
        try {
            return "Types." + JDBCType.valueOf(sqlType).getName();
        } catch (IllegalArgumentException e) {
            // A vendor type code has no JDBCType; the number is what the code passed.
            return "SQL type " + sqlType;
        }
    }

    /**
     * @param statement the statement
     * @param index the placeholder, from 1
     * @throws SQLException from the driver
     */
    public void bindTo(PreparedStatement statement, int index) throws SQLException {
        binder.bind(statement, index);
    }

    /** @return the value as messages show it, then how it is bound: {@code 'queued' (Types.OTHER)} */
    @Override
    public String toString() {
        String shown = ExplainRunner.value(value);
        return binding.isEmpty() ? shown : shown + " (" + binding + ")";
    }

    /** {@code setObject(i, value)}; a record so two parameters bound alike are equal. */
    private record SetObject(Object value) implements Binder {
        @Override
        public void bind(PreparedStatement statement, int index) throws SQLException {
            statement.setObject(index, value);
        }
    }

    /** {@code setObject(i, value, sqlType[, scaleOrLength])}. */
    private record SetTypedObject(Object value, int sqlType, Integer scaleOrLength) implements Binder {
        @Override
        public void bind(PreparedStatement statement, int index) throws SQLException {
            if (scaleOrLength == null) {
                statement.setObject(index, value, sqlType);
            } else {
                statement.setObject(index, value, sqlType, scaleOrLength);
            }
        }
    }

    /** {@code setNull(i, sqlType[, typeName])}. */
    private record SetNull(int sqlType, String typeName) implements Binder {
        @Override
        public void bind(PreparedStatement statement, int index) throws SQLException {
            if (typeName == null) {
                statement.setNull(index, sqlType);
            } else {
                statement.setNull(index, sqlType, typeName);
            }
        }
    }
}
