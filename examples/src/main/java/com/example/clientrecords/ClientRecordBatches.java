package com.example.clientrecords;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The background job of seeds/background-job-index.txt: walk one client's records in batches of 1,000, in id
 * order (keyset pagination, as Rails' find_in_batches does). Past ~80k records for one client the planner left
 * the compound index (client_id, created_at) for the primary key; the fix added the id to the index.
 */
public final class ClientRecordBatches {

    /** One batch: the client's next records after the last id seen. */
    public static final String BATCH = "SELECT * FROM records WHERE client_id = ? AND id > ? ORDER BY id LIMIT ?";

    /** The fix's migration: the compound index with the id added, in the batch's order. */
    public static final String MIGRATION = "CREATE INDEX IF NOT EXISTS records_client_id ON records (client_id, id)";

    private final int batchSize;

    public ClientRecordBatches(int batchSize) {
        this.batchSize = batchSize;
    }

    /**
     * @param connection where the records are
     * @param clientId whose records
     * @param batch called with each batch's ids, in order
     * @return how many batches were read (the last one may be empty)
     */
    public int forEachBatch(Connection connection, long clientId, Consumer<List<Long>> batch) throws SQLException {
        long after = 0;
        int statements = 0;
        try (PreparedStatement statement = connection.prepareStatement(BATCH)) {
            while (true) {
                statement.setLong(1, clientId);
                statement.setLong(2, after);
                statement.setInt(3, batchSize);
                statements++;
                List<Long> ids = new ArrayList<>(batchSize);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong("id"));
                    }
                }
                if (ids.isEmpty()) {
                    return statements;
                }
                batch.accept(ids);
                after = ids.get(ids.size() - 1);
                if (ids.size() < batchSize) {
                    return statements;
                }
            }
        }
    }
}
