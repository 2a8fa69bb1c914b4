package io.github.queuetestkit.sql;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.sql.internal.SqlShape;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * One write a statement's text shows: which operation on which table. A statement may make several, wherever they
 * sit in it: {@code WITH moved AS (DELETE FROM jobs ... RETURNING *) INSERT INTO jobs_done SELECT * FROM moved}
 * makes {@code DELETE jobs} and {@code INSERT jobs_done}; {@code INSERT ... ON CONFLICT DO UPDATE} makes an INSERT
 * and an UPDATE of its table; {@code MERGE INTO jobs} makes a MERGE plus each of its actions (UPDATE, DELETE,
 * INSERT) on {@code jobs}; {@code COPY jobs FROM STDIN} makes a COPY.
 *
 * <pre>{@code
 * captured.statements().get(0).writes();   // [TableWrite[operation=DELETE, table=jobs], TableWrite[INSERT, jobs_done]]
 * }</pre>
 *
 * @param operation INSERT, UPDATE, DELETE, MERGE or COPY (rows copied in)
 * @param table the table as the statement names it: schema-qualified when written so, quoted parts unquoted
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record TableWrite(StatementKind operation, String table) {

    private static final Set<StatementKind> OPERATIONS = Set.of(StatementKind.INSERT, StatementKind.UPDATE,
            StatementKind.DELETE, StatementKind.MERGE, StatementKind.COPY);

    /** Rejects a kind that writes nothing and a missing table. */
    public TableWrite {
        if (operation == null || !OPERATIONS.contains(operation)) {
            throw new InvalidConfigurationException("A table write's operation must be INSERT, UPDATE, DELETE, MERGE"
                    + " or COPY, got " + operation + ".");
        }
        if (table == null || table.isBlank()) {
            throw new InvalidConfigurationException("A table write needs a table name, got '" + table + "'.");
        }
    }

    /**
     * @param name a table name as a user writes it: {@code jobs}, {@code "Jobs"}, {@code public.jobs}
     * @return true when this write is on that table (an unqualified name matches any schema)
     */
    public boolean isOn(String name) {
        return SqlShape.sameTable(table, name);
    }
}
