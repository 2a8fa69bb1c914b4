CREATE TABLE jobs (id bigserial PRIMARY KEY);
