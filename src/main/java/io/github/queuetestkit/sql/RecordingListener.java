package io.github.queuetestkit.sql;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.StatementType;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.ResultSetProxyLogic;
import net.ttddyy.dsproxy.proxy.ResultSetProxyLogicFactory;
import net.ttddyy.dsproxy.proxy.SimpleResultSetProxyLogic;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * datasource-proxy's hook into every execution and result set. The hot path does no string work (but, before
 * PostgreSQL 18, look for {@code search_path} in the text of a session's statements until one mentions it): it keeps
 * the setter calls that bound the parameters, reads the clock, the statement's row limit and the session's
 * search_path, and appends; normalization waits for an assertion.
 */
final class RecordingListener implements QueryExecutionListener, ResultSetProxyLogicFactory {

    /** Per-thread state between beforeQuery, result-set creation and afterQuery; reused to avoid garbage. */
    private static final class Pending {
        boolean active;
        long start;
        boolean inTransaction;
        PGConnection session;
        String searchPath;
        RowCounter counter;
        // For execute() followed by getResultSet(), which reaches the factory after afterQuery.
        Statement lastStatement;
        RowCounter lastCounter;
    }

    private final CopyOnWriteArrayList<CaptureSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong recorded = new AtomicLong();
    private final ThreadLocal<Pending> pending = ThreadLocal.withInitial(Pending::new);

    /** What may change a session's search_path, in a statement's text. */
    private static final Pattern SEARCH_PATH = Pattern.compile("search_path|\\bset\\s+(session\\s+|local\\s+)?schema\\b",
            Pattern.CASE_INSENSITIVE);

    /** Before PostgreSQL 18: the sessions whose statements have mentioned their search_path. */
    private final Set<PGConnection> changedPaths = Collections.synchronizedSet(Collections.newSetFromMap(
            new WeakHashMap<>()));

    /** @return how many round trips were recorded so far, by any capture: lets catalog answers expire after DDL */
    long recorded() {
        return recorded.get();
    }

    void add(CaptureSession session) {
        sessions.add(session);
    }

    void remove(CaptureSession session) {
        sessions.remove(session);
    }

    @Override
    public void beforeQuery(ExecutionInfo info, List<QueryInfo> queries) {
        if (sessions.isEmpty()) {
            return;
        }
        Pending p = pending.get();
        p.active = true;
        p.counter = new RowCounter();
        p.inTransaction = inTransaction(info.getStatement());
        p.session = session(info.getStatement());
        p.searchPath = searchPathBefore(p.session);
        p.start = System.nanoTime();
    }

    @Override
    public void afterQuery(ExecutionInfo info, List<QueryInfo> queries) {
        long end = System.nanoTime();
        if (sessions.isEmpty()) {
            return;
        }
        Pending p = pending.get();
        if (!p.active) {
            return;
        }
        p.active = false;
        recorded.incrementAndGet();
        p.lastStatement = info.getStatement();
        p.lastCounter = p.counter;
        CapturedStatement.Via via = via(info.getStatementType());
        int batchSize = info.isBatch() ? info.getBatchSize() : 0;
        String failure = info.isSuccess() || info.getThrowable() == null ? null
                : String.valueOf(info.getThrowable().getMessage());
        String thread = Thread.currentThread().getName();
        Object result = info.getResult();
        long maxRows = 0;
        int fetchSize = 0;
        if (!info.isBatch()) {
            try {
                // Field reads in the driver: a row limit the code set outside the SQL never reaches the planner.
                maxRows = info.getStatement().getMaxRows();
                fetchSize = info.getStatement().getFetchSize();
            } catch (SQLException e) {
                // A closed statement: the execution itself failed with this error and is recorded as failed.
            }
        }
        int size = queries.size();
        List<String> sqls = new ArrayList<>(size);
        List<List<List<BoundParameter>>> parameters = new ArrayList<>(size);
        long[] affected = new long[size];
        int[] noCount = new int[size];
        for (int q = 0; q < size; q++) {
            QueryInfo query = queries.get(q);
            sqls.add(query.getQuery());
            parameters.add(parameters(query));
            affected[q] = rowsAffected(info, result, size > 1 ? q : -1);
            noCount[q] = countsMissing(result, size > 1 ? q : -1);
        }
        noteSearchPathChange(p.session, sqls);
        p.session = null;
        for (CaptureSession session : sessions) {
            session.add(sqls, via, parameters, batchSize, affected, noCount, p.counter, end - p.start, thread,
                    p.inTransaction, failure, maxRows, fetchSize, p.searchPath);
        }
    }

