-- Tables for the statement-capture tests: a job queue, records a background job reads in batches, users with
-- secrets, and the last-dequeue table a trigger keeps current (as in the fair-queue incident).
CREATE TABLE jobs (
    id bigserial PRIMARY KEY,
    queue text NOT NULL DEFAULT 'default',
    user_id int NOT NULL DEFAULT 0,
    state text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}',
    run_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz
);

CREATE TABLE records (
    id bigserial PRIMARY KEY,
    client_id int NOT NULL,
    amount int NOT NULL
);

CREATE TABLE users (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    password text NOT NULL
);

CREATE TABLE last_dequeues (
    user_id int PRIMARY KEY,
    latest_dequeue timestamptz NOT NULL
);

CREATE FUNCTION record_last_dequeue() RETURNS trigger AS $$
BEGIN
    INSERT INTO last_dequeues (user_id, latest_dequeue) VALUES (NEW.user_id, NEW.started_at)
    ON CONFLICT (user_id) DO UPDATE SET latest_dequeue = GREATEST(last_dequeues.latest_dequeue, EXCLUDED.latest_dequeue);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER jobs_last_dequeue AFTER UPDATE OF started_at ON jobs
    FOR EACH ROW WHEN (NEW.started_at IS NOT NULL) EXECUTE FUNCTION record_last_dequeue();

CREATE FUNCTION jobs_for_user(p_user int) RETURNS SETOF jobs AS $$
    SELECT * FROM jobs WHERE user_id = p_user ORDER BY id;
$$ LANGUAGE sql;

INSERT INTO records (client_id, amount) SELECT (g % 3) + 1, g FROM generate_series(1, 300) g;
INSERT INTO users (name, password) VALUES ('ada', 'hunter2');
