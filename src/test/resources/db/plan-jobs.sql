-- Queue tables for plan-assertion tests: the delayed-job story (priority, run_at) and a skewed state column.
CREATE TABLE delayed_jobs (
    id bigserial PRIMARY KEY,
    priority int NOT NULL,
    run_at timestamptz NOT NULL,
    locked_at timestamptz,
    locked_by text,
    failed_at timestamptz,
    queue text NOT NULL,
    payload text NOT NULL DEFAULT ''
);
CREATE INDEX delayed_jobs_priority_run_at ON delayed_jobs (priority, run_at);

INSERT INTO delayed_jobs (priority, run_at, queue)
SELECT i % 10, timestamptz '2024-01-01 00:00:00+00' + (i % 1000) * interval '1 second', 'q' || (i % 5)
FROM generate_series(1, 20000) AS i;

-- The same rows before the fix: only the primary key, so ORDER BY ... LIMIT 5 reads and sorts everything.
CREATE TABLE delayed_jobs_before (LIKE delayed_jobs INCLUDING DEFAULTS);
ALTER TABLE delayed_jobs_before ADD PRIMARY KEY (id);
INSERT INTO delayed_jobs_before SELECT * FROM delayed_jobs;

-- 1% queued, 99% done: the custom plan for 'queued' reads the index, the generic plan cannot know the value.
CREATE TABLE skewed_jobs (
    id bigserial PRIMARY KEY,
    state text NOT NULL,
    payload text NOT NULL DEFAULT ''
);
CREATE INDEX skewed_jobs_state ON skewed_jobs (state);
INSERT INTO skewed_jobs (state, payload)
SELECT CASE WHEN abs(hashint4(i)) % 100 = 0 THEN 'queued' ELSE 'done' END, repeat('x', 200)
FROM generate_series(1, 20000) AS i;

VACUUM ANALYZE delayed_jobs;
VACUUM ANALYZE skewed_jobs;
VACUUM ANALYZE delayed_jobs_before;
