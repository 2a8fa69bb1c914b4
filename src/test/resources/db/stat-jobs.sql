-- The generated queue of the production-statistics tests: 1% of the jobs are queued, so the planner reads the few
-- queued jobs of a queue through the (state, run_at) index. stats/stat-jobs-production.sql holds production's
-- statistics of the same table, where 60% are queued (pg_dump --statistics-only of a PostgreSQL 18.6 server).
CREATE TABLE stat_jobs (
    id bigint PRIMARY KEY,
    queue text NOT NULL,
    state text NOT NULL,
    run_at timestamptz NOT NULL,
    payload text NOT NULL DEFAULT ''
);
CREATE INDEX stat_jobs_state_run_at ON stat_jobs (state, run_at);
INSERT INTO stat_jobs
SELECT i, 'q' || (i % 10), CASE WHEN i % 100 = 0 THEN 'queued' ELSE 'done' END,
       timestamptz '2025-01-01 00:00:00+00' + i * interval '1 second', repeat('x', 50)
FROM generate_series(1, 40000) AS i;
VACUUM ANALYZE stat_jobs;
