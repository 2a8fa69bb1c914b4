-- More plan shapes for the render comparison (PlanShapes): partitions, a small lookup table, a two-column index
-- whose leading column has four values (skip scan on 18).
CREATE TABLE job_runs (
    id bigint NOT NULL,
    queue text NOT NULL,
    finished_at timestamptz NOT NULL,
    attempts int NOT NULL
) PARTITION BY RANGE (finished_at);
CREATE TABLE job_runs_2024 PARTITION OF job_runs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE job_runs_2025 PARTITION OF job_runs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE job_runs_later PARTITION OF job_runs FOR VALUES FROM ('2026-01-01') TO (MAXVALUE);
CREATE INDEX job_runs_queue ON job_runs (queue);
INSERT INTO job_runs SELECT i, 'q' || (i % 5), timestamptz '2024-01-01 00:00:00+00' + i * interval '1 hour', i % 4
FROM generate_series(1, 30000) AS i;

CREATE TABLE queues (
    name text PRIMARY KEY,
    weight int NOT NULL,
    paused boolean NOT NULL DEFAULT false
);
INSERT INTO queues SELECT 'q' || i, i + 1, i = 4 FROM generate_series(0, 9) AS i;

-- Writes here fire the foreign key's check trigger, which EXPLAIN ANALYZE lists after the plan.
CREATE TABLE job_events (
    id bigint PRIMARY KEY,
    queue text NOT NULL REFERENCES queues (name)
);

CREATE TABLE job_states (
    state text NOT NULL,
    run_at timestamptz NOT NULL,
    id bigint NOT NULL
);
CREATE INDEX job_states_state_run_at ON job_states (state, run_at);
CREATE INDEX job_states_id ON job_states (id);
INSERT INTO job_states SELECT (ARRAY['queued', 'running', 'done', 'failed'])[1 + i % 4],
    timestamptz '2024-01-01 00:00:00+00' + (i % 5000) * interval '1 minute', i
FROM generate_series(1, 40000) AS i;

VACUUM ANALYZE job_runs;
VACUUM ANALYZE queues;
VACUUM ANALYZE job_states;
