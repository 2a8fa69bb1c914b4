package io.github.queuetestkit.dataset;

import java.time.Duration;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What {@link DatasetSpec#load(javax.sql.DataSource)} did.
 *
 * @param rowsPerTable rows loaded per table, in load order
 * @param copy time spent generating and copying rows
 * @param keys time spent building the primary keys, unique constraints, foreign keys and indexes that the
 *        dataset's DDL declares; the load builds them once the rows are in, which is faster than keeping them
 *        up row by row
 * @param indexes time spent creating the listed indexes
 * @param analyze time spent in ANALYZE
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LoadResult(Map<String, Long> rowsPerTable, Duration copy, Duration keys, Duration indexes,
        Duration analyze) {

    public LoadResult {
        rowsPerTable = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowsPerTable));
    }

    /** @return rows loaded in all tables */
    public long totalRows() {
        return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return the whole load: copy, keys, indexes and analyze */
    public Duration total() {
        return copy.plus(keys).plus(indexes).plus(analyze);
    }
}
