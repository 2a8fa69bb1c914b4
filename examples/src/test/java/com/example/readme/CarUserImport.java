package com.example.readme;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The code under test in the README's statement capture and enqueue examples: importing users enqueues one
 * report job per car they drive, found with one query and enqueued in one batch.
 */
final class CarUserImport {

    private final DataSource dataSource;

    CarUserImport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Enqueues a {@code car_report} job for every car the users drive, once per car. */
    void importAll(List<Long> userIds) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<Long> cars = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT car_id FROM records WHERE user_id = ANY (?) ORDER BY car_id")) {
                select.setArray(1, connection.createArrayOf("bigint", userIds.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        cars.add(rs.getLong(1));
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO jobs (kind, args) VALUES ('car_report', jsonb_build_object('car_id', ?::bigint))")) {
                for (long car : cars) {
                    insert.setLong(1, car);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }
}
