CREATE TABLE ${table} (
    id bigserial PRIMARY KEY,
    queue text NOT NULL DEFAULT '${default_queue}'
);
INSERT INTO ${table} DEFAULT VALUES;
