package io.github.queuetestkit.sql;

import io.github.queuetestkit.sql.internal.RoutineCalls;
import io.github.queuetestkit.sql.internal.SqlShape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * One statement the recording {@link javax.sql.DataSource} saw: one JDBC execution ({@code execute},
 * {@code executeQuery}, {@code executeUpdate}) or one statement of a JDBC batch. Everything the recording
 * measured is exact; the {@linkplain #normalizedSql() normalized form}, {@linkplain #kind() kind},
 * {@linkplain #tables() tables} and {@linkplain #writes() writes} are read from the SQL text on first use, never
 * while the code under test runs.
 *
 * <p>Rows returned are counted as the code reads them ({@code ResultSet.next()} answering true), so they may
 * still grow after the statement is recorded and stay below the result's size when the code stops reading;
 * {@link #rows()} counts what the server sent or changed instead.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CapturedStatement {

    /** How the statement reached the driver. */
    public enum Via {
        /** {@link java.sql.Statement}: SQL with its values inline. */
        STATEMENT,
        /** {@link java.sql.PreparedStatement}: SQL with placeholders and bound parameters. */
        PREPARED,
        /** {@link java.sql.CallableStatement}. */
        CALLABLE
    }

    private final long sequence;
    private final long roundTrip;
    private final String sql;
    private final Via via;
    private final List<List<BoundParameter>> bindingSets;
    private volatile List<List<Object>> parameterSets;
    private final int batchSize;
    private final long rowsAffected;
    private final int countsMissing;
    private final RowCounter rowsReturned;
    private final long nanos;
    private final String threadName;
    private final boolean inTransaction;
    private final String failure;
    private final long maxRows;
    private final int fetchSize;
    private final String searchPath;
    private volatile SqlShape shape;
    private volatile TableLookup catalog;

    CapturedStatement(long sequence, long roundTrip, String sql, Via via, List<List<BoundParameter>> bindingSets,
            int batchSize, long rowsAffected, int countsMissing, RowCounter rowsReturned, long nanos,
            String threadName, boolean inTransaction, String failure, long maxRows, int fetchSize, String searchPath) {
        this.sequence = sequence;
        this.roundTrip = roundTrip;
        this.sql = sql;
        this.via = via;
        this.bindingSets = bindingSets;
        this.batchSize = batchSize;
        this.rowsAffected = rowsAffected;
        this.countsMissing = countsMissing;
        this.rowsReturned = rowsReturned;
        this.nanos = nanos;
        this.threadName = threadName;
        this.inTransaction = inTransaction;
        this.failure = failure;
        this.maxRows = maxRows;
        this.fetchSize = fetchSize;
        this.searchPath = searchPath;
    }

    /** A statement whose parameters were bound with {@code setObject(i, value)}, without driver limits. */
    CapturedStatement(long sequence, long roundTrip, String sql, Via via, List<List<Object>> parameterSets,
            int batchSize, long rowsAffected, RowCounter rowsReturned, long nanos, String threadName,
            boolean inTransaction, String failure) {
        this(sequence, roundTrip, sql, via, plainBindings(parameterSets), batchSize, rowsAffected, 0, rowsReturned,
                nanos, threadName, inTransaction, failure, 0, 0, null);
    }

    private static List<List<BoundParameter>> plainBindings(List<List<Object>> parameterSets) {
        List<List<BoundParameter>> sets = new ArrayList<>(parameterSets.size());
        for (List<Object> values : parameterSets) {
            List<BoundParameter> set = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                set.add(BoundParameter.of(i + 1, values.get(i)));
            }
            sets.add(Collections.unmodifiableList(set));
        }
        return Collections.unmodifiableList(sets);
    }

    /** @return the statement's position in its capture, from 1, in the order statements finished */
    public long sequence() {
        return sequence;
    }

    /** @return the round trip that sent it, numbered from 1 in its capture; the statements of one batch share one */
    public long roundTrip() {
        return roundTrip;
    }

    /** @return the SQL exactly as the code passed it to JDBC, placeholders included */
    public String sql() {
        return sql;
    }

    /** @return whether it came through a Statement, PreparedStatement or CallableStatement */
    public Via via() {
        return via;
    }

    /**
     * @return the bound parameters in placeholder order: one list per execution, so a batched
     *         PreparedStatement has one list per {@code addBatch()}; empty for a plain Statement. A value is
     *         whatever the code bound ({@code null} for {@code setNull}).
     */
    public List<List<Object>> parameterSets() {
        List<List<Object>> sets = parameterSets;
        if (sets == null) {
            // Read from the bindings on first use, not while the code under test runs.
            List<List<Object>> values = new ArrayList<>(bindingSets.size());
            for (List<BoundParameter> set : bindingSets) {
                List<Object> row = new ArrayList<>(set.size());
                for (BoundParameter binding : set) {
                    row.add(binding == null ? null : binding.value());
                }
                values.add(row);
            }
            sets = unmodifiable(values);
            parameterSets = sets;
        }
        return sets;
    }

    /** @return the parameters of the first (usually only) execution, or an empty list */
    public List<Object> parameters() {
        List<List<Object>> sets = parameterSets();
        return sets.isEmpty() ? List.of() : sets.get(0);
    }

    /**
     * @return each execution's parameters as the code bound them (setter and arguments), in placeholder order: what
     *     {@link StatementsAssert#everyPlan()} binds again; an entry is null where the code bound nothing
     */
    public List<List<BoundParameter>> bindingSets() {
        return bindingSets;
    }

    /** @return the bindings of the first (usually only) execution, or an empty list */
    public List<BoundParameter> bindings() {
        return bindingSets.isEmpty() ? List.of() : bindingSets.get(0);
    }

    /**
     * @return the row limit the driver applied outside the SQL ({@code Statement.setMaxRows}), 0 for none: the code
     *     received at most this many rows, whatever the plan returned
     */
    public long maxRows() {
        return maxRows;
    }

    /**
     * @return the session's {@code search_path} as the statement started, as the server reported it (PostgreSQL 18)
     *     or as read once the code's statements had mentioned it (before 18); empty when not known, which before 18
     *     means its session's statements had not mentioned it
     */
    public Optional<String> searchPath() {
        return Optional.ofNullable(searchPath);
    }

    /** @return the fetch size the statement ran with ({@code Statement.setFetchSize}), 0 for the driver's default */
    public int fetchSize() {
        return fetchSize;
    }

    /** @return true when this statement was sent with {@code executeBatch} */
    public boolean batch() {
        return batchSize > 0;
    }

    /** @return how many statements the JDBC batch sent in its round trip, 0 when not a batch */
    public int batchSize() {
        return batchSize;
    }

    /**
     * @return how many times the server ran this SQL in its round trip: the parameter sets of a batched
     *         PreparedStatement, else 1
     */
    public int executions() {
        return via != Via.STATEMENT && batchSize > 0 ? Math.max(1, bindingSets.size()) : 1;
    }

    /**
     * The update count the driver reported, summed over a batch. A driver that rewrites a batch reports no count
     * ({@code SUCCESS_NO_INFO}, as pgjdbc does with {@code reWriteBatchedInserts=true}); then an
     * {@code INSERT ... VALUES} counts the most it can have inserted, its {@code VALUES} rows per execution, and any
     * other statement has no count.
     *
     * @return the rows changed, or -1 when there was no count (a query, or a batch the driver gave no counts for)
     */
    public long rowsAffected() {
        if (countsMissing == 0) {
            return rowsAffected;
        }
        int perExecution = shape().valuesRows();
        return perExecution < 0 ? -1 : Math.max(rowsAffected, 0) + (long) countsMissing * perExecution;
    }

    /** @return rows the code read from the statement's result sets so far */
    public long rowsReturned() {
        return rowsReturned == null ? 0 : rowsReturned.count();
    }

    /**
     * What the statement returned or changed, whichever is more: the rows the server sent (pgjdbc receives a whole
     * result unless a fetch size is set, so a write's {@code RETURNING} rows all count even when the code reads only
     * the first), the rows the code read, and the update count. When {@link #rowsKnown()} is false this is only a
     * lower bound.
     *
     * @return the rows, 0 when none
     */
    public long rows() {
        long received = rowsReturned == null ? 0 : rowsReturned.received();
        return Math.max(Math.max(rowsReturned(), received), Math.max(rowsAffected(), 0));
    }

    /**
     * @return false when {@link #rows()} may be short: the driver reported no update count for a batch that is not an
     *     {@code INSERT ... VALUES}, or the code stopped reading a result fetched a part at a time
     *     ({@code setFetchSize}), whose rest never left the server
     */
    public boolean rowsKnown() {
        return unknownRows() == null;
    }

    /** @return why {@link #rows()} may be short, or null when it is exact */
    String unknownRows() {
        if (countsMissing > 0 && shape().valuesRows() < 0) {
            return "the driver reported no row count (SUCCESS_NO_INFO) for " + countsMissing
                    + (countsMissing == 1 ? " execution" : " executions");
        }
        if (rowsReturned != null && rowsReturned.partlyReceived()) {
            return "the code stopped reading a result fetched " + fetchSize + " rows at a time (setFetchSize), so"
                    + " the rest never left the server";
        }
        return null;
    }

    /** @return how long the driver call took, as seen by the client (the round trip's, for a batch) */
    public Duration duration() {
        return Duration.ofNanos(nanos);
    }

    /** @return the name of the thread that ran it */
    public String threadName() {
        return threadName;
    }

    /** @return true when it ran with auto-commit off, so inside a transaction the code controls */
    public boolean inTransaction() {
        return inTransaction;
    }

    /** @return the driver's error message when the statement failed */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return the SQL normalized: literals and placeholders folded to {@code ?}, value lists to {@code (...)} */
    public String normalizedSql() {
        return shape().normalized();
    }

    /**
     * @return what the main statement does, from its first keyword or the statement after a {@code WITH} list: a
     *         writing CTE under a SELECT is still a SELECT, an upsert an INSERT; {@link #kinds()} has every kind
     */
    public StatementKind kind() {
        return shape().kind();
    }

    /**
     * @return the main statement's kind first, then the operation of every write anywhere in it, each once:
     *         {@code [SELECT, UPDATE]} for {@code WITH x AS (UPDATE jobs ...) SELECT * FROM x},
     *         {@code [INSERT, UPDATE]} for {@code INSERT ... ON CONFLICT DO UPDATE},
     *         {@code [MERGE, UPDATE, INSERT]} for a MERGE with those actions
     */
    public Set<StatementKind> kinds() {
        return shape().kinds();
    }

    /**
     * Every write the SQL text shows, wherever it sits: writing CTEs, the UPDATE of {@code ON CONFLICT DO UPDATE}, a
     * MERGE and each of its actions, {@code COPY ... FROM}. Writes made by functions, triggers or rules the statement
     * sets off are not in the text; {@link ServerStatements} sees those.
     *
     * @return the writes, in order of appearance, each (operation, table) once
     */
    public List<TableWrite> writes() {
        return shape().writes();
    }

    /** @return the tables the statement names, in order (see {@link SqlShape} for the tokenizer's limits) */
    public List<String> tables() {
        return shape().tables();
    }

    /**
     * @param table a table name: {@code jobs}, {@code "Jobs"}, {@code public.jobs}
     * @return true when the statement names that table (an unqualified name matches any schema) or, read through the
     *         catalog of the database it ran against, a relation that reaches it: a partition or inheritance child of
     *         it, or a view that reads it
     */
    public boolean names(String table) {
        return shape().names(table) || reached(shape().tables(), table);
    }

    /**
     * @param table a table name: {@code jobs}, {@code "Jobs"}, {@code public.jobs}
     * @return true when the statement writes that table anywhere in it, by any operation (see {@link #writes()}),
     *         directly or through a partition, inheritance child or view of it
     */
    public boolean writes(String table) {
        return shape().writes(table) || reached(shape().writes().stream().map(TableWrite::table).toList(), table);
    }

    /**
     * @param operation INSERT, UPDATE, DELETE, MERGE or COPY
     * @param table a table name: {@code jobs}, {@code "Jobs"}, {@code public.jobs}
     * @return true when the statement makes that operation on that table anywhere in it: an upsert both INSERTs and
     *         UPDATEs its table, a MERGE makes a MERGE and each of its actions on its target
     */
    public boolean writes(StatementKind operation, String table) {
        return shape().writes(operation, table) || reached(shape().writes().stream()
                .filter(w -> w.operation() == operation).map(TableWrite::table).toList(), table);
    }

    /**
     * What in this statement may write a table where its SQL text does not show it, read through the catalog of the
     * database it ran against: a {@code DO} block, a call of a function or procedure that is not built in and is
     * volatile (a {@code STABLE} or {@code IMMUTABLE} function cannot write), a trigger or rule that a write of the
     * statement sets off (on the table, its partitions, or the tables of a view it writes), a foreign key's
     * referential action ({@code ON DELETE CASCADE}, {@code SET NULL}, {@code SET DEFAULT}, and their
     * {@code ON UPDATE} forms) that a delete or update of the statement sets off, followed from table to table. Such
     * code counts when it may write the table: its text (or the code it calls) mentions the table, a partition,
     * parent or view table of it, runs dynamic SQL, or is in a language other than SQL and PL/pgSQL; a referential
     * action when the table is among those it reaches. A write filter with a zero bound, or an enqueue count that
     * found no write, cannot pass while the capture holds such a statement.
     *
     * <pre>{@code
     * statement.unseenWriters("jobs");   // ["function public.enqueue"] for SELECT enqueue(?)
     * }</pre>
     *
     * @param table a table name: {@code jobs}, {@code "Jobs"}, {@code public.jobs}
     * @return each as "a DO block", "function public.enqueue", "procedure public.enqueue_proc",
     *     "trigger enqueue_report on cars", "rule to_jobs on job_requests" or
     *     "foreign key jobs_user_id_fkey on jobs (ON DELETE CASCADE)"; empty when nothing can
     */
    public List<String> unseenWriters(String table) {
        return unseenWriters(table, null);
    }

    /**
     * {@link #unseenWriters(String)} for one operation. A referential action counts where it does that operation
     * to the table or a partition of it: {@code ON DELETE CASCADE} deletes, {@code SET NULL}, {@code SET DEFAULT}
     * and every {@code ON UPDATE} action update, none inserts. For an INSERT or COPY, code counts only when it inserts
     * into the table by name ({@code INSERT INTO}, {@code MERGE INTO}, {@code COPY}), calls code that may, runs
     * dynamic SQL or is not SQL or PL/pgSQL. Names the statement calls are looked up on its session's search_path
     * ({@link #searchPath()}).
     *
     * @param table a table name: {@code jobs}, {@code "Jobs"}, {@code public.jobs}
     * @param operation INSERT, UPDATE, DELETE, MERGE or COPY; null for any
     * @return as {@link #unseenWriters(String)}
     */
    public List<String> unseenWriters(String table, StatementKind operation) {
        Set<String> writers = new LinkedHashSet<>();
        boolean doBlock = RoutineCalls.isDoBlock(sql);
        TableLookup lookup = catalog;
        if (lookup == null) {
            // Without the catalog only the text can tell: a DO block or a CALL may write anything.
            if (doBlock || kind() == StatementKind.CALL) {
                writers.add(doBlock ? "a DO block" : "a CALL");
            }
            return List.copyOf(writers);
        }
        Set<String> names = lookup.namesFor(table);
        // A DO block's code is its own text, read without its dollar quotes so the calls in it show; one in another
        // language than PL/pgSQL names it after LANGUAGE.
        String language = sql.toLowerCase(Locale.ROOT).matches("(?s).*\\blanguage\\b.*") ? "other" : "plpgsql";
        if (doBlock && lookup.mayWrite(new TableLookup.Routine("a DO block", language,
                sql.replaceAll("\\$[A-Za-z_]*\\$", " ")), names, operation, searchPath)) {
            writers.add("a DO block");
        }
        for (Map.Entry<String, Set<Integer>> call : RoutineCalls.argumentCounts(sql).entrySet()) {
            lookup.writingRoutines(call.getKey(), searchPath, call.getValue()).stream()
                    .filter(r -> lookup.mayWrite(r, names, operation, searchPath))
                    .forEach(r -> writers.add(r.label()));
        }
        Set<Long> tableOids = null;
        // a referential action deletes or updates; it never inserts
        boolean deletes = operation == null || operation == StatementKind.DELETE || operation == StatementKind.MERGE;
        boolean updates = operation == null || operation == StatementKind.UPDATE || operation == StatementKind.MERGE;
        for (TableWrite write : writes()) {
            lookup.triggersAndRules(write.table(), write.operation(), searchPath).stream()
                    .filter(r -> lookup.mayWrite(r, names, operation, searchPath)).forEach(r -> writers.add(r.label()));
            List<TableLookup.ReferentialAction> actions = lookup.referentialActions(write.table(), write.operation(),
                    searchPath);
            if (actions.isEmpty()) {
                continue;
            }
            if (tableOids == null) {
                tableOids = lookup.tableAndBelow(table);
            }
            for (TableLookup.ReferentialAction action : actions) {
                lookup.hooksSetOffBy(action).stream().filter(r -> lookup.mayWrite(r, names, operation, searchPath))
                        .forEach(r -> writers.add(r.label() + ", set off by " + action.label()));
                if (deletes && !Collections.disjoint(action.deletes(), tableOids)
                        || updates && !Collections.disjoint(action.updates(), tableOids)) {
                    writers.add(action.label());
                }
            }
        }
        return List.copyOf(writers);
    }

    /** Lets the catalog of the database it ran against read its table names (set once, before it is shared). */
    void readTablesWith(TableLookup lookup) {
        this.catalog = lookup;
    }

    private boolean reached(List<String> seen, String wanted) {
        TableLookup lookup = catalog;
        return lookup != null && seen.stream().anyMatch(name -> lookup.reaches(name, searchPath, wanted));
    }

    SqlShape shape() {
        SqlShape s = shape;
        if (s == null) {
            s = SqlShape.of(sql);
            shape = s;
        }
        return s;
    }

    /**
     * @param secrets which parameters to hide
     * @return the raw SQL with its parameters, secret ones replaced by {@code <secret>}
     */
    public String describe(SecretParameters secrets) {
        StringBuilder out = new StringBuilder(sql.replaceAll("\\s+", " ").trim());
        if (!bindingSets.isEmpty()) {
            out.append("  ").append(parameterText(secrets));
        }
        if (batchSize > 0) {
            out.append("  (batch of ").append(batchSize).append(')');
        }
        if (failure != null) {
            out.append("  failed: ").append(failure);
        }
        return out.toString();
    }

    String parameterText(SecretParameters secrets) {
        Set<Integer> hidden = secrets.hiddenIndexes(shape().placeholderColumns());
        List<List<Object>> parameterSets = parameterSets();
        List<String> sets = new ArrayList<>();
        int shown = Math.min(parameterSets.size(), 3);
        for (int s = 0; s < shown; s++) {
            List<Object> set = parameterSets.get(s);
            List<String> values = new ArrayList<>(set.size());
            for (int i = 0; i < set.size(); i++) {
                values.add(hidden.contains(i + 1) ? "<secret>" : render(set.get(i)));
            }
            sets.add("[" + String.join(", ", values) + "]");
        }
        String text = String.join(" ", sets);
        return parameterSets.size() > shown ? text + " ... (" + parameterSets.size() + " sets)" : text;
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence) {
            String text = value.toString();
            return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
        }
        if (value instanceof byte[]) {
            return "<" + ((byte[]) value).length + " bytes>";
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        // No parameter values: which ones are secret is known only to the CapturedStatements that holds this.
        return "#" + sequence + " " + sql.replaceAll("\\s+", " ").trim();
    }

    static List<List<Object>> unmodifiable(List<List<Object>> sets) {
        List<List<Object>> copy = new ArrayList<>(sets.size());
        for (List<Object> set : sets) {
            copy.add(Collections.unmodifiableList(set));
        }
        return Collections.unmodifiableList(copy);
    }
}
