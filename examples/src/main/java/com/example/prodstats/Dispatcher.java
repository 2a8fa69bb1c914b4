package com.example.prodstats;

/**
 * The nightly dispatcher's read of queued jobs, before and after the fix. Both are fine on a quiet day's data, where 1%
 * of the jobs are queued; after an outage 60% are, and production's planner reads the first one with a scan of the
 * whole table and a sort.
 */
public enum Dispatcher {

    /** Every queued job, oldest first, in one read. */
    BEFORE("SELECT id, queue FROM dispatch_jobs WHERE state = 'queued' ORDER BY run_at"),

    /** A page of one queue's queued jobs, oldest first: the (state, queue, run_at) index serves it at any backlog. */
    AFTER("SELECT id, queue FROM dispatch_jobs WHERE state = 'queued' AND queue = ? ORDER BY run_at LIMIT 500");

    private final String sql;

    Dispatcher(String sql) {
        this.sql = sql;
    }

    /** @return the statement, with a {@code ?} for the queue in the fixed version */
    public String sql() {
        return sql;
    }
}
