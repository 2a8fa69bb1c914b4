package io.github.queuetestkit.sql;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.base.Identifiers;
import io.github.queuetestkit.sql.internal.SqlShape;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apiguardian.api.API;

/**
 * Which captured statements an assertion counts: all, those of one kind on one table, those naming a table, or
 * those whose normalized SQL matches a pattern. The write filters ({@link #insertsInto}, {@link #updates},
 * {@link #deletesFrom}) match a statement that makes that write anywhere in it (see {@link CapturedStatement#writes()}):
 * {@code updates("jobs")} matches {@code WITH x AS (UPDATE jobs ...) SELECT * FROM x}, an upsert matches both
 * {@code insertsInto} and {@code updates} of its table, a MERGE the filter of each of its actions.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface StatementFilter extends Predicate<CapturedStatement> {

    /** @return how failure messages name the filter, e.g. {@code select from "records"} */
    String describe();

    /** @return every statement */
    static StatementFilter all() {
        return new All();
    }

    /**
     * @param table a table name: {@code records}, {@code "Records"}, {@code public.records}
     * @return SELECT statements naming that table anywhere (FROM, JOIN, subquery)
     */
    static StatementFilter selectsFrom(String table) {
        return new OnTable(StatementKind.SELECT, table);
    }

    /**
     * @param table a table name
     * @return statements that insert into that table anywhere: an INSERT, a CTE's INSERT, an upsert, a MERGE with a
     *         {@code THEN INSERT} action
     */
    static StatementFilter insertsInto(String table) {
        return new OnTable(StatementKind.INSERT, table);
    }

    /**
     * @param table a table name
     * @return statements that update that table anywhere: an UPDATE, a CTE's UPDATE, {@code ON CONFLICT DO UPDATE},
     *         a MERGE with a {@code THEN UPDATE} action ({@code FOR UPDATE} is a lock, not an update)
     */
    static StatementFilter updates(String table) {
        return new OnTable(StatementKind.UPDATE, table);
    }

    /**
     * @param table a table name
     * @return statements that delete from that table anywhere: a DELETE, a CTE's DELETE, a MERGE with a
     *         {@code THEN DELETE} action
     */
    static StatementFilter deletesFrom(String table) {
        return new OnTable(StatementKind.DELETE, table);
    }

    /**
     * @param table a table name
     * @return statements of any kind that name that table
     */
    static StatementFilter naming(String table) {
        return new OnTable(null, table);
    }

    /**
     * @param regex a regular expression searched (not matched entirely) in the normalized SQL, case-insensitively;
     *        normalized SQL is lower-case with literals as {@code ?} and value lists as {@code (...)}
     * @return statements whose normalized SQL contains a match
     */
    static StatementFilter matching(String regex) {
        Objects.requireNonNull(regex, "regex");
        try {
            return new Matching(Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigurationException("Statement pattern '" + regex + "' is not a valid regular"
                    + " expression: " + e.getDescription() + " at index " + e.getIndex()
                    + ". Write a java.util.regex pattern, e.g. \"from jobs where id = \\\\?\".", e);
        }
    }

    /** Every statement. */
    record All() implements StatementFilter {
        @Override
        public boolean test(CapturedStatement statement) {
            return true;
        }

        @Override
        public String describe() {
            return "statements";
        }
    }

    /**
     * Statements of one kind (or any, when null) on one table. For INSERT, UPDATE, DELETE and MERGE: statements that
     * make that write on the table anywhere in them. For the other kinds: statements of that {@linkplain
     * CapturedStatement#kind() main kind} naming the table.
     *
     * @param kind the statement kind, or null for any
     * @param table the table as the user wrote it
     */
    record OnTable(StatementKind kind, String table) implements StatementFilter {
        /** Validates the table name. */
        public OnTable {
            if (table == null || table.isBlank()) {
                throw new InvalidConfigurationException("A statement filter needs a table name, got '" + table
                        + "'. Pass the table as the SQL names it, e.g. \"jobs\" or \"public.jobs\".");
            }
        }

        @Override
        public boolean test(CapturedStatement statement) {
            if (kind == null) {
                return statement.names(table);
            }
            if (isWrite()) {
                return statement.writes(kind, table);
            }
            return statement.kind() == kind && statement.names(table);
        }

        /** @return true for the filters that match a write anywhere in a statement: INSERT, UPDATE, DELETE, MERGE */
        public boolean isWrite() {
            return kind == StatementKind.INSERT || kind == StatementKind.UPDATE || kind == StatementKind.DELETE
                    || kind == StatementKind.MERGE;
        }

        @Override
        public String describe() {
            String quoted = quoted(table);
            if (kind == null) {
                return "statements naming " + quoted;
            }
            switch (kind) {
                case SELECT:
                    return "selects from " + quoted;
                case INSERT:
                    return "inserts into " + quoted;
                case UPDATE:
                    return "updates of " + quoted;
                case DELETE:
                    return "deletes from " + quoted;
                case MERGE:
                    return "merges into " + quoted;
                default:
                    return kind + " statements on " + quoted;
            }
        }

        private static String quoted(String table) {
            String canonical = SqlShape.canonical(table);
            StringBuilder out = new StringBuilder();
            for (String part : canonical.split("\\.", -1)) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(Identifiers.quote(part));
            }
            return out.toString();
        }
    }

    /**
     * Statements whose normalized SQL contains a match of a pattern.
     *
     * @param pattern the pattern
     */
    record Matching(Pattern pattern) implements StatementFilter {
        @Override
        public boolean test(CapturedStatement statement) {
            return pattern.matcher(statement.normalizedSql()).find();
        }

        @Override
        public String describe() {
            return "statements matching /" + pattern.pattern() + "/";
        }
    }
}
