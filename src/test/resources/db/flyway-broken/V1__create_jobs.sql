CREATE TABLE jobs (
    id bigserial PRIMARY KEY,
    queue text NOT NULL
);