    @Override
    public ResultSetProxyLogic create(ResultSet resultSet, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
        RowCounter counter = null;
        if (!sessions.isEmpty()) {
            Pending p = pending.get();
            if (p.active) {
                counter = p.counter;
            } else if (p.lastStatement != null && p.lastStatement == statementOf(resultSet)) {
                counter = p.lastCounter;
            }
        }
        long streamed = -1;
        if (counter != null) {
            // Read before the code reads a row: the driver's count of what the server sent, RETURNING rows included.
            ResultSize.Received size = ResultSize.of(resultSet);
            if (size != null && size.whole()) {
                counter.receivedWhole(size.rows());
            } else if (size != null) {
                counter.streaming(size.rows());
                streamed = size.rows();
            }
        }
        return new CountingResultSetLogic(new SimpleResultSetProxyLogic(resultSet, connectionInfo, proxyConfig),
                counter, streamed);
    }

    /**
     * Counts {@code next()} calls that found a row, and tells the counter when the code read a result fetched a part
     * at a time to its end; everything else passes straight through.
     */
    private static final class CountingResultSetLogic implements ResultSetProxyLogic {
        private final ResultSetProxyLogic delegate;
        private final RowCounter counter;
        // The rows the driver held when a fetch size left the rest on the server, -1 when it held them all.
        private long streamed;
        private long read;

        CountingResultSetLogic(ResultSetProxyLogic delegate, RowCounter counter, long streamed) {
            this.delegate = delegate;
            this.counter = counter;
            this.streamed = streamed;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = delegate.invoke(proxy, method, args);
            if (counter != null && "next".equals(method.getName())) {
                if (Boolean.TRUE.equals(result)) {
                    counter.increment();
                    read++;
                } else if (streamed >= 0) {
                    counter.streamEnded(read, streamed);
                    streamed = -1;
                }
            }
            return result;
        }
    }

    private static Statement statementOf(ResultSet resultSet) {
        try {
            return resultSet.getStatement();
        } catch (SQLException e) {
            // Only used to attribute rows; the code under test will meet the same error on its next call.
            return null;
        }
    }

    /**
     * The session's {@code search_path} as a statement starts, so that a plan taken again on another connection reads
     * the tables the code's session read: PostgreSQL 18 reports it to the driver whenever it changes (a map lookup
     * here); before 18 it is asked of the server before each statement of a session whose statements have mentioned
     * it ({@code SET search_path}, {@code set_config('search_path', ...)}, {@code SET SCHEMA}), on the connection
     * beneath the recording one, and not in a failed transaction (where nothing can be asked). Read before, not
     * after: a statement that switches the path (a tenant function) ran on the path it found.
     *
     * @return the search_path, or null when not known: the session never changed it as far as the capture saw
     */
    private String searchPathBefore(PGConnection session) {
        if (session == null) {
            return null;
        }
        String reported = session.getParameterStatus("search_path");
        if (reported != null || !changedPaths.contains(session)) {
            return reported;
        }
        if (session instanceof BaseConnection base && base.getTransactionState() != TransactionState.FAILED) {
            try (Statement ask = base.createStatement();
                    ResultSet rs = ask.executeQuery("SELECT pg_catalog.current_setting('search_path')")) {
                rs.next();
                return rs.getString(1);
            } catch (SQLException e) {
                // The session cannot answer now; the statement is recorded without its path.
            }
        }
        return null;
    }

    /** Before PostgreSQL 18: marks the session of statements that may change its search_path, to read it from then. */
    private void noteSearchPathChange(PGConnection session, List<String> sqls) {
        // PostgreSQL 18 reports it: no text to read
        if (session != null && session.getParameterStatus("search_path") == null && !changedPaths.contains(session)
                && sqls.stream().anyMatch(sql -> SEARCH_PATH.matcher(sql).find())) {
            changedPaths.add(session);
        }
    }

