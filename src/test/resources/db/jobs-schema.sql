-- A minimal job table for the kit's own tests.
CREATE TABLE jobs (
    id bigserial PRIMARY KEY,
    queue text NOT NULL DEFAULT 'default',
    payload jsonb NOT NULL DEFAULT '{}',
    run_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION touch_run_at() RETURNS trigger AS $$
BEGIN
    NEW.run_at := coalesce(NEW.run_at, now()); -- a semicolon inside a dollar quote is not a statement end
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

INSERT INTO jobs (queue) VALUES ('mail'), ('reports');
