-- The README's "Queue behaviour": a round-robin queue (each user's n-th job is in round n), 1,600 jobs of 4 users.
CREATE TABLE jobs (
    id         bigserial   PRIMARY KEY,
    user_id    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    priority   integer     NOT NULL DEFAULT 0,
    round      integer     NOT NULL,
    state      text        NOT NULL DEFAULT 'pending',
    started_at timestamptz,
    worker     text
);
CREATE INDEX jobs_pending ON jobs (round, user_id, id) WHERE state = 'pending';
INSERT INTO jobs (user_id, round) SELECT 'user-' || g % 4, g / 4 FROM generate_series(0, 1599) g;
-- The same dequeues as another team's table names them, for DequeueLog.Columns.named.
CREATE TABLE tenant_jobs (
    id         bigint      PRIMARY KEY,
    tenant     text        NOT NULL,
    created_at timestamptz NOT NULL,
    prio       integer     NOT NULL DEFAULT 0,
    taken_at   timestamptz,
    taken_by   text
);
