package io.github.queuetestkit.queue;

import io.github.queuetestkit.plan.internal.JdbcSql;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What each harness session is running, seen from the client: with lock waits sampled, each session's connection
 * reaches the queue code behind a wrapper that notes every statement as it is sent and as it returns. The lock-wait reading uses it to leave out of its full reading the waits of statements known to skip
 * locked rows (see {@link LockSampler#SAMPLE}): those waits are PostgreSQL's own (it follows an updated row's chain)
 * and decide no verdict by their lock, while reading a wait in full (the lock table and the sessions' status) is
 * what made the checks cost (BENCHMARKS.md).
 */
final class SessionActivity {

    /**
     * How many distinct statement texts are read for whether they skip locked rows, each once, on the sampler's
     * connection: code that writes its values into the text would otherwise have the sampler read the catalog for
     * every execution. Texts beyond these stay unknown and their waits are read in full, as before.
     */
    static final int TEXTS_READ = 64;

    /** A statement text seen on a harness session, and whether it is known to skip locked rows. */
    static final class Text {
        private final String sql;
        /** whether this stands for something other than a statement's text (a transaction's end) */
        private final boolean marker;
        private volatile boolean skips;

        private Text(String sql, boolean marker) {
            this.sql = sql;
            this.marker = marker;
        }

        /** @return the text as the server gets it ({@code $n} placeholders), on one line */
        String sql() {
            return sql;
        }

        /** @return whether it has been read and found to take its row locks only with SKIP LOCKED or NOWAIT */
        boolean skips() {
            return skips;
        }

        void read(boolean skips) {
            this.skips = skips;
        }
    }

    /**
     * A statement running on a session.
     *
     * @param text what it runs
     * @param sent when the client sent it (client clock)
     * @param skips whether its text was known to skip locked rows when it was sent: fixed for the execution, so that
     *        each of its waits is read the same way at every sighting
     */
    record Running(Text text, Instant sent, boolean skips) {

        /**
         * @return whether a wait of this session, as the server sees it, is taken for this statement's and not read in
         *     full: a statement known to skip locked rows. Not a transaction's end, which waits on nothing when it
         *     counts as skipping: a wait the server sees there is of a statement begun since, read in full.
         */
        boolean leftUnread() {
            return skips && !text.marker;
        }
    }

    /** What a plain Statement's batch runs, several statements in one round trip: never known to skip. */
    private static final Text SEVERAL = new Text("(several statements in one round trip)", true);

    /**
     * What a session runs as its transaction ends (a COMMIT or ROLLBACK, the harness's or the queue code's): it waits
     * on a lock only when a deferred constraint or constraint trigger checks rows then, so it counts as skipping when
     * the database has none ({@link #endsCannotWait}).
     */
    private final Text ending = new Text("(ending its transaction)", true);

    private final Map<String, Text> texts = new ConcurrentHashMap<>();
    private final Map<Integer, Running> running = new ConcurrentHashMap<>();
    /** The sessions whose connection has the wrapper, so that one not in {@link #running} runs nothing. */
    private final Set<Integer> tracked = ConcurrentHashMap.newKeySet();
    private final Queue<Text> unread = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Runnable newText;

    /** @param newText told when a text waits to be read, so the sampler's thread can read it */
    SessionActivity(Runnable newText) {
        this.newText = newText;
    }

    /**
     * @param connection a harness session's connection
     * @param pid its backend pid
     * @return the connection behind a wrapper that notes what it runs; it implements every interface the connection
     *     does (so a cast to {@code PGConnection} works as without it), and so do the statements it makes
     */
    Connection track(Connection connection, int pid) {
        tracked.add(pid);
        return (Connection) wrap(connection, new Noting(pid, connection, null, null));
    }

    /**
     * A JDK proxy of every interface the object implements, rather than datasource-proxy (which the kit uses for
     * statement capture, where the user asks for the wrapping): datasource-proxy's connection implements only
     * {@code Connection}, so queue code that casts its connection to {@code PGConnection}, as pgjdbc's own examples of
     * {@code LISTEN} do, would fail only when lock waits are sampled.
     */
    private static Object wrap(Object target, InvocationHandler handler) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            interfaces.addAll(Arrays.asList(type.getInterfaces()));
        }
        return Proxy.newProxyInstance(target.getClass().getClassLoader(), interfaces.toArray(Class<?>[]::new),
                handler);
    }

    /** Notes a session's statements as they run: the handler of its connection, and of each statement it makes. */
    private final class Noting implements InvocationHandler {
        private final int pid;
        private final Object target;
        /** for a statement, the proxy of the connection that made it; null for the connection */
        private final Object connection;
        /** for a prepared or callable statement, its text */
        private final String prepared;

        Noting(int pid, Object target, Object connection, String prepared) {
            this.pid = pid;
            this.target = target;
            this.connection = connection;
            this.prepared = prepared;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            int arity = args == null ? 0 : args.length;
            if (name.equals("equals") && arity == 1) {
                return proxy == args[0];
            }
            if (name.equals("hashCode") && arity == 0) {
                return System.identityHashCode(proxy);
            }
            if (connection == null && (name.equals("commit") || name.equals("rollback")
                    || name.equals("setAutoCommit"))) {
                return noting(ending, method, args);
            }
            if (connection != null) {
                if (name.startsWith("execute")) {
                    // Statement.execute(sql...) names its text; a prepared statement's is the one it was made with; a
                    // plain Statement's batch runs several
                    String sql = arity > 0 && args[0] instanceof String text ? text : prepared;
                    return noting(sql == null ? SEVERAL : textOf(sql), method, args);
                }
                return name.equals("getConnection") && arity == 0 ? connection : call(method, args);
            }
            Object result = call(method, args);
            if (result instanceof Statement statement && (name.equals("createStatement")
                    || name.equals("prepareStatement") || name.equals("prepareCall"))) {
                return wrap(statement, new Noting(pid, statement, proxy,
                        name.equals("createStatement") ? null : (String) args[0]));
            }
            return result;
        }

        private Object noting(Text text, Method method, Object[] args) throws Throwable {
            running.put(pid, new Running(text, Instant.now(), text.skips()));
            try {
                return call(method, args);
            } finally {
                running.remove(pid);
            }
        }

        private Object call(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private Text textOf(String jdbc) {
        Text known = texts.get(jdbc);
        if (known != null) {
            return known;
        }
        return texts.computeIfAbsent(jdbc, k -> {
            Text text = new Text(LockSampler.oneLine(JdbcSql.parse(k).nativeSql()), false);
            if (queued.incrementAndGet() <= TEXTS_READ) {
                unread.add(text);
                newText.run();
            }
            return text;
        });
    }

    /**
     * @param cannotWait whether no deferred constraint or constraint trigger can make a transaction's end wait on a
     *     lock (the database has none)
     */
    void endsCannotWait(boolean cannotWait) {
        ending.read(cannotWait);
    }

    /** Notes that the harness ends a session's transaction, on the driver's connection beneath the wrapper. */
    void ending(int pid) {
        running.put(pid, new Running(ending, Instant.now(), ending.skips()));
    }

    /** Notes that the harness has ended a session's transaction. */
    void ended(int pid) {
        running.remove(pid);
    }

    /**
     * @param now what the sessions ran at a moment
     * @param sessions the sessions to judge
     * @param own a session of those to leave out
     * @return those of the sessions but {@code own} that may then have waited on a lock that counts: one whose
     *     connection has no wrapper, or that ran a statement not known to skip locked rows (a session between
     *     statements waits on nothing, and the waits of one known to skip are PostgreSQL's own, see
     *     {@link LockSampler#SAMPLE})
     */
    int[] mayWaitOnALockThatCounts(Map<Integer, Running> now, Set<Integer> sessions, int own) {
        return sessions.stream().mapToInt(Integer::intValue).filter(pid -> pid != own && (!tracked.contains(pid)
                || now.containsKey(pid) && !now.get(pid).skips())).toArray();
    }

    /**
     * @param now what the sessions ran at a moment
     * @param sessions the sessions to judge
     * @param since a moment (client clock)
     * @return those of the sessions that may have waited on a lock since that moment: one whose connection has no
     *     wrapper, or that ran a statement sent before it
     */
    int[] runningSince(Map<Integer, Running> now, Set<Integer> sessions, Instant since) {
        return sessions.stream().mapToInt(Integer::intValue).filter(pid -> !tracked.contains(pid)
                || now.containsKey(pid) && now.get(pid).sent().isBefore(since)).toArray();
    }

    /**
     * @param now what the sessions ran at a moment
     * @return those whose waits are taken for their statement's and not read in full ({@link Running#leftUnread()})
     */
    static int[] leftUnread(Map<Integer, Running> now) {
        return now.entrySet().stream().filter(e -> e.getValue().leftUnread()).mapToInt(Map.Entry::getKey).toArray();
    }

    /** @return what each session runs at this moment, by pid (sessions between statements left out) */
    Map<Integer, Running> now() {
        return Map.copyOf(running);
    }

    /**
     * @param jdbc a statement's text as a session ran it
     * @return whether it has been read and found to skip locked rows
     */
    boolean knownToSkip(String jdbc) {
        Text text = texts.get(jdbc);
        return text != null && text.skips();
    }

    /** @return a text waiting to be read, or null */
    Text nextUnread() {
        return unread.poll();
    }

    /** @return whether a text waits to be read */
    boolean anyUnread() {
        return !unread.isEmpty();
    }
}
