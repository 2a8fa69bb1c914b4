package io.github.queuetestkit.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on {@link CapturedStatements}: narrow to some statements (by kind and table, or by a pattern over
 * the normalized SQL), then check counts, round trips, rows per statement and N+1. Reach it through
 * {@code QueueTestkitAssertions.assertThatStatements}.
 *
 * <pre>{@code
 * assertThatStatements(captured).selectsFrom("records").hasAtMostRowsPerStatement(1000).hasNoNPlusOne(1);
 * assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1);
 * assertThatStatements(captured).matching("for update skip locked").hasExactly(1);
 * }</pre>
 *
 * <p>A filter narrows every check after it, until the next filter. A filter that matches nothing fails the check
 * unless nothing is a possible answer: a table filter passes with zero only when the table exists; a write filter
 * ({@link #insertsInto}, {@link #updates}, {@link #deletesFrom}) passes with zero only in a check whose bound is
 * zero ({@link #hasNone()}, {@code hasExactly(0)}, {@code hasAtMost(0)}, {@code hasAtMostRoundTrips(0)}), and only
 * when no captured statement {@linkplain CapturedStatement#unseenWriters(String) may write rows its text does not show}
 * (calls a volatile function or procedure that is not built in, is a {@code DO} block, or sets off a trigger or
 * rule), because such a write never shows in SQL text and must not pass as "no write"; a pattern
 * passes with zero only in {@link #hasNone()} and {@code hasExactly(0)}. So a misspelled table or pattern, or a
 * write the text cannot show, never passes as "zero statements". Failure messages list the statements, grouped by
 * normalized SQL with counts, with their raw SQL and parameters (secret ones hidden, see
 * {@link CapturedStatements#withSecrets}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class StatementsAssert extends AbstractAssert<StatementsAssert, CapturedStatements> {

    private StatementFilter filter = StatementFilter.all();

    /**
     * @param actual the captured statements
     */
    public StatementsAssert(CapturedStatements actual) {
        super(actual, StatementsAssert.class);
    }

    /**
     * Named {@code filteredBy}, not {@code filteredOn}, because AssertJ's soft assertions treat a method named
     * {@code filteredOn} as one that replaces the object under test.
     *
     * @param filter which statements the following checks count
     * @return this assertion, narrowed
     */
    public StatementsAssert filteredBy(StatementFilter filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
        return myself;
    }

    /**
     * @param table a table name
     * @return this assertion, narrowed to SELECTs naming the table
     */
    public StatementsAssert selectsFrom(String table) {
        return filteredBy(StatementFilter.selectsFrom(table));
    }

    /**
     * @param table a table name
     * @return this assertion, narrowed to statements inserting into the table anywhere (see
     *         {@link StatementFilter#insertsInto})
     */
    public StatementsAssert insertsInto(String table) {
        return filteredBy(StatementFilter.insertsInto(table));
    }

    /**
     * @param table a table name
     * @return this assertion, narrowed to statements updating the table anywhere (see {@link StatementFilter#updates})
     */
    public StatementsAssert updates(String table) {
        return filteredBy(StatementFilter.updates(table));
    }

    /**
     * @param table a table name
     * @return this assertion, narrowed to statements deleting from the table anywhere (see
     *         {@link StatementFilter#deletesFrom})
     */
    public StatementsAssert deletesFrom(String table) {
        return filteredBy(StatementFilter.deletesFrom(table));
    }

    /**
     * @param table a table name
     * @return this assertion, narrowed to statements of any kind naming the table
     */
    public StatementsAssert naming(String table) {
        return filteredBy(StatementFilter.naming(table));
    }

    /**
     * @param regex searched case-insensitively in the normalized SQL
     * @return this assertion, narrowed to statements whose normalized SQL contains a match
     */
    public StatementsAssert matching(String regex) {
        return filteredBy(StatementFilter.matching(regex));
    }

    /**
     * @param max the most statements allowed; each parameter set of a batch counts
     * @return this assertion
     */
    public StatementsAssert hasAtMost(int max) {
        List<CapturedStatement> matching = matching(false, max == 0);
        if (count(matching) > max) {
            throwAssertionError(ShouldHaveAtMostStatements.create("at most", max, filter.describe(), matching,
                    actual.secrets()));
        }
        return myself;
    }

    /**
     * @param expected the exact number of statements; each parameter set of a batch counts
     * @return this assertion
     */
    public StatementsAssert hasExactly(int expected) {
        List<CapturedStatement> matching = matching(expected == 0, expected == 0);
        if (matching.isEmpty() && expected != 0) {
            throwAssertionError(ShouldHaveAtMostStatements.noneRan(expected, filter.describe(),
                    actual.statements(), actual.secrets()));
        } else if (count(matching) != expected) {
            throwAssertionError(ShouldHaveAtMostStatements.create("exactly", expected, filter.describe(), matching,
                    actual.secrets()));
        }
        return myself;
    }

    /**
     * Asserts that no statement passes the filter: the one check where a pattern matching nothing passes.
     *
     * @return this assertion
     */
    public StatementsAssert hasNone() {
        return hasExactly(0);
    }

    /**
     * @param max the most round trips allowed; a JDBC batch is one
     * @return this assertion
     */
    public StatementsAssert hasAtMostRoundTrips(int max) {
        List<CapturedStatement> matching = matching(false, max == 0);
        long roundTrips = matching.stream().mapToLong(CapturedStatement::roundTrip).distinct().count();
        if (roundTrips > max) {
            throwAssertionError(ShouldHaveAtMostRoundTrips.create(max, filter.describe(), matching,
                    actual.secrets()));
        }
        return myself;
    }

    /**
     * Fails when a statement returned or changed more than {@code max} rows (see {@link CapturedStatement#rows()}),
     * and when a statement's rows are not known ({@link CapturedStatement#rowsKnown()}), since it may have.
     *
     * @param max the most rows each statement may return (rows the server sent, even those the code never read) or
     *        change (its update count; a batch's counts summed)
     * @return this assertion
     */
    public StatementsAssert hasAtMostRowsPerStatement(long max) {
        List<CapturedStatement> matching = matching(false, false);
        List<CapturedStatement> offending = matching.stream().filter(s -> s.rows() > max)
                .collect(Collectors.toList());
        if (!offending.isEmpty()) {
            throwAssertionError(ShouldHaveAtMostRowsPerStatement.create(max, filter.describe(), offending,
                    actual.secrets()));
        }
        List<CapturedStatement> unknown = matching.stream().filter(s -> !s.rowsKnown()).collect(Collectors.toList());
        if (!unknown.isEmpty()) {
            throwAssertionError(ShouldHaveAtMostRowsPerStatement.unknown(max, filter.describe(), unknown,
                    actual.secrets()));
        }
        return myself;
    }

    /**
     * Asserts there is no N+1: no normalized statement was sent in more than {@code maxRoundTrips} round trips
     * (a batch counts once, so batching is the cure, not a violation).
     *
     * @param maxRoundTrips how many round trips one normalized statement may take
     * @return this assertion
     */
    public StatementsAssert hasNoNPlusOne(int maxRoundTrips) {
        List<StatementGroup> repeated = CapturedStatements.group(matching(false, false)).stream()
                .filter(group -> group.roundTrips() > maxRoundTrips).collect(Collectors.toList());
        if (!repeated.isEmpty()) {
            throwAssertionError(ShouldNotRepeatStatements.create(maxRoundTrips, filter.describe(), repeated,
                    actual.secrets()));
        }
        return myself;
    }

    /**
     * Plans every distinct statement that passes the filter again, with the parameters of its first execution that
     * did not fail, in a transaction that is rolled back, on the database it ran against; the returned assertions
     * apply to each plan.
     *
     * <pre>{@code
     * assertThatStatements(captured).everyPlan().hasNoSeqScanOn("jobs");
     * }</pre>
     *
     * @return assertions over every statement's plan
     */
    public EveryPlanAssert everyPlan() {
        return everyPlan(actual.target());
    }

    /**
     * Like {@link #everyPlan()}, planning on another database (one with the same schema at production scale).
     *
     * @param dataSource where to plan
     * @return assertions over every statement's plan
     */
    public EveryPlanAssert everyPlan(DataSource dataSource) {
        return new EveryPlanAssert(actual, matching(false, false), Objects.requireNonNull(dataSource, "dataSource"));
    }

    private static int count(List<CapturedStatement> statements) {
        return statements.stream().mapToInt(CapturedStatement::executions).sum();
    }

    // The statements passing the filter, failing when the filter matched nothing and that may be a typo or a write
    // the SQL text cannot show. zeroAsked: the check asks for none (hasNone, hasExactly(0)); zeroBound: its bound is
    // zero, so none is a right answer (those two, hasAtMost(0), hasAtMostRoundTrips(0)).
    private List<CapturedStatement> matching(boolean zeroAsked, boolean zeroBound) {
        isNotNull();
        List<CapturedStatement> all = actual.statements();
        List<CapturedStatement> matching = all.stream().filter(filter).collect(Collectors.toList());
        if (!matching.isEmpty()) {
            return matching;
        }
        if (filter instanceof StatementFilter.Matching && !zeroAsked) {
            throwAssertionError(ShouldMatchSomeStatement.patternMatchedNothing(filter.describe(), all,
                    actual.secrets()));
        }
        if (filter instanceof StatementFilter.OnTable onTable) {
            String table = onTable.table();
            boolean named = all.stream().anyMatch(s -> s.names(table));
            if (!named && !actual.tables().exists(table)) {
                throwAssertionError(ShouldMatchSomeStatement.unknownTable(filter.describe(),
                        table, all, actual.secrets()));
            }
            if (onTable.isWrite() && !zeroBound) {
                throwAssertionError(ShouldMatchSomeStatement.writeMatchedNothing(filter.describe(), table, all,
                        actual.secrets()));
            }
            if (onTable.isWrite()) {
                // Zero is the answer only when no captured statement can have made the write out of the text's sight.
                Map<CapturedStatement, List<String>> unseen = new LinkedHashMap<>();
                for (CapturedStatement statement : all) {
                    List<String> writers = statement.unseenWriters(table, onTable.kind());
                    if (!writers.isEmpty()) {
                        unseen.put(statement, writers);
                    }
                }
                if (!unseen.isEmpty()) {
                    throwAssertionError(ShouldMatchSomeStatement.writeMayBeUnseen(filter.describe(), table, unseen,
                            actual.secrets()));
                }
            }
        }
        return matching;
    }
}
