-- The README's statement capture and enqueue examples: which user drives which car, and the jobs table the import
-- enqueues one report job per car into.
CREATE TABLE records (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL,
    car_id  bigint NOT NULL
);
INSERT INTO records SELECT g, 1 + g % 6, 7 + g % 3 FROM generate_series(1, 600) g;
CREATE TABLE jobs (
    id         bigserial PRIMARY KEY,
    kind       text        NOT NULL,
    args       jsonb       NOT NULL DEFAULT '{}',
    state      text        NOT NULL DEFAULT 'pending',
    created_at timestamptz NOT NULL DEFAULT now()
);
