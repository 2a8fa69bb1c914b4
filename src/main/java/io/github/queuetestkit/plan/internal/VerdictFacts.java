package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.dataset.internal.DatasetRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a plan failure says about the evidence, read once when the plans are taken: the statistics of the tables they
 * read, and how to reproduce them (server version, settings, dataset recipes). Messages are formatted from these
 * facts alone, so building a failure message never opens a connection, and a message shows the data as it was
 * when the plan was taken.
 *
 * @param tables the statistics of each table the plans read that exists, in plan order; empty when not read
 * @param reproduction the server version, settings and datasets; null when not read
 * @param unavailable why reading them failed, or null when they were read (or there was no database to read)
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record VerdictFacts(List<TableStats> tables, Reproduction reproduction, String unavailable) {

    private static final VerdictFacts NONE = new VerdictFacts(List.of(), null, null);

    public VerdictFacts {
        tables = List.copyOf(tables);
    }

    /** @return the facts of plans that did not come from a database (parsed from stored JSON): none */
    public static VerdictFacts none() {
        return NONE;
    }

    /**
     * Reads the facts on the database the plans were taken from. A failure to read them is kept, not thrown: the
     * verdict stands on the plans, and its message says the facts are missing and why.
     *
     * @param source where the plans were taken
     * @param tables the tables the plans read
     * @return the facts
     */
    public static VerdictFacts capture(PlanSource source, List<String> tables) {
        try {
            return source.use(c -> read(c, tables, TableStats.of(c, tables)));
        } catch (SQLException | RuntimeException e) {
            return unavailable(e);
        }
    }

    /**
     * @param connection a connection to the database the plans were taken from
     * @param tables the tables the plans read
     * @param stats their statistics, just read on that connection
     * @return the facts, or why they could not be read
     */
    static VerdictFacts read(Connection connection, List<String> tables, List<TableStats> stats) {
        try {
            return new VerdictFacts(stats, Reproduction.of(connection, tables), null);
        } catch (SQLException | RuntimeException e) {
            return unavailable(e);
        }
    }

    private static VerdictFacts unavailable(Exception e) {
        return new VerdictFacts(List.of(), null, String.valueOf(e.getMessage()));
    }

    /** @return whether the facts were read from a database */
    public boolean taken() {
        return reproduction != null;
    }

    /** @return the recipes of the datasets that loaded the plans' tables, in load order; empty when unknown */
    public List<DatasetRecord> datasets() {
        return reproduction == null ? List.of() : reproduction.datasets();
    }

    /**
     * @param rows the size below which a verdict proves little
     * @return the largest table of the plans when even it is below {@code rows}
     */
    public Optional<TableStats> largestTableBelow(long rows) {
        return tables.stream().max((a, b) -> Long.compare(a.rows(), b.rows())).filter(t -> t.rows() < rows);
    }
}
