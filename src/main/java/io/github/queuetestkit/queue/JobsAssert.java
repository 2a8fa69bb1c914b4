package io.github.queuetestkit.queue;

import static org.awaitility.Awaitility.await;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.UnrecordedDataSource;
import io.github.queuetestkit.queue.internal.SqlErrors;
import io.github.queuetestkit.sql.CapturedStatement;
import io.github.queuetestkit.sql.CapturedStatements;
import io.github.queuetestkit.sql.StatementKind;
import io.github.queuetestkit.sql.TableWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Enqueue assertions over a jobs table of any schema: how many jobs, at most or exactly one per key, no two
 * pending jobs of the same (kind, key). With {@link #eventually()} each check waits for asynchronous enqueuers.
 * Reached through {@code QueueTestkitAssertions.assertThatJobs(jobs)}.
 *
 * <p><b>At-most checks</b> ({@link #hasAtMostOnePerKey()}, {@link #hasNoDuplicateKindAndKey()}) hold on an empty
 * table, so on a selection that matches no job they fail instead of passing having checked nothing: they read the
 * table, so a job enqueued through a function or trigger counts all the same, and no job means nothing was enqueued.
 * To assert that nothing is enqueued, use {@code hasCount(0)}.
 *
 * <pre>{@code
 * Jobs reports = Jobs.in(dataSource).inTable("jobs").where("kind = 'car_report' AND state = 'pending'")
 *     .keyedBy("args->>'car_id'");
 * assertThatJobs(reports).eventually().hasExactlyOnePerKey("7", "8");
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class JobsAssert extends AbstractAssert<JobsAssert, Jobs> {

    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int SHOWN = 10;
    private static final String NULL_KEY = "; NULL is the jobs whose key is NULL (SQL NULL, not the text 'null'): a"
            + " key expression that names a missing field gives NULL";

    private Duration wait;

    /** @param actual the jobs to check */
    public JobsAssert(Jobs actual) {
        super(actual, JobsAssert.class);
    }

    /**
     * Makes the following checks wait up to 10 seconds for the condition to hold, polling every 50 ms. An at-most
     * check ({@link #hasAtMostOnePerKey()}, {@link #hasNoDuplicateKindAndKey()}) holds before anything is enqueued, so
     * it waits until at least one job matches and then checks once; if none matches in time it fails.
     *
     * <p>{@code eventually()} cannot know when the enqueuer is done: an at-most check may run after the first of the
     * jobs it writes and before the duplicate. To judge "at most one per key" after an asynchronous enqueue, first
     * wait for what the enqueuer must have written, then check:
     *
     * <pre>{@code
     * assertThatJobs(reports).eventually().hasCount(3).hasAtMostOnePerKey();
     * assertThatJobs(reports).eventually().hasExactlyOnePerKey("7", "8");
     * }</pre>
     *
     * @return this assertion
     */
    public JobsAssert eventually() {
        return within(DEFAULT_WAIT);
    }

    /**
     * Makes the following checks wait up to {@code timeout} for the condition to hold.
     *
     * @param timeout how long to wait, positive
     * @return this assertion
     */
    public JobsAssert within(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigurationException("JobsAssert.within(" + timeout + "): must be positive");
        }
        this.wait = timeout;
        return myself;
    }

    /**
     * @param expected how many jobs match the filter
     * @return this assertion
     */
    public JobsAssert hasCount(long expected) {
        return check("number " + expected, () -> {
            long count = count();
            return count == expected ? Optional.empty() : Optional.of("found " + count);
        });
    }

    /**
     * Verifies no key has more than one job (the batched follow-up job: one report per car, not one per row). Jobs
     * whose key is NULL count as one key, shown as {@code NULL} (not the text {@code 'null'}): a key expression that
     * names a missing field gives NULL for every job, and leaving those jobs out would pass having compared nothing.
     * Fails when no job matches (see the class description).
     *
     * @return this assertion
     */
    public JobsAssert hasAtMostOnePerKey() {
        requireKey("hasAtMostOnePerKey");
        return checkAtMost("have at most one job per key", () -> duplicates(List.of(actual.keyExpression()), true)
                .map(d -> "these keys have more than one job (key=jobs): " + d));
    }

    /**
     * Verifies each given key has exactly one job; keys not given are not checked.
     *
     * @param keys the keys, compared as text with the key expression's value; at least one
     * @return this assertion
     * @throws InvalidConfigurationException if no key is given
     */
    public JobsAssert hasExactlyOnePerKey(Object... keys) {
        requireKey("hasExactlyOnePerKey");
        if (keys.length == 0) {
            throw new InvalidConfigurationException("hasExactlyOnePerKey() needs the keys to check, and none was"
                    + " given, so it would check nothing: name them, hasExactlyOnePerKey(\"7\", \"8\"); for at most"
                    + " one job per key whatever the keys, use hasAtMostOnePerKey()");
        }
        List<String> wanted = Arrays.stream(keys).map(String::valueOf).toList();
        return check("have exactly one job for each of keys " + wanted, () -> {
            Map<String, Long> counts = countsPerKey();
            Map<String, Long> wrong = new LinkedHashMap<>();
            for (String key : wanted) {
                long n = counts.getOrDefault(key, 0L);
                if (n != 1) {
                    wrong.put(key, n);
                }
            }
            return wrong.isEmpty() ? Optional.empty() : Optional.of("these keys have a different number (key=jobs): "
                    + wrong);
        });
    }

    /**
     * Verifies no two jobs share the same (kind, key); put "still pending" in the filter. Needs
     * {@link Jobs#kindBy(String)} and {@link Jobs#keyedBy(String)}. Kind and key are compared as two values, and a
     * job whose kind or key is NULL is no duplicate of any other, as a unique index on (kind, key) treats NULLs; a
     * duplicated pair is shown as {@code kind / key=jobs}. Fails when no job matches (see the class description).
     *
     * @return this assertion
     */
    public JobsAssert hasNoDuplicateKindAndKey() {
        requireKey("hasNoDuplicateKindAndKey");
        if (actual.kindExpression() == null) {
            throw new InvalidConfigurationException("hasNoDuplicateKindAndKey needs the job kind: call"
                    + " Jobs.kindBy(\"kind\") (any SQL expression) before asserting");
        }
        return checkAtMost("have no two jobs with the same (kind, key)", () -> duplicates(
                List.of(actual.kindExpression(), actual.keyExpression()), false)
                .map(d -> "these (kind / key) pairs have more than one job (pair=jobs): " + d));
    }

    /**
     * The seam for "enqueued in at most N round trips": verifies the counter saw at most {@code roundTrips} round
     * trips writing to this table (for one per batch, pass 1). The counter's answer is taken as given, zero included.
     *
     * @param roundTrips the most round trips allowed
     * @param counter counts round trips, usually statement capture's
     * @return this assertion
     */
    public JobsAssert wereEnqueuedInAtMostRoundTrips(long roundTrips, RoundTripCounter counter) {
        isNotNull();
        long seen = counter.roundTripsWriting(actual.table());
        if (seen > roundTrips) {
            throwAssertionError(ShouldHaveJobs.create(actual, "be enqueued in at most " + roundTrips
                    + " round trips", seen + " round trips wrote to the table"));
        }
        return myself;
    }

    /**
     * "Enqueued in at most N round trips", counted from statement capture: the round trips of the captured
     * statements that insert into this jobs table anywhere in their text (a JDBC batch is one round trip). An enqueue
     * is an INSERT wherever it sits (plain, in a CTE, an upsert's insert, a MERGE's {@code THEN INSERT}) or a
     * {@code COPY ... FROM}; a statement that only updates or deletes jobs (a dequeue, a retry) is no enqueue. The
     * table a statement inserts into is read through the catalog, on the same database and search path as the count
     * of jobs, so both read one relation: {@code "Jobs"} is not {@code jobs}, {@code archive.jobs} is not
     * {@code public.jobs}, an insert into a partitioned parent counts for its partition, and an insert into a table
     * counts for a view over it. The filter is not applied to round trips. A failure lists those statements.
     *
     * <p>It never passes with zero seen on a guess: when no captured statement inserts into the table and
     * {@code roundTrips} is above 0, it fails, saying how many jobs match the filter now, because an enqueue made
     * inside a function, procedure, {@code DO} block, trigger or rule ({@code SELECT add_job(...)}) never shows in SQL
     * text. With 0 it passes only when nothing can have enqueued unseen: no job matches the filter, and no captured
     * statement {@linkplain CapturedStatement#unseenWriters(String) may write the table out of its text's sight};
     * else it fails naming those statements and the count. Above 0 likewise: the round trips of other captured
     * statements that may write the table out of their text's sight count as ones that may have enqueued, and the
     * check fails when with them the bound is passed, naming both kinds. Only code that may insert counts: a
     * function whose text mentions the table but says neither {@code INSERT}, {@code MERGE} nor {@code COPY} (a
     * dequeue function that only updates it) does not, nor does a foreign key's action. The jobs table's name is read
     * with the search path of the Jobs DataSource's connections; a name a captured statement wrote, with the one its
     * session had (see {@link CapturedStatement#searchPath()}). The table and filter are checked first, so a
     * misspelled one fails with an {@link InvalidConfigurationException}.
     *
     * <pre>{@code
     * assertThatJobs(Jobs.in(dataSource).inTable("jobs").keyedBy("args->>'car_id'"))
     *         .hasAtMostOnePerKey()
     *         .wereEnqueuedInAtMostRoundTrips(1, captured);
     * }</pre>
     *
     * @param roundTrips the most round trips allowed
     * @param captured the statements the test's code ran (inject {@code CapturedStatements})
     * @return this assertion
     */
    public JobsAssert wereEnqueuedInAtMostRoundTrips(long roundTrips, CapturedStatements captured) {
        isNotNull();
        // First, as it checks the table and the filter: a typo must not pass as "no enqueue".
        long found = count();
        List<CapturedStatement> all = captured.statements();
        // A statement that failed wrote nothing: its error undid it (a batch's failure undoes the batch).
        List<CapturedStatement> ran = all.stream().filter(s -> s.failure().isEmpty()).toList();
        List<CapturedStatement> enqueuing = enqueues(ran);
        long seen = enqueuing.stream().mapToLong(CapturedStatement::roundTrip).distinct().count();
        if (seen == 0) {
            Map<CapturedStatement, List<String>> unseen = new LinkedHashMap<>();
            for (CapturedStatement statement : ran) {
                List<String> writers = statement.unseenWriters(actual.quotedTable(), StatementKind.INSERT);
                if (!writers.isEmpty()) {
                    unseen.put(statement, writers);
                }
            }
            if (roundTrips > 0) {
                throwAssertionError(ShouldHaveJobs.noEnqueueSeen(actual, roundTrips, found, unseen, all,
                        captured.secrets()));
            } else if (found > 0 || !unseen.isEmpty()) {
                throwAssertionError(ShouldHaveJobs.enqueueNotRuledOut(actual, found, unseen, all,
                        captured.secrets()));
            }
        }
        if (seen > roundTrips) {
            throwAssertionError(ShouldHaveJobs.create(actual, "be enqueued in at most " + roundTrips
                    + " round trips", seen + " round trips wrote to the table:"
                    + ShouldHaveJobs.listed(enqueuing, captured.secrets())));
        }
        if (seen > 0) {
            // The other round trips' code the server runs may have enqueued too: counted, as with a zero bound.
            Set<Long> visible = enqueuing.stream().map(CapturedStatement::roundTrip).collect(Collectors.toSet());
            Map<CapturedStatement, List<String>> unseen = new LinkedHashMap<>();
            for (CapturedStatement statement : ran) {
                if (!visible.contains(statement.roundTrip())) {
                    List<String> writers = statement.unseenWriters(actual.quotedTable(), StatementKind.INSERT);
                    if (!writers.isEmpty()) {
                        unseen.put(statement, writers);
                    }
                }
            }
            long more = unseen.keySet().stream().mapToLong(CapturedStatement::roundTrip).distinct().count();
            if (seen + more > roundTrips) {
                throwAssertionError(ShouldHaveJobs.mayHaveEnqueuedUnseen(actual, roundTrips, enqueuing, seen, unseen,
                        more, captured.secrets()));
            }
        }
        return myself;
    }

    // Rows go into the table: an INSERT anywhere in the statement (a MERGE's THEN INSERT too) or a COPY ... FROM, into
    // a relation whose rows land in the jobs table, read through the catalog of the database the jobs live in.
    private List<CapturedStatement> enqueues(List<CapturedStatement> statements) {
        try (Connection connection = UnrecordedDataSource.beneath(actual.dataSource()).getConnection()) {
            EnqueueTarget target = EnqueueTarget.of(connection, actual);
            List<CapturedStatement> enqueuing = new ArrayList<>();
            for (CapturedStatement statement : statements) {
                for (TableWrite write : statement.writes()) {
                    if ((write.operation() == StatementKind.INSERT || write.operation() == StatementKind.COPY)
                            && target.receivesRowsInsertedInto(connection, write.table(),
                                    statement.searchPath().orElse(null))) {
                        enqueuing.add(statement);
                        break;
                    }
                }
            }
            return enqueuing;
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not read which captured statements insert into "
                    + actual.describe() + " through the catalog: " + e.getMessage(), e);
        }
    }

    private JobsAssert check(String expectation, Supplier<Optional<String>> failure) {
        isNotNull();
        if (wait == null) {
            failure.get().ifPresent(seen -> throwAssertionError(ShouldHaveJobs.create(actual, expectation, seen)));
            return myself;
        }
        AtomicReference<String> last = new AtomicReference<>("nothing yet");
        try {
            await("jobs to " + expectation).atMost(wait).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .ignoreNoExceptions().until(() -> {
                        Optional<String> seen = failure.get();
                        seen.ifPresent(last::set);
                        return seen.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throwAssertionError(ShouldHaveJobs.eventually(actual, wait, expectation, last.get()));
        }
        return myself;
    }

    // "At most" holds on no job at all, so such a check first needs a job to judge; under eventually() that is also
    // the only sign the enqueuer has written something, so it waits for one and then checks once.
    private JobsAssert checkAtMost(String expectation, Supplier<Optional<String>> failure) {
        isNotNull();
        if (wait == null) {
            if (count() == 0) {
                throwAssertionError(ShouldHaveJobs.noneMatched(actual, expectation));
            }
        } else {
            try {
                await("a job matching " + actual.describe()).atMost(wait).pollDelay(Duration.ZERO).pollInterval(POLL)
                        .ignoreNoExceptions().until(() -> count() > 0);
            } catch (ConditionTimeoutException e) {
                throwAssertionError(ShouldHaveJobs.noneMatchedWithin(actual, wait, expectation));
            }
        }
        failure.get().ifPresent(seen -> throwAssertionError(ShouldHaveJobs.create(actual, expectation, seen)));
        return myself;
    }

    private void requireKey(String check) {
        isNotNull();
        if (actual.keyExpression() == null) {
            throw new InvalidConfigurationException(check + " needs a key: call Jobs.keyedBy(\"user_id\") (any SQL"
                    + " expression, e.g. args->>'car_id') before asserting");
        }
    }

    private long count() {
        String sql = "SELECT count(*) FROM " + actual.quotedTable() + actual.whereClause();
        return query(sql, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    private Map<String, Long> countsPerKey() {
        String sql = "SELECT (" + actual.keyExpression() + ")::text, count(*) FROM " + actual.quotedTable()
                + actual.whereClause() + " GROUP BY 1";
        return query(sql, rs -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        });
    }

    /**
     * Groups the jobs by the values of the expressions, each its own column (a concatenation would be NULL as a whole
     * as soon as one value is, and merge pairs of different kinds); with {@code nullsGroup} false, a job with a NULL
     * value is in no group, and with it true the NULL group is shown as NULL and said to be no text 'null'.
     */
    private Optional<String> duplicates(List<String> expressions, boolean nullsGroup) {
        int n = expressions.size();
        String values = expressions.stream().map(e -> "(" + e + ")::text").collect(Collectors.joining(", "));
        String where = actual.whereClause();
        if (!nullsGroup) {
            String notNull = expressions.stream().map(e -> "(" + e + ") IS NOT NULL")
                    .collect(Collectors.joining(" AND "));
            where = where.isEmpty() ? " WHERE " + notNull : where + " AND " + notNull;
        }
        String positions = IntStream.rangeClosed(1, n).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String sql = "SELECT " + values + ", count(*) FROM " + actual.quotedTable() + where + " GROUP BY " + positions
                + " HAVING count(*) > 1 ORDER BY " + (n + 1) + " DESC, " + positions + " LIMIT " + (SHOWN + 1);
        boolean[] nullShown = {false};
        List<String> rows = query(sql, rs -> {
            List<String> found = new ArrayList<>();
            while (rs.next()) {
                List<String> group = new ArrayList<>();
                for (int c = 1; c <= n; c++) {
                    String value = rs.getString(c);
                    nullShown[0] |= value == null && found.size() < SHOWN;
                    group.add(value == null ? "NULL" : value);
                }
                found.add(String.join(" / ", group) + "=" + rs.getLong(n + 1));
            }
            return found;
        });
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String shown = rows.size() > SHOWN ? rows.subList(0, SHOWN) + " and more" : rows.toString();
        return Optional.of(shown + (nullShown[0] ? NULL_KEY : ""));
    }

    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    // Through the DataSource beneath a recording one, so the kit's own queries never show up among the captured
    // statements of the code under test.
    private <T> T query(String sql, Rows<T> rows) {
        try (Connection connection = UnrecordedDataSource.beneath(actual.dataSource()).getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            return rows.read(rs);
        } catch (SQLException e) {
            throw SqlErrors.invalidQuery("Query of " + actual.describe(), sql, e);
        }
    }
}
