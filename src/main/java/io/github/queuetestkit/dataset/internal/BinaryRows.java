package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.dataset.DatasetDefinitionException;
import io.github.queuetestkit.dataset.Generator;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary COPY format. The server decodes binary integers and timestamps without parsing
 * text, which roughly halves its share of a load; that share, not generating the rows, is what bounds loading on
 * a small machine. Used only when every column of a table has a type encoded here; otherwise the text format.
 */
final class BinaryRows implements CopyRows {

    /** "PGCOPY\n\377\r\n\0", flags 0, no header extension. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0,
            0, 0, 0, 0};

    /** Microseconds between the Unix epoch and PostgreSQL's, 2000-01-01. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    // one store per number instead of one per byte: Java 17 does not merge byte stores
    private static final java.lang.invoke.VarHandle SHORT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            short[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** How one column's values are written. */
    enum Encoding { INT2, INT4, INT8, FLOAT4, FLOAT8, TEXT, JSONB, TIMESTAMP, DATE, BOOL }

    private final Encoding[] encodings;
    private final String[] columns;
    /** Per column, the encoded form of values seen before, by identity: a choice returns the same few Strings. */
    private final java.util.IdentityHashMap<Object, Object>[] seen;
    private byte[] bytes = new byte[1 << 17];
    private int size;

