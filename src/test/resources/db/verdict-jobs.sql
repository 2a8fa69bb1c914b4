-- Tables for the plan-verdict tests: a queue whose index is needed, one with a redundant twin index, a tiny one.
CREATE TABLE queue_jobs (
    id bigint PRIMARY KEY,
    queue text NOT NULL,
    state text NOT NULL,
    run_at timestamptz NOT NULL,
    payload text NOT NULL
);
INSERT INTO queue_jobs
SELECT i, 'q' || (i % 5), CASE WHEN i % 100 = 0 THEN 'queued' ELSE 'done' END,
       timestamptz '2025-01-01 00:00:00+00' + i * interval '1 second', repeat('x', 100)
FROM generate_series(1, 20000) AS i;
CREATE INDEX queue_jobs_state_run_at ON queue_jobs (state, run_at);

-- The same rows with two identical indexes: each one alone serves the dequeue as well as both together.
CREATE TABLE twin_jobs (LIKE queue_jobs INCLUDING ALL);
INSERT INTO twin_jobs SELECT * FROM queue_jobs;
CREATE INDEX twin_jobs_a ON twin_jobs (state, run_at);
CREATE INDEX twin_jobs_b ON twin_jobs (state, run_at);
DROP INDEX twin_jobs_state_run_at_idx;

-- 200 rows: the planner reads it whole whatever the indexes.
CREATE TABLE tiny_jobs (LIKE queue_jobs);
INSERT INTO tiny_jobs SELECT * FROM queue_jobs WHERE id <= 200;
CREATE INDEX tiny_jobs_state_run_at ON tiny_jobs (state, run_at);
CREATE INDEX tiny_jobs_queue ON tiny_jobs (queue);

VACUUM ANALYZE queue_jobs;
VACUUM ANALYZE twin_jobs;
VACUUM ANALYZE tiny_jobs;
