-- The README's server-side view: a fair queue whose last dequeue per user is kept by a trigger, so the trigger's
-- INSERT never passes through the driver.
CREATE TABLE jobs (
    id         bigint PRIMARY KEY,
    user_id    bigint NOT NULL,
    state      text   NOT NULL DEFAULT 'pending',
    started_at timestamptz
);
CREATE TABLE last_dequeues (
    user_id        bigint PRIMARY KEY,
    latest_dequeue timestamptz NOT NULL
);
CREATE FUNCTION last_dequeues_upsert() RETURNS trigger AS $$
BEGIN
    INSERT INTO last_dequeues (user_id, latest_dequeue) VALUES (NEW.user_id, NEW.started_at)
    ON CONFLICT (user_id) DO UPDATE SET latest_dequeue = EXCLUDED.latest_dequeue;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER last_dequeues_upsert AFTER UPDATE OF started_at ON jobs
    FOR EACH ROW WHEN (NEW.started_at IS NOT NULL) EXECUTE FUNCTION last_dequeues_upsert();
INSERT INTO jobs (id, user_id) SELECT g, g % 4 FROM generate_series(1, 20) g;
