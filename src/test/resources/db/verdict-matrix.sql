-- One queue in every shape real schemas give it, for the verdict matrix: a plain table, a partitioned table with a
-- partitioned index, an inheritance parent and child, a view, and a queues table for correlated subqueries. Each
-- holds the same 30,000 jobs; (queue, run_at) indexes serve the dequeue, nothing serves a search by payload.
CREATE TABLE mq_queues (name text PRIMARY KEY, paused boolean NOT NULL DEFAULT false);
INSERT INTO mq_queues SELECT 'q' || i, false FROM generate_series(0, 29) AS i;

CREATE TABLE mq_jobs (
    id bigint PRIMARY KEY,
    queue text NOT NULL,
    state text NOT NULL,
    priority int NOT NULL,
    run_at timestamptz NOT NULL,
    payload text NOT NULL
);
CREATE INDEX mq_jobs_queue_run_at ON mq_jobs (queue, run_at);
CREATE INDEX mq_jobs_payload_md5 ON mq_jobs (md5(payload));
INSERT INTO mq_jobs
SELECT i, 'q' || (i % 30), CASE WHEN i % 10 = 0 THEN 'queued' ELSE 'done' END, i % 5,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute', md5(i::text) || repeat('x', 100)
FROM generate_series(1, 30000) AS i;

CREATE TABLE mq_part (LIKE mq_jobs) PARTITION BY LIST (state);
CREATE TABLE mq_part_queued PARTITION OF mq_part FOR VALUES IN ('queued');
CREATE TABLE mq_part_done PARTITION OF mq_part FOR VALUES IN ('done');
CREATE INDEX mq_part_queue_run_at ON mq_part (queue, run_at);
INSERT INTO mq_part SELECT * FROM mq_jobs;

CREATE TABLE mq_inh (LIKE mq_jobs);
CREATE TABLE mq_inh_old () INHERITS (mq_inh);
CREATE INDEX mq_inh_queue_run_at ON mq_inh (queue, run_at);
CREATE INDEX mq_inh_old_queue_run_at ON mq_inh_old (queue, run_at);
INSERT INTO mq_inh SELECT * FROM mq_jobs WHERE id % 2 = 0;
INSERT INTO mq_inh_old SELECT * FROM mq_jobs WHERE id % 2 = 1;

-- The code binds the state as Types.OTHER (an enum has no JDBC type); without the type it would not plan.
CREATE TYPE mq_state AS ENUM ('queued', 'running', 'done');
CREATE TABLE mq_typed (id bigint PRIMARY KEY, queue text NOT NULL, state mq_state NOT NULL, run_at timestamptz NOT NULL,
    payload text NOT NULL);
CREATE INDEX mq_typed_queue_run_at ON mq_typed (queue, run_at);
INSERT INTO mq_typed SELECT id, queue, state::mq_state, run_at, payload FROM mq_jobs;

CREATE VIEW mq_view AS SELECT * FROM mq_jobs WHERE state = 'done';

VACUUM ANALYZE mq_queues;
VACUUM ANALYZE mq_jobs;
VACUUM ANALYZE mq_part;
VACUUM ANALYZE mq_inh;
VACUUM ANALYZE mq_inh_old;
VACUUM ANALYZE mq_typed;
