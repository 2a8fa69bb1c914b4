package io.github.queuetestkit.sql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * The statements one capture recorded, in execution order. In a {@code @PostgresTest} class, inject it into a
 * test method: it holds what that method's body ran through the injected DataSource and Connection (not what
 * {@code @BeforeEach} ran). Elsewhere, get one from {@link RecordingDataSource#start()} or
 * {@link RecordingDataSource#capture}.
 *
 * <pre>{@code
 * @PostgresTest(init = "db/jobs.sql")
 * class EnqueueTest {
 *     @Test
 *     void enqueuesFollowUpsInOneRoundTrip(DataSource dataSource, CapturedStatements captured) {
 *         new JobQueue(dataSource).enqueueAll(followUps);
 *         assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1);
 *     }
 * }
 * }</pre>
 *
 * <p>Reading it is a snapshot: statements recorded later show up on the next call.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CapturedStatements implements Iterable<CapturedStatement>, AutoCloseable {

    private final CaptureSession session;
    private final SecretParameters secrets;

    CapturedStatements(CaptureSession session, SecretParameters secrets) {
        this.session = session;
        this.secrets = secrets;
    }

    /** @return every statement recorded so far, in execution order */
    public List<CapturedStatement> statements() {
        return session.snapshot();
    }

    @Override
    public Iterator<CapturedStatement> iterator() {
        return statements().iterator();
    }

    /** @return how many statements the server ran: each parameter set of a batch counts */
    public int count() {
        return statements().stream().mapToInt(CapturedStatement::executions).sum();
    }

    /** @return how many round trips the code made: a JDBC batch is one */
    public int roundTrips() {
        return (int) statements().stream().mapToLong(CapturedStatement::roundTrip).distinct().count();
    }

    /**
     * @return the statements grouped by normalized SQL, groups in order of first execution; what a plan check
     *         of every distinct statement iterates
     */
    public List<StatementGroup> groups() {
        return group(statements());
    }

    static List<StatementGroup> group(List<CapturedStatement> statements) {
        Map<String, List<CapturedStatement>> byNormalized = new LinkedHashMap<>();
        for (CapturedStatement statement : statements) {
            byNormalized.computeIfAbsent(statement.normalizedSql(), k -> new ArrayList<>()).add(statement);
        }
        List<StatementGroup> groups = new ArrayList<>(byNormalized.size());
        byNormalized.forEach((sql, list) -> groups.add(new StatementGroup(sql, list)));
        return groups;
    }

    /**
     * @param secrets parameters never to print
     * @return a view of the same capture whose descriptions and failure messages hide those parameters
     */
    public CapturedStatements withSecrets(SecretParameters secrets) {
        return new CapturedStatements(session, Objects.requireNonNull(secrets, "secrets"));
    }

    /** @return the parameters this view hides */
    public SecretParameters secrets() {
        return secrets;
    }

    /** @return true while statements are still being added */
    public boolean isRecording() {
        return session.active();
    }

    /** Stops adding statements; what was recorded stays. Idempotent. */
    public void stop() {
        session.stop();
    }

    /** Stops the capture, as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Forgets what was recorded so far; a running capture keeps recording. */
    public void clear() {
        session.clear();
    }

    /**
     * Starts (or resumes) adding statements run through the DataSource this capture came from. Idempotent.
     *
     * @return this capture
     */
    public CapturedStatements start() {
        session.start();
        return this;
    }

    TableLookup tables() {
        return session.tables();
    }

    /** @return every statement, one per line, parameters shown except secret ones */
    public String describe() {
        return StatementListing.of(statements(), secrets);
    }

    @Override
    public String toString() {
        List<CapturedStatement> all = statements();
        return "CapturedStatements[" + all.size() + " statements" + (isRecording() ? ", recording" : "") + "]";
    }

    /** @return the database the statements ran against, for planning them again */
    DataSource target() {
        return session.target();
    }
}