    @SuppressWarnings("unchecked")
    private BinaryRows(Encoding[] encodings, String[] columns) {
        this.encodings = encodings;
        this.columns = columns;
        this.seen = new java.util.IdentityHashMap[encodings.length];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = new java.util.IdentityHashMap<>();
        }
    }

    /** How many distinct values per column are remembered; beyond it values are encoded each time. */
    private static final int REMEMBERED = 256;

    private Object remembered(int column, Object value) {
        return value instanceof String ? seen[column].get(value) : null;
    }

    private void remember(int column, Object value, Object encoded) {
        if (value instanceof String && seen[column].size() < REMEMBERED) {
            seen[column].put(value, encoded);
        }
    }

    /**
     * @param types the PostgreSQL type name of each column, in COPY order
     * @param kinds the kind of values each column's generator produces
     * @param columns the column names, for messages
     * @return a writer, or empty when some column needs the text format
     */
    static Optional<BinaryRows> forColumns(String[] types, Generator.ValueKind[] kinds, String[] columns) {
        Encoding[] encodings = new Encoding[types.length];
        for (int i = 0; i < types.length; i++) {
            Encoding encoding = encoding(types[i], kinds[i]);
            if (encoding == null) {
                return Optional.empty();
            }
            encodings[i] = encoding;
        }
        return Optional.of(new BinaryRows(encodings, columns));
    }

    private static Encoding encoding(String type, Generator.ValueKind kind) {
        boolean number = kind == Generator.ValueKind.INTEGER || kind == Generator.ValueKind.DECIMAL
                || kind == Generator.ValueKind.LITERAL;
        return switch (type) {
            case "int2" -> number ? Encoding.INT2 : null;
            case "int4" -> number ? Encoding.INT4 : null;
            case "int8" -> number ? Encoding.INT8 : null;
            case "float4" -> number ? Encoding.FLOAT4 : null;
            case "float8" -> number ? Encoding.FLOAT8 : null;
            // text, json and enum input functions take the text itself in binary form too
            case "text", "varchar", "bpchar", "name", "json" -> Encoding.TEXT;
            case "jsonb" -> kind == Generator.ValueKind.JSON || kind == Generator.ValueKind.LITERAL
                    || kind == Generator.ValueKind.TEXT ? Encoding.JSONB : null;
            // a literal timestamp is text in any of PostgreSQL's input styles, which only the server can parse
            case "timestamptz", "timestamp" -> kind == Generator.ValueKind.TIMESTAMP ? Encoding.TIMESTAMP : null;
            case "date" -> kind == Generator.ValueKind.TIMESTAMP ? Encoding.DATE : null;
            case "bool" -> kind == Generator.ValueKind.LITERAL ? Encoding.BOOL : null;
            default -> null;
        };
    }

    @Override
    public void header() {
        put(HEADER, HEADER.length);
    }

    @Override
    public void trailer() {
        ensure(2);
        putShort(-1);
    }

    @Override
    public void row(Object[] values) {
        ensure(2);
        putShort(values.length);
        for (int i = 0; i < values.length; i++) {
            field(i, values[i]);
        }
    }

    private void field(int column, Object value) {
        if (value == null) {
            ensure(4);
            putInt(-1);
            return;
        }
        switch (encodings[column]) {
            case INT2 -> {
                ensure(6);
                putInt(2);
                putShort((int) integer(column, value));
            }
            case INT4 -> {
                ensure(8);
                putInt(4);
                putInt((int) integer(column, value));
            }
            case INT8 -> {
                ensure(12);
                putInt(8);
                putLong(integer(column, value));
            }
            case FLOAT4 -> {
                ensure(8);
                putInt(4);
                putInt(Float.floatToIntBits((float) decimal(column, value)));
            }
            case FLOAT8 -> {
                ensure(12);
                putInt(8);
                putLong(Double.doubleToLongBits(decimal(column, value)));
            }
            case TEXT -> text(column, value, false);
            case JSONB -> text(column, value, true);
            case TIMESTAMP -> {
                Instant at = (Instant) value;
                ensure(12);
                putInt(8);
                // PostgreSQL rounds text input to microseconds; rounding here gives the same rows in both formats
                putLong(Math.multiplyExact(at.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L)
                        + (at.getNano() + 500) / 1000);
            }
            case DATE -> {
                Instant at = (Instant) value;
                ensure(8);
                putInt(4);
                putInt((int) Math.floorDiv(at.getEpochSecond() - PG_EPOCH_SECONDS, 86_400L));
            }
            case BOOL -> {
                ensure(5);
                putInt(1);
                bytes[size++] = bool(column, value) ? (byte) 1 : 0;
            }
        }
    }

    private void text(int column, Object value, boolean jsonb) {
        byte[] utf8 = (byte[]) remembered(column, value);
        if (utf8 == null) {
            String text = value instanceof Compiler.Json json ? json.text() : Formats.number(value);
            utf8 = text.getBytes(StandardCharsets.UTF_8);
            remember(column, value, utf8);
        }
        int length = utf8.length + (jsonb ? 1 : 0);
        ensure(4 + length);
        putInt(length);
        if (jsonb) {
            // jsonb's binary form is a version byte followed by the JSON text
            bytes[size++] = 1;
        }
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
    }

    private long integer(int column, Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return Math.round(d);
        }
        Object known = remembered(column, value);
        if (known != null) {
            return (Long) known;
        }
        try {
            long parsed = Long.parseLong(value.toString().trim());
            remember(column, value, parsed);
            return parsed;
        } catch (NumberFormatException e) {
            throw notA("an integer", column, value);
        }
    }

    private double decimal(int column, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw notA("a number", column, value);
        }
    }

    private boolean bool(int column, Object value) {
        return switch (value.toString().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "1" -> true;
            case "false", "f", "no", "n", "off", "0" -> false;
            default -> throw notA("a boolean", column, value);
        };
    }

    private DatasetDefinitionException notA(String what, int column, Object value) {
        return new DatasetDefinitionException("column " + columns[column] + " is " + encodings[column].name()
                .toLowerCase(java.util.Locale.ROOT) + " but its generator gave '" + value + "', not " + what
                + ". Change the generator's values to " + what + ".");
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void writeTo(CopyIn copy) throws SQLException {
        if (size > 0) {
            copy.writeToCopy(bytes, 0, size);
            size = 0;
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    private void put(byte[] source, int length) {
        ensure(length);
        System.arraycopy(source, 0, bytes, size, length);
        size += length;
    }

    private void putShort(int value) {
        SHORT.set(bytes, size, (short) value);
        size += 2;
    }

    private void putInt(int value) {
        INT.set(bytes, size, value);
        size += 4;
    }

    private void putLong(long value) {
        LONG.set(bytes, size, value);
        size += 8;
    }
}
