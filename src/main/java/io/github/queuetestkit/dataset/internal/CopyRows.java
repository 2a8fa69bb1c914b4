package io.github.queuetestkit.dataset.internal;

import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * One COPY stream's rows in one of its formats, buffered so the driver gets a few large writes instead of one per
 * row. One instance per thread: it is not safe to share.
 */
interface CopyRows {

    /** What the format puts before the first row. */
    void header();

    /** @param values one row, in column order */
    void row(Object[] values);

    /** What the format puts after the last row. */
    void trailer();

    /** @return bytes (or chars) buffered since the last {@link #writeTo} */
    int size();

    /**
     * Sends what is buffered and empties the buffer.
     *
     * @param copy the open COPY
     * @throws SQLException when the server refuses the data
     */
    void writeTo(CopyIn copy) throws SQLException;
}
