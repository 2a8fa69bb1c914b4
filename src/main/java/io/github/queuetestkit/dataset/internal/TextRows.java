package io.github.queuetestkit.dataset.internal;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/** Rows in COPY's text format: for tables with a column type {@link BinaryRows} does not encode. */
final class TextRows implements CopyRows {

    private final boolean[] integer;
    private final StringBuilder buffer = new StringBuilder(1 << 16);

    /** @param integer per column, whether it is an integer column (decimal values are rounded for it) */
    TextRows(boolean[] integer) {
        this.integer = integer.clone();
    }

    @Override
    public void header() {
    }

    @Override
    public void row(Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                buffer.append('\t');
            }
            Formats.append(buffer, values[i], integer[i]);
        }
        buffer.append('\n');
    }

    @Override
    public void trailer() {
    }

    @Override
    public int size() {
        return buffer.length();
    }

    @Override
    public void writeTo(CopyIn copy) throws SQLException {
        if (buffer.length() > 0) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }
}
