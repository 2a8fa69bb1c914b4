package io.github.queuetestkit.sql;

import io.github.queuetestkit.QueueTestkitException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * One parameter as the code bound it: the setter it called ({@code setObject}, {@code setNull},
 * {@code setTimestamp}, ...) with every argument it passed, so a captured statement is planned again exactly as it
 * ran: an enum bound with {@code Types.OTHER}, a typed null in {@code ? IS NULL OR col = ?}, a timestamp with a
 * Calendar in another zone. {@link CapturedStatement#parameters()} keeps only the values; this keeps the call.
 *
 * <pre>{@code
 * BoundParameter state = captured.statements().get(0).bindings().get(0);
 * state.setter();      // "setObject"
 * state.arguments();   // ["queued", 1111]  (1111 is Types.OTHER)
 * state.binding();     // "Types.OTHER"
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class BoundParameter {

    /** Setters whose value alone says how it is bound: nothing more to show after it. */
    private static final Set<String> PLAIN = Set.of("setObject", "setString", "setNString", "setInt", "setLong",
            "setShort", "setByte", "setBoolean", "setFloat", "setDouble", "setBigDecimal", "setBytes", "setDate",
            "setTime", "setTimestamp", "setArray", "setURL", "setRowId", "setRef");

    private static final Method SET_OBJECT = setObject();

    private final Method setter;
    // As the code passed them, the placeholder (an Integer, or a name for a CallableStatement) first.
    private final Object[] arguments;

    BoundParameter(Method setter, Object[] arguments) {
        this.setter = setter;
        this.arguments = arguments;
    }

    /**
     * @param position the placeholder, from 1
     * @param value the value
     * @return the parameter {@code setObject(position, value)} binds
     */
    static BoundParameter of(int position, Object value) {
        return new BoundParameter(SET_OBJECT, new Object[] {position, value});
    }

    /** @return the setter the code called, e.g. {@code setObject}, {@code setNull}, {@code setTimestamp} */
    public String setter() {
        return setter.getName();
    }

    /** @return the placeholder it was bound to, from 1; 0 when bound by name on a CallableStatement */
    public int position() {
        return arguments.length > 0 && arguments[0] instanceof Integer position ? position : 0;
    }

    /** @return the arguments after the placeholder, as passed: the value first, then a type, scale or Calendar */
    public List<Object> arguments() {
        return Collections.unmodifiableList(Arrays.asList(Arrays.copyOfRange(arguments, 1, arguments.length)));
    }

    /** @return the value bound; {@code null} for {@code setNull} */
    public Object value() {
        return isNull() || arguments.length < 2 ? null : arguments[1];
    }

    private boolean isNull() {
        return setter.getName().equals("setNull");
    }

    /**
     * @return how it was bound beyond its value, as failure messages show it: {@code Types.OTHER},
     *     {@code Types.NUMERIC, scale or length 2}, {@code Calendar Asia/Tokyo}, {@code setBinaryStream}; empty for a
     *     plain setter ({@code setObject(i, v)}, {@code setString}, {@code setInt}, ...)
     */
    public String binding() {
        String name = setter.getName();
        List<Object> rest = arguments();
        if (isNull()) {
            return rest.isEmpty() ? "" : type(rest.get(0)) + (rest.size() > 1 ? ", " + rest.get(1) : "");
        }
        if (name.equals("setObject") && rest.size() > 1) {
            return type(rest.get(1)) + (rest.size() > 2 ? ", scale or length " + rest.get(2) : "");
        }
        if (rest.size() == 2 && rest.get(1) instanceof Calendar calendar) {
            return "Calendar " + calendar.getTimeZone().getID();
        }
        if (PLAIN.contains(name) && rest.size() == 1) {
            return "";
        }
        List<String> extra = new ArrayList<>();
        extra.add(name);
        rest.stream().skip(1).map(String::valueOf).forEach(extra::add);
        return String.join(", ", extra);
    }

    private static String type(Object type) {
        if (type instanceof Integer sqlType) {
            try {
                return "Types." + JDBCType.valueOf(sqlType).getName();
            } catch (IllegalArgumentException e) {
                // A vendor type code has no JDBCType; the number is what the code passed.
                return "SQL type " + sqlType;
            }
        }
        if (type instanceof JDBCType jdbcType) {
            return "JDBCType." + jdbcType.getName();
        }
        return type instanceof SQLType sqlType ? sqlType.getVendor() + " " + sqlType.getName() : String.valueOf(type);
    }

    /**
     * @return why this binding cannot be made again, e.g. a stream the driver already read; empty when it can
     */
    public Optional<String> whyNotReplayable() {
        if (arguments.length == 0 || !(arguments[0] instanceof Integer)) {
            return Optional.of("it was bound by name (" + setter.getName() + "(\"" + (arguments.length > 0
                    ? arguments[0] : "") + "\", ...)), which only a CallableStatement takes");
        }
        for (int i = 1; i < arguments.length; i++) {
            if (arguments[i] instanceof InputStream || arguments[i] instanceof Reader) {
                return Optional.of("it was bound with " + setter.getName() + ", whose stream the driver read to the"
                        + " end when the statement ran; a stream cannot be read twice. Bind the value itself"
                        + " (setString, setBytes) to plan the statement again");
            }
        }
        return Optional.empty();
    }

    /**
     * Makes the code's setter call again, on another statement.
     *
     * @param statement the statement to bind to
     * @param index the placeholder there, from 1
     * @throws SQLException never from the setter itself (its errors come as {@link QueueTestkitException}); declared
     *     for {@code SqlParameter.Binder}
     * @throws QueueTestkitException when the binding cannot be made again (see {@link #whyNotReplayable()}) or the
     *     driver refuses the value now, e.g. an Array the code freed
     */
    public void bindTo(PreparedStatement statement, int index) throws SQLException {
        Optional<String> why = whyNotReplayable();
        if (why.isPresent() || !setter.getDeclaringClass().isInstance(statement)) {
            throw new QueueTestkitException("Cannot bind parameter " + index + " again: " + why.orElse("its setter "
                    + setter.getDeclaringClass().getSimpleName() + "." + setter.getName() + " does not apply to a "
                    + statement.getClass().getSimpleName()) + ".");
        }
        Object[] call = arguments.clone();
        call[0] = index;
        try {
            setter.invoke(statement, call);
        } catch (InvocationTargetException e) {
            // The code's own call succeeded, so this is about the value now (freed, closed), not the statement.
            throw new QueueTestkitException("Cannot bind parameter " + index + " again with " + setter.getName()
                    + ": the driver refused the value the code bound (" + e.getCause() + "); an Array, Blob or Clob"
                    + " freed after the statement ran cannot be bound again.", e.getCause());
        } catch (IllegalAccessException e) {
            // JDBC setters are public interface methods; reaching this means a driver hid one.
            throw new QueueTestkitException("Cannot call " + setter + " to bind parameter " + index + " again: "
                    + e.getMessage(), e);
        }
    }

    /** @return the setter call, e.g. {@code setObject(1, queued, 1111)} */
    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (Object argument : arguments) {
            shown.add(argument instanceof byte[] bytes ? "<" + bytes.length + " bytes>" : String.valueOf(argument));
        }
        return setter.getName() + "(" + String.join(", ", shown) + ")";
    }

    private static Method setObject() {
        try {
            return PreparedStatement.class.getMethod("setObject", int.class, Object.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("java.sql.PreparedStatement without setObject(int, Object)", e);
        }
    }
}
