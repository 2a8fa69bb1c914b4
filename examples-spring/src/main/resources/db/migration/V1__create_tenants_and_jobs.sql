CREATE TABLE tenants (
    id bigserial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE jobs (
    id bigserial PRIMARY KEY,
    queue text NOT NULL,
    kind text NOT NULL,
    args jsonb NOT NULL DEFAULT '{}',
    state text NOT NULL DEFAULT 'queued',
    priority integer NOT NULL DEFAULT 0,
    tenant_id bigint NOT NULL REFERENCES tenants (id),
    run_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    locked_at timestamptz,
    locked_by text
);
