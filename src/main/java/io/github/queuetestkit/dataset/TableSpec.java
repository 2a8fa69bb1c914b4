package io.github.queuetestkit.dataset;

import io.github.queuetestkit.dataset.internal.ScaleExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One table of a dataset: how many rows (a number or an expression of {@code scale}) and a generator per
 * column. Columns not listed take their DDL default.
 *
 * <pre>{@code
 * TableSpec.named("jobs").withRows("scale")
 *         .withColumn("id", Generator.sequence())
 *         .withColumn("user_id", Generator.foreignKey("users", 1.1))
 * }</pre>
 *
 * @param name the table's name in the DDL
 * @param rows the row count: a number or an expression of {@code scale} such as {@code scale * 0.1}
 * @param columns the generated columns, in order (a column may refer to earlier ones)
 * @param origin where it was defined, for messages; null when built in code
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record TableSpec(String name, String rows, List<ColumnSpec> columns, String origin) {

    public TableSpec {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        ScaleExpression.parse(rows, origin == null ? "rows of table " + name : origin);
    }

    /** @param name the table @return a table of {@code scale} rows and no columns yet */
    public static TableSpec named(String name) {
        return new TableSpec(name, "scale", List.of(), null);
    }

    /** @param expression a number or an expression of {@code scale} @return a copy with that row count */
    public TableSpec withRows(String expression) {
        return new TableSpec(name, expression, columns, origin);
    }

    /** @param name the column @param generator its generator @return a copy with that column appended */
    public TableSpec withColumn(String name, Generator generator) {
        return withColumn(ColumnSpec.of(name, generator));
    }

    /** @param column the column @return a copy with that column appended */
    public TableSpec withColumn(ColumnSpec column) {
        List<ColumnSpec> more = new ArrayList<>(columns);
        more.add(column);
        return new TableSpec(name, rows, more, origin);
    }

    /** @param scale the dataset's scale @return this table's row count at that scale */
    public long rowCount(long scale) {
        return ScaleExpression.parse(rows, origin == null ? "rows of table " + name : origin).evaluate(scale);
    }
}
