package io.github.queuetestkit.dataset.internal;

import java.time.Instant;

/** Values in PostgreSQL's COPY text format. */
final class Formats {

    private Formats() {
    }

    static String number(Object value) {
        if (value instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue());
            }
            return Double.toString(d);
        }
        return value.toString();
    }

    /**
     * @param out the row being written
     * @param value the column's value
     * @param integer whether the column is an integer column (decimals are rounded)
     */
    static void append(StringBuilder out, Object value, boolean integer) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof Long l) {
            out.append(l.longValue());
        } else if (value instanceof Double d) {
            if (integer) {
                out.append(Math.round(d));
            } else {
                out.append(number(d));
            }
        } else if (value instanceof Instant i) {
            out.append(i);
        } else if (value instanceof Compiler.Json j) {
            escape(out, j.text());
        } else {
            escape(out, value.toString());
        }
    }

    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
