package io.github.queuetestkit.base;

import org.apiguardian.api.API;

/** Quotes SQL identifiers so no user text is pasted into a statement unquoted. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Identifiers {

    private Identifiers() {
    }

    /**
     * @param identifier a table, column, database or index name as the user wrote it
     * @return the identifier in double quotes, embedded quotes doubled
     */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * @param dotted a name whose parts, already in their canonical case, are joined by dots ({@code public.jobs})
     * @return each part quoted, joined by dots ({@code "public"."jobs"})
     */
    public static String quoteEachPart(String dotted) {
        StringBuilder quoted = new StringBuilder();
        for (String part : dotted.split("\\.", -1)) {
            if (quoted.length() > 0) {
                quoted.append('.');
            }
            quoted.append(quote(part));
        }
        return quoted.toString();
    }

    /**
     * @param literal any text
     * @return the text as a SQL string literal
     */
    public static String literal(String literal) {
        return '\'' + literal.replace("'", "''") + '\'';
    }
}
