-- Queue tables in the shapes real schemas use, for assertions that name tables and indexes: a partitioned table
-- (two levels) with a partitioned index, an inheritance parent and child, views (one table, two tables, nested, no
-- table), the same table name in a second schema, a function and a trigger that reach tables the plan cannot show.
CREATE TABLE part_jobs (
    id bigint NOT NULL,
    state text NOT NULL,
    queue text NOT NULL,
    run_at timestamptz NOT NULL,
    payload text NOT NULL DEFAULT ''
) PARTITION BY LIST (state);
CREATE TABLE part_jobs_pending PARTITION OF part_jobs FOR VALUES IN ('pending');
CREATE TABLE part_jobs_done PARTITION OF part_jobs FOR VALUES IN ('done') PARTITION BY RANGE (run_at);
CREATE TABLE part_jobs_done_2024 PARTITION OF part_jobs_done FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE part_jobs_done_2025 PARTITION OF part_jobs_done FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX part_jobs_queue_run_at ON part_jobs (queue, run_at);
INSERT INTO part_jobs (id, state, queue, run_at, payload)
SELECT i, CASE WHEN i % 10 = 0 THEN 'pending' ELSE 'done' END, 'q' || (i % 20),
       timestamptz '2024-06-01 00:00:00+00' + (i % 300) * interval '1 day', md5(i::text)
FROM generate_series(1, 40000) AS i;

CREATE TABLE inh_jobs (id bigint NOT NULL, queue text NOT NULL, run_at timestamptz NOT NULL, payload text NOT NULL);
CREATE TABLE inh_jobs_archive () INHERITS (inh_jobs);
CREATE INDEX inh_jobs_queue ON inh_jobs (queue, run_at);
CREATE INDEX inh_jobs_archive_queue ON inh_jobs_archive (queue, run_at);
INSERT INTO inh_jobs SELECT i, 'q' || (i % 20), timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute', md5(i::text)
FROM generate_series(1, 20000) AS i;
INSERT INTO inh_jobs_archive SELECT i, 'q' || (i % 20), timestamptz '2023-01-01 00:00:00+00' + i * interval '1 minute',
       md5(i::text)
FROM generate_series(1, 20000) AS i;

CREATE TABLE queues (name text PRIMARY KEY, paused boolean NOT NULL DEFAULT false);
INSERT INTO queues SELECT 'q' || i, i = 3 FROM generate_series(0, 19) AS i;

CREATE TABLE plain_jobs (
    id bigserial PRIMARY KEY,
    queue text NOT NULL,
    state text NOT NULL DEFAULT 'pending',
    run_at timestamptz NOT NULL,
    payload text NOT NULL DEFAULT ''
);
CREATE INDEX plain_jobs_queue_run_at ON plain_jobs (queue, run_at);
INSERT INTO plain_jobs (queue, run_at, payload)
SELECT 'q' || (i % 20), timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute', md5(i::text)
FROM generate_series(1, 20000) AS i;

CREATE VIEW runnable_jobs AS SELECT * FROM part_jobs WHERE state = 'pending';
CREATE VIEW runnable_in_q1 AS SELECT * FROM runnable_jobs WHERE queue = 'q1';
CREATE VIEW runnable_with_a AS SELECT * FROM runnable_jobs WHERE payload LIKE '%a%';
CREATE VIEW jobs_with_queue AS SELECT j.id, j.queue, j.run_at, q.paused FROM plain_jobs j JOIN queues q ON q.name = j.queue;
CREATE VIEW no_table AS SELECT 1 AS one;

CREATE SCHEMA tenant_a;
CREATE TABLE tenant_a.tenant_jobs (id bigint PRIMARY KEY, queue text NOT NULL, run_at timestamptz NOT NULL);
CREATE INDEX tenant_jobs_queue_run_at ON tenant_a.tenant_jobs (queue, run_at);
INSERT INTO tenant_a.tenant_jobs SELECT i, 'q' || (i % 20), timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute'
FROM generate_series(1, 20000) AS i;

-- plpgsql is never inlined, so a plan of SELECT * FROM next_job(...) shows a Function Scan and nothing inside it.
CREATE FUNCTION next_job(q text) RETURNS SETOF bigint LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY SELECT id FROM plain_jobs WHERE queue = q ORDER BY run_at LIMIT 1;
END
$$;

CREATE TABLE job_events (job_id bigint NOT NULL, at timestamptz NOT NULL DEFAULT now(), state text NOT NULL);
CREATE FUNCTION record_job_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_events (job_id, state) VALUES (NEW.id, NEW.state);
    RETURN NEW;
END
$$;
CREATE TRIGGER plain_jobs_touch AFTER UPDATE ON plain_jobs FOR EACH ROW EXECUTE FUNCTION record_job_event();

VACUUM ANALYZE part_jobs;
VACUUM ANALYZE inh_jobs;
VACUUM ANALYZE inh_jobs_archive;
VACUUM ANALYZE queues;
VACUUM ANALYZE plain_jobs;
VACUUM ANALYZE tenant_a.tenant_jobs;
VACUUM ANALYZE job_events;

-- The same table name in two schemas: which one a plan reads is told by EXPLAIN VERBOSE alone.
CREATE SCHEMA tenant_b;
CREATE TABLE tenant_b.tenant_jobs (id bigint PRIMARY KEY, queue text NOT NULL, run_at timestamptz NOT NULL);
INSERT INTO tenant_b.tenant_jobs SELECT i, 'q' || (i % 20), timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute'
FROM generate_series(1, 20000) AS i;
VACUUM ANALYZE tenant_b.tenant_jobs;
