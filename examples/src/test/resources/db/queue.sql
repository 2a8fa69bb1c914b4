-- The simplest PostgreSQL job queue: workers take the oldest runnable job with FOR UPDATE SKIP LOCKED.
CREATE TABLE jobs (
    id         bigserial PRIMARY KEY,
    queue      text        NOT NULL DEFAULT 'default',
    args       jsonb       NOT NULL DEFAULT '{}',
    run_at     timestamptz NOT NULL DEFAULT now(),
    locked_by  text
);
CREATE INDEX jobs_runnable ON jobs (run_at) WHERE locked_by IS NULL;
