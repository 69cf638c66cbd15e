-- Version 1: events, streams and the version-conflict function. {schema} is the store's schema, already quoted.

-- One row per stream: its current version. Appends lock this row (insert, update or upsert) before they insert
-- events, so of several writers racing for one version exactly one wins and the others see the new version.
CREATE TABLE {schema}.streams (
    tenant_id text COLLATE "C" NOT NULL,
    stream_id text COLLATE "C" NOT NULL,
    version   bigint NOT NULL,
    CONSTRAINT streams_pkey PRIMARY KEY (tenant_id, stream_id)
);

-- sequence is handed out at insert, before commit, so it is not commit order: transaction_id records the
-- writing transaction and read-all orders by (transaction_id, sequence), returning only transactions older than
-- every transaction still running (see ReadAllAsync). That order is the primary key, so it costs no extra index.
CREATE TABLE {schema}.events (
    sequence       bigint GENERATED ALWAYS AS IDENTITY,
    transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    tenant_id      text COLLATE "C" NOT NULL,
    stream_id      text COLLATE "C" NOT NULL,
    version        bigint NOT NULL,
    event_id       uuid NOT NULL,
    event_name     text COLLATE "C" NOT NULL,
    data           jsonb,
    metadata       jsonb,
    timestamp      timestamptz NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (transaction_id, sequence),
    CONSTRAINT events_event_id_key UNIQUE (event_id),
    CONSTRAINT events_stream_version_key UNIQUE (tenant_id, stream_id, version)
);

CREATE INDEX events_by_name ON {schema}.events (event_name, transaction_id, sequence);
-- Timestamps rise with the table's physical order (rows are only appended), so a block-range index finds where a
-- backfill starts at almost no cost per insert; a B-tree here cost every append a sixth index write.
CREATE INDEX events_by_time ON {schema}.events USING brin (timestamp);

-- Called by an append whose expected version does not hold: fails the statement (and so the whole batch) with
-- its own SQLSTATE. HINT carries "<part> <actual version>" for the driver, which cannot rely on Npgsql naming the
-- failed statement of a batch, nor on DETAIL (Npgsql redacts it unless told otherwise).
CREATE FUNCTION {schema}.raise_version_conflict(p_tenant_id text, p_stream_id text, p_part integer) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    actual bigint;
BEGIN
    SELECT s.version INTO actual FROM {schema}.streams s WHERE s.tenant_id = p_tenant_id AND s.stream_id = p_stream_id;
    RAISE EXCEPTION USING
        ERRCODE = 'WB409',
        MESSAGE = format('Whizbang stream %s of tenant %s is at version %s, not the version the append expected', p_stream_id, p_tenant_id, coalesce(actual, 0)),
        HINT = format('%s %s', p_part, coalesce(actual, 0));
END
$$;
