-- A small application schema for the per-class database benchmark: 12 tables, 24 indexes, a trigger.
CREATE TABLE t1 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t1_owner_state ON t1 (owner_id, state);
CREATE INDEX t1_created ON t1 (created_at);

CREATE TABLE t2 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t2_owner_state ON t2 (owner_id, state);
CREATE INDEX t2_created ON t2 (created_at);

CREATE TABLE t3 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t3_owner_state ON t3 (owner_id, state);
CREATE INDEX t3_created ON t3 (created_at);

CREATE TABLE t4 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t4_owner_state ON t4 (owner_id, state);
CREATE INDEX t4_created ON t4 (created_at);

CREATE TABLE t5 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t5_owner_state ON t5 (owner_id, state);
CREATE INDEX t5_created ON t5 (created_at);

CREATE TABLE t6 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t6_owner_state ON t6 (owner_id, state);
CREATE INDEX t6_created ON t6 (created_at);

CREATE TABLE t7 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t7_owner_state ON t7 (owner_id, state);
CREATE INDEX t7_created ON t7 (created_at);

CREATE TABLE t8 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t8_owner_state ON t8 (owner_id, state);
CREATE INDEX t8_created ON t8 (created_at);

CREATE TABLE t9 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t9_owner_state ON t9 (owner_id, state);
CREATE INDEX t9_created ON t9 (created_at);

CREATE TABLE t10 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t10_owner_state ON t10 (owner_id, state);
CREATE INDEX t10_created ON t10 (created_at);

CREATE TABLE t11 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t11_owner_state ON t11 (owner_id, state);
CREATE INDEX t11_created ON t11 (created_at);

CREATE TABLE t12 (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t12_owner_state ON t12 (owner_id, state);
CREATE INDEX t12_created ON t12 (created_at);

CREATE TABLE last_dequeues (owner_id bigint PRIMARY KEY, dequeued_at timestamptz NOT NULL);
CREATE FUNCTION remember_dequeue() RETURNS trigger AS $$
BEGIN
    INSERT INTO last_dequeues VALUES (NEW.owner_id, now())
        ON CONFLICT (owner_id) DO UPDATE SET dequeued_at = EXCLUDED.dequeued_at;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER t1_dequeued AFTER UPDATE OF state ON t1 FOR EACH ROW WHEN (NEW.state = 'processing')
    EXECUTE FUNCTION remember_dequeue();
INSERT INTO t1 (owner_id) SELECT g % 50 FROM generate_series(1, 1000) g;
