package io.github.queuetestkit.dataset;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One column of a {@link TableSpec}: its generator and options.
 *
 * <pre>{@code
 * ColumnSpec.of("finished_at", Generator.after("started_at", Generator.logNormal(3, 1)))
 *         .onlyWhen("state", List.of("completed", "failed"))
 * }</pre>
 *
 * @param name the column's name in the DDL
 * @param generator how its values are made
 * @param nullRate the share of rows that get NULL, 0 to 1
 * @param whenColumn an earlier column whose value decides whether this one is set, or null
 * @param whenValues the values of {@code whenColumn} for which this column is set (NULL otherwise); empty:
 *     set whenever {@code whenColumn} is not null
 * @param origin where it was defined ("file:line:column"), for messages; null when built in code
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ColumnSpec(String name, Generator generator, double nullRate, String whenColumn,
        List<String> whenValues, String origin) {

    public ColumnSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(generator, "generator");
        whenValues = whenValues == null ? List.of() : List.copyOf(whenValues);
        if (nullRate < 0 || nullRate > 1) {
            throw new IllegalArgumentException("null rate of " + name + " must be between 0 and 1, got " + nullRate);
        }
    }

    /**
     * @param name the column
     * @param generator its generator
     * @return a column never NULL
     */
    public static ColumnSpec of(String name, Generator generator) {
        return new ColumnSpec(name, generator, 0, null, List.of(), null);
    }

    /** @param rate share of NULLs, 0 to 1 @return a copy with that null rate */
    public ColumnSpec withNullRate(double rate) {
        return new ColumnSpec(name, generator, rate, whenColumn, whenValues, origin);
    }

    /**
     * @param column an earlier column
     * @param values its values for which this column is set
     * @return a copy that is NULL unless {@code column} holds one of {@code values}
     */
    public ColumnSpec onlyWhen(String column, List<String> values) {
        return new ColumnSpec(name, generator, nullRate, column, values, origin);
    }

    /** @param where "file:line:column" @return a copy that names its origin in messages */
    public ColumnSpec withOrigin(String where) {
        return new ColumnSpec(name, generator, nullRate, whenColumn, whenValues, where);
    }
}
