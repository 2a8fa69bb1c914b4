-- A job table large enough (20,000 rows, above the 10,000-row tiny-table threshold) for a Seq Scan to count,
-- with the partial index a dequeue uses: what the plan baseline tests record, drop and compare.
CREATE TABLE baseline_jobs (
    id        bigserial PRIMARY KEY,
    queue     text        NOT NULL,
    run_at    timestamptz NOT NULL,
    locked_by text
);
INSERT INTO baseline_jobs (queue, run_at)
SELECT 'q' || (g % 10), timestamptz '2026-01-01' + g * interval '1 second' FROM generate_series(1, 20000) g;
CREATE INDEX baseline_jobs_run_at ON baseline_jobs (run_at) WHERE locked_by IS NULL;
ANALYZE baseline_jobs;
