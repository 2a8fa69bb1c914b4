-- A job table with a column for every kind of parameter the code binds, for planning captured statements again
-- with the types the code used: an enum (and a mixed-case enum in another schema, which a PREPARE must quote and
-- qualify), arrays, jsonb, timestamps with and without zone, uuid, numeric, bytea, int, bigint and boolean.
CREATE TYPE job_state AS ENUM ('queued', 'running', 'done');
CREATE SCHEMA "Ops";
CREATE TYPE "Ops"."JobKind" AS ENUM ('Mail', 'Sms');

CREATE TABLE typed_jobs (
    id bigserial PRIMARY KEY,
    state job_state NOT NULL,
    kind "Ops"."JobKind" NOT NULL,
    tags text[] NOT NULL,
    payload jsonb NOT NULL,
    run_at timestamp NOT NULL,
    run_at_tz timestamptz NOT NULL,
    token uuid NOT NULL,
    amount numeric NOT NULL,
    blob bytea NOT NULL,
    attempts int NOT NULL,
    flag boolean NOT NULL
);

-- One row a minute from 2024-01-01 00:00 (UTC for run_at_tz), so a timestamp bound in another zone matches other rows.
INSERT INTO typed_jobs (state, kind, tags, payload, run_at, run_at_tz, token, amount, blob, attempts, flag)
SELECT CASE WHEN i % 100 = 0 THEN 'queued'::job_state ELSE 'done' END,
       CASE WHEN i % 2 = 0 THEN 'Mail'::"Ops"."JobKind" ELSE 'Sms' END,
       ARRAY['t' || (i % 10)],
       jsonb_build_object('k', i % 50),
       timestamp '2024-01-01 00:00:00' + i * interval '1 minute',
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute',
       md5(i::text)::uuid,
       (i % 100) / 4.0,
       decode(lpad(to_hex(i % 256), 2, '0'), 'hex'),
       i % 7,
       i % 3 = 0
FROM generate_series(1, 20000) AS i;

CREATE INDEX typed_jobs_state ON typed_jobs (state);
CREATE INDEX typed_jobs_kind ON typed_jobs (kind);
CREATE INDEX typed_jobs_tags ON typed_jobs USING gin (tags);
CREATE INDEX typed_jobs_payload ON typed_jobs USING gin (payload);
CREATE INDEX typed_jobs_run_at ON typed_jobs (run_at);
CREATE INDEX typed_jobs_run_at_tz ON typed_jobs (run_at_tz);
CREATE INDEX typed_jobs_token ON typed_jobs (token);

-- Random order on a wide row: read whole, a Sort over a Seq Scan is cheapest; read for its first rows (a cursor), an
-- Index Scan is. What a driver's fetch size or row limit would change if it reached the planner.
CREATE TABLE scattered_jobs AS
SELECT i AS id, abs(hashint4(i)) AS rank, repeat('x', 200) AS payload FROM generate_series(1, 20000) AS i;
CREATE INDEX scattered_jobs_rank ON scattered_jobs (rank);

VACUUM ANALYZE typed_jobs;
VACUUM ANALYZE scattered_jobs;
