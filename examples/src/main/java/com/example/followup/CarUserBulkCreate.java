package com.example.followup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Creating car users in bulk (seeds/batched-follow-up-jobs.txt). Every new car user must be followed by a report
 * job for its car. Schema: the {@code car_users} and {@code jobs} tables of the bundled {@code car-users} dataset.
 */
public interface CarUserBulkCreate {

    /** One car user to create. */
    record CarUser(long carId, long userId) {
    }

    /**
     * @param connection the caller's connection; the caller commits
     * @param carUsers the rows to create
     */
    void createInBulk(Connection connection, List<CarUser> carUsers) throws SQLException;

    /** The incident: each row is inserted on its own and its "after commit" callback enqueues a report job. */
    CarUserBulkCreate BEFORE = (connection, carUsers) -> {
        for (CarUser carUser : carUsers) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO car_users (car_id, user_id, role, created_at) VALUES (?, ?, 'driver', now())")) {
                insert.setLong(1, carUser.carId());
                insert.setLong(2, carUser.userId());
                insert.executeUpdate();
            }
            afterCreate(connection, carUser);
        }
    };

    /**
     * The fix: the rows go in one JDBC batch, then one statement enqueues one report job per distinct car that has
     * none pending: one round trip, at most one job per car.
     */
    CarUserBulkCreate AFTER = (connection, carUsers) -> {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO car_users (car_id, user_id, role, created_at) VALUES (?, ?, 'driver', now())")) {
            for (CarUser carUser : carUsers) {
                insert.setLong(1, carUser.carId());
                insert.setLong(2, carUser.userId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement enqueue = connection.prepareStatement("""
                INSERT INTO jobs (queue, kind, args, state, run_at, created_at)
                SELECT 'follow_up', 'CarReportJob', jsonb_build_object('car_id', car_id), 'queued', now(), now()
                  FROM (SELECT DISTINCT unnest(?::bigint[]) AS car_id) cars
                 WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.kind = 'CarReportJob' AND j.state = 'queued'
                                      AND (j.args->>'car_id')::bigint = cars.car_id)""")) {
            enqueue.setArray(1, connection.createArrayOf("bigint",
                    carUsers.stream().map(CarUser::carId).distinct().toArray()));
            enqueue.executeUpdate();
        }
    };

    /** The per-row callback of the incident: a report job for the row's car. */
    private static void afterCreate(Connection connection, CarUser carUser) throws SQLException {
        try (PreparedStatement enqueue = connection.prepareStatement(
                "INSERT INTO jobs (queue, kind, args, state, run_at, created_at)"
                        + " VALUES ('follow_up', 'CarReportJob', jsonb_build_object('car_id', ?::bigint), 'queued', now(), now())")) {
            enqueue.setLong(1, carUser.carId());
            enqueue.executeUpdate();
        }
    }
}
