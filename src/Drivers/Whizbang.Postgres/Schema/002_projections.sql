-- Version 2: projection storage. {schema} is the store's schema, already quoted.

-- One row per projection generation: its status (0 building, 1 live, 2 retired), checkpoint, run state (0 running,
-- 1 failed, 2 paused) and lease. A commit first moves the checkpoint here under the fence (lease owner, unexpired
-- lease, expected checkpoint), which also locks the row, so two commits to one generation never interleave. Leases
-- run on the database's clock, the one clock every worker shares. An inline projection (updated in the appends'
-- transactions) also has a gate, a transaction-scoped advisory lock keyed by hashtextextended('whizbang.projection:'
-- || schema || '.' || projection, 0): appends hold it shared, its activation exclusively (see PostgresProjectionSql).
CREATE TABLE {schema}.projection_generations (
    projection             text COLLATE "C" NOT NULL,
    generation             integer NOT NULL,
    status                 smallint NOT NULL,
    checkpoint_transaction bigint NOT NULL,
    checkpoint_sequence    bigint NOT NULL,
    state                  smallint NOT NULL DEFAULT 0,
    error                  text,
    lease_owner            text,
    lease_expires          timestamptz,
    updated_at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT projection_generations_pkey PRIMARY KEY (projection, generation)
);

-- Exactly one live and at most one building generation per projection, whoever races to create them.
CREATE UNIQUE INDEX projection_generations_one_live ON {schema}.projection_generations (projection) WHERE status = 1;
CREATE UNIQUE INDEX projection_generations_one_building ON {schema}.projection_generations (projection) WHERE status = 0;

-- Documents of every generation; readers join the live one. Ids sort byte by byte ("C"), which keyset paging needs.
CREATE TABLE {schema}.projection_documents (
    projection text COLLATE "C" NOT NULL,
    generation integer NOT NULL,
    tenant_id  text COLLATE "C" NOT NULL,
    id         text COLLATE "C" NOT NULL,
    data       jsonb NOT NULL,
    CONSTRAINT projection_documents_pkey PRIMARY KEY (projection, generation, tenant_id, id)
);

-- Filters are containment tests (data @> '{"property": value}'); jsonb_path_ops indexes exactly those, compactly.
CREATE INDEX projection_documents_data ON {schema}.projection_documents USING gin (data jsonb_path_ops);

CREATE TABLE {schema}.projection_failures (
    failure_id           bigint GENERATED ALWAYS AS IDENTITY,
    projection           text COLLATE "C" NOT NULL,
    generation           integer NOT NULL,
    position_transaction bigint NOT NULL,
    position_sequence    bigint NOT NULL,
    tenant_id            text NOT NULL,
    stream_id            text NOT NULL,
    version              bigint NOT NULL,
    event_id             uuid NOT NULL,
    event_name           text NOT NULL,
    error                text NOT NULL,
    skipped              boolean NOT NULL,
    failed_at            timestamptz NOT NULL,
    CONSTRAINT projection_failures_pkey PRIMARY KEY (failure_id)
);

CREATE INDEX projection_failures_by_projection ON {schema}.projection_failures (projection, failure_id);

-- Called by a commit whose fence does not hold: fails the statement, and so the commit's whole batch, with its own
-- SQLSTATE, so nothing after the fence is written and the whole commit costs one round trip.
CREATE FUNCTION {schema}.raise_projection_fenced(p_projection text, p_generation integer) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = 'WB412',
        MESSAGE = format('Whizbang projection %s generation %s: the commit''s lease or checkpoint no longer holds', p_projection, p_generation);
END
$$;
