package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.Identifiers;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * One test run's presence on one server: a random run key, held for the run's whole life as a session-level
 * advisory lock by a connection of its own. The server releases that lock when the connection's socket closes, so
 * the lock dies with the JVM however it ends (a cancelled CI job, a killed IDE run) and a later run can tell a dead
 * run's databases from a live one's by asking {@code pg_locks}, not by guessing from timestamps.
 *
 * <p>The same connection marks every database the run creates ({@link DatabaseMark}) and holds a shared lock on
 * each template the run uses, so no other run drops a template this one may still clone.
 *
 * <p>Advisory locks use the two-key form, whose first key names the kind of lock, so they never meet an
 * application's one-key locks. Run locks are read through {@code pg_locks}, which spans every database of the
 * server; template locks are taken and tried on the maintenance database, so every run of one server must name
 * the same maintenance database in its URL (they do: it is the URL the user configured, or the container's).
 */
@API(status = API.Status.INTERNAL, since = "0.2")
public final class RunLease implements AutoCloseable {

    /** First key of a run's liveness lock ("qtk" then 1). */
    static final int RUN_LOCKS = 0x71746b01;
    /** First key of the shared locks that say "this run clones this template". */
    static final int TEMPLATE_USE_LOCKS = 0x71746b02;
    /** First key of the lock a run holds while it builds a template, so builders of one key take turns. */
    static final int TEMPLATE_BUILD_LOCKS = 0x71746b03;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PostgresServer server;
    private final int runKey;
    private final boolean keepClassDatabases;
    private final boolean reuse;
    private final Connection connection;
    private final Set<String> templatesInUse = ConcurrentHashMap.newKeySet();

    private RunLease(PostgresServer server, int runKey, boolean keepClassDatabases, boolean reuse,
            Connection connection) {
        this.server = server;
        this.runKey = runKey;
        this.keepClassDatabases = keepClassDatabases;
        this.reuse = reuse;
        this.connection = connection;
    }

    /**
     * Opens the run's connection to the server and takes its liveness lock.
     *
     * @param server the server
     * @param keepClassDatabases whether class databases are kept after their class ({@code queuetestkit.keepDatabases})
     * @param reuse whether templates this run builds outlive it ({@code queuetestkit.reuse})
     * @return the lease, held until {@link #close()}
     */
    public static RunLease open(PostgresServer server, boolean keepClassDatabases, boolean reuse) {
        Connection connection = null;
        try {
            connection = server.connectMaintenance();
            try (Statement statement = connection.createStatement()) {
                // A server that ends idle sessions would end the lease and make this live run look dead.
                statement.execute("SET idle_session_timeout = 0");
            } catch (SQLException olderThan14) {
                // PostgreSQL 13 has no idle_session_timeout, so nothing ends the session.
            }
            int runKey;
            do {
                runKey = RANDOM.nextInt(Integer.MAX_VALUE - 1) + 1;
            } while (!tryLock(connection, "pg_try_advisory_lock", RUN_LOCKS, runKey));
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET application_name = 'queue-testkit run " + Integer.toHexString(runKey) + "'");
            }
            return new RunLease(server, runKey, keepClassDatabases, reuse, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new QueueTestkitException("Could not open the run's connection to " + server.describe()
                    + ", which marks the databases this run creates: " + e.getMessage(), e);
        }
    }

    /** @return this run's key, written into the mark of every database it creates */
    public int runKey() {
        return runKey;
    }

    /** @return the server this lease is held on */
    public PostgresServer server() {
        return server;
    }

    /** @return whether templates this run builds are kept for later runs */
    boolean reuse() {
        return reuse;
    }

    /**
     * Marks a database this run just created as a class database (kept, under {@code queuetestkit.keepDatabases}).
     *
     * @param database its name
     */
    void markClass(String database) {
        mark(database, keepClassDatabases ? DatabaseMark.Kind.KEPT : DatabaseMark.Kind.CLASS);
    }

    /**
     * @param database a database this run created (or, for a template, now answers for)
     * @param kind what it is for
     */
    void mark(String database, DatabaseMark.Kind kind) {
        String comment = new DatabaseMark(runKey, kind, reuse, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .format();
        synchronized (connection) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("COMMENT ON DATABASE " + Identifiers.quote(database) + " IS '"
                        + comment.replace("'", "''") + "'");
            } catch (SQLException e) {
                throw new QueueTestkitException("Could not mark database " + database + " on " + server.describe()
                        + " as created by this run: " + e.getMessage() + ". The kit's user must own the databases"
                        + " it creates.", e);
            }
        }
    }

    /**
     * Declares that this run clones the template, once per template: a shared lock that a run wanting to drop it
     * must get past. Waits while another run holds the template to drop it.
     *
     * @param template the template's name
     */
    void useTemplate(String template) {
        if (!templatesInUse.add(template)) {
            return;
        }
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock_shared(?, ?)")) {
                statement.setInt(1, TEMPLATE_USE_LOCKS);
                statement.setInt(2, template.hashCode());
                statement.execute();
            } catch (SQLException e) {
                templatesInUse.remove(template);
                throw new QueueTestkitException("Could not take the lock that keeps template " + template + " on "
                        + server.describe() + " from being dropped while this run clones it: " + e.getMessage(), e);
            }
        }
    }

    /**
     * @param template a template's name
     * @return whether no other run uses the template; if so this run holds it exclusively until
     *     {@link #releaseTemplate}
     */
    boolean tryTakeTemplate(String template) {
        synchronized (connection) {
            try {
                return tryLock(connection, "pg_try_advisory_lock", TEMPLATE_USE_LOCKS, template.hashCode());
            } catch (SQLException e) {
                return false;
            }
        }
    }

    /** @param template a template taken with {@link #tryTakeTemplate} */
    void releaseTemplate(String template) {
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                statement.setInt(1, TEMPLATE_USE_LOCKS);
                statement.setInt(2, template.hashCode());
                statement.execute();
            } catch (SQLException ignoredBecauseClosingTheLeaseReleasesIt) {
                // The lock goes with the connection at the end of the run at the latest.
            }
        }
    }

    /**
     * Opens a connection that holds the build lock of one template key, waiting while another run (another JVM)
     * builds it; closing the connection lets the next builder in, and so does the builder's death.
     *
     * @param template the template's name
     * @return the connection holding the lock
     */
    Connection lockBuild(String template) {
        Connection builder = null;
        try {
            builder = server.connectMaintenance();
            try (PreparedStatement statement = builder.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                statement.setInt(1, TEMPLATE_BUILD_LOCKS);
                statement.setInt(2, template.hashCode());
                statement.execute();
            }
            return builder;
        } catch (SQLException e) {
            closeQuietly(builder);
            throw new QueueTestkitException("Could not take the build lock of template " + template + " on "
                    + server.describe() + ": " + e.getMessage(), e);
        }
    }

    /** @return the templates this run has declared it clones */
    Set<String> templatesInUse() {
        return Set.copyOf(templatesInUse);
    }

    /**
     * @param database a database's name
     * @return the kit's mark on it, or null when it has none
     */
    DatabaseMark markOf(String database) {
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
                statement.setString(1, database);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? DatabaseMark.parse(rs.getString(1)) : null;
                }
            } catch (SQLException e) {
                throw new QueueTestkitException("Could not read the mark of database " + database + " on "
                        + server.describe() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * @return the keys of every run on the server whose lease is alive now, this one included
     */
    Set<Integer> liveRuns() {
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT objid::bigint FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND classid::bigint = ? AND objsubid = 2 AND granted")) {
                statement.setLong(1, RUN_LOCKS);
                Set<Integer> live = new HashSet<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        live.add((int) rs.getLong(1));
                    }
                }
                return live;
            } catch (SQLException e) {
                throw new QueueTestkitException("Could not read which runs are alive on " + server.describe()
                        + " from pg_locks: " + e.getMessage(), e);
            }
        }
    }

    /** Ends the lease: the server releases the run's locks with its connection. */
    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static boolean tryLock(Connection connection, String function, int kind, int key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
            statement.setInt(1, kind);
            statement.setInt(2, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignoredBecauseTheServerReleasesTheLocksWithTheSession) {
            // Nothing left to do: a broken connection's session ends on the server as well.
        }
    }
}