    private static PGConnection session(Statement statement) {
        try {
            Connection connection = statement.getConnection();
            return connection.isWrapperFor(PGConnection.class) ? connection.unwrap(PGConnection.class) : null;
        } catch (SQLException e) {
            // A closed connection: the execution itself fails with this error and is recorded as failed.
            return null;
        }
    }

    private static boolean inTransaction(Statement statement) {
        try {
            return !statement.getConnection().getAutoCommit();
        } catch (SQLException e) {
            // A closed connection: the execution itself fails with this error and is recorded as failed.
            return false;
        }
    }

    private static CapturedStatement.Via via(StatementType type) {
        if (type == StatementType.PREPARED) {
            return CapturedStatement.Via.PREPARED;
        }
        return type == StatementType.CALLABLE ? CapturedStatement.Via.CALLABLE : CapturedStatement.Via.STATEMENT;
    }

    // index >= 0 picks one entry of a batch's counts (a Statement batch records one statement per SQL).
    private static long rowsAffected(ExecutionInfo info, Object result, int index) {
        if (result instanceof Integer) {
            return (Integer) result;
        }
        if (result instanceof Long) {
            return (Long) result;
        }
        if (result instanceof int[]) {
            int[] counts = (int[]) result;
            if (index >= 0) {
                return index < counts.length ? Math.max(counts[index], 0) : -1;
            }
            long sum = 0;
            for (int count : counts) {
                sum += Math.max(count, 0);
            }
            return sum;
        }
        if (result instanceof long[]) {
            long[] counts = (long[]) result;
            if (index >= 0) {
                return index < counts.length ? Math.max(counts[index], 0) : -1;
            }
            long sum = 0;
            for (long count : counts) {
                sum += Math.max(count, 0);
            }
            return sum;
        }
        if (Boolean.FALSE.equals(result)) {
            try {
                return info.getStatement().getUpdateCount();
            } catch (SQLException e) {
                // The count is informational; the statement already succeeded and its result stands.
                return -1;
            }
        }
        return -1;
    }

    /**
     * How many entries of a batch the driver reported {@code SUCCESS_NO_INFO} (-2) for: pgjdbc with
     * {@code reWriteBatchedInserts=true} reports it for every entry, so their rows are unknown, not zero.
     */
    private static int countsMissing(Object result, int index) {
        int missing = 0;
        if (result instanceof int[] counts) {
            for (int i = 0; i < counts.length; i++) {
                if ((index < 0 || index == i) && counts[i] == Statement.SUCCESS_NO_INFO) {
                    missing++;
                }
            }
        } else if (result instanceof long[] counts) {
            for (int i = 0; i < counts.length; i++) {
                if ((index < 0 || index == i) && counts[i] == Statement.SUCCESS_NO_INFO) {
                    missing++;
                }
            }
        }
        return missing;
    }

    private static List<List<BoundParameter>> parameters(QueryInfo query) {
        List<List<ParameterSetOperation>> sets = query.getParametersList();
        if (sets.isEmpty()) {
            return List.of();
        }
        List<List<BoundParameter>> copy = new ArrayList<>(sets.size());
        for (List<ParameterSetOperation> set : sets) {
            copy.add(bindings(set));
        }
        return Collections.unmodifiableList(copy);
    }

    /**
     * Keeps each setter call as made (the method and its arguments, no copying or formatting), by placeholder;
     * parameters bound by name follow in call order.
     */
    private static List<BoundParameter> bindings(List<ParameterSetOperation> operations) {
        List<BoundParameter> byIndex = new ArrayList<>(operations.size());
        List<BoundParameter> named = null;
        for (ParameterSetOperation operation : operations) {
            if (ParameterSetOperation.isRegisterOutParameterOperation(operation)) {
                continue;
            }
            Object[] args = operation.getArgs();
            BoundParameter binding = new BoundParameter(operation.getMethod(), args);
            if (args.length > 0 && args[0] instanceof Integer) {
                int index = (Integer) args[0] - 1;
                while (byIndex.size() <= index) {
                    byIndex.add(null);
                }
                byIndex.set(index, binding);
            } else {
                if (named == null) {
                    named = new ArrayList<>();
                }
                named.add(binding);
            }
        }
        if (named != null) {
            byIndex.addAll(named);
        }
        return Collections.unmodifiableList(byIndex);
    }
}
