-- Version 4: the outbox, the inbox and dead letters (see PostgresMessageStore). {schema} is the store's schema, already
-- quoted. Written so that it can run again over tables that exist already (a partial downgrade).

-- Messages waiting to be sent, and sent ones until they are purged. sequence is the order relays send them in. Claims
-- are serialized by a transaction-scoped advisory lock keyed by hashtextextended('whizbang.outbox:' || schema, 0).
-- Payloads and envelopes are bytes the store never reads: bytea, not jsonb, so they come back exactly as written.
CREATE TABLE IF NOT EXISTS {schema}.outbox (
    sequence         bigint GENERATED ALWAYS AS IDENTITY,
    message_id       uuid NOT NULL,
    destination      text COLLATE "C" NOT NULL,
    partition_key    text COLLATE "C" NOT NULL,
    message_name     text COLLATE "C" NOT NULL,
    tenant_id        text COLLATE "C" NOT NULL,
    payload          bytea NOT NULL,
    envelope         bytea NOT NULL,
    created_at       timestamptz NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text,
    retry_at         timestamptz,
    lease_owner      text COLLATE "C",
    lease_expires_at timestamptz,
    sent_at          timestamptz,
    CONSTRAINT outbox_pkey PRIMARY KEY (sequence),
    CONSTRAINT outbox_message_id_key UNIQUE (message_id)
);

-- Claims read the unsent rows in sequence order; a purge finds the sent ones by when they were sent. Partial indexes
-- keep each small: the unsent rows are few when relays keep up, however many sent rows wait for the purge.
CREATE INDEX IF NOT EXISTS outbox_unsent ON {schema}.outbox (sequence) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_sent ON {schema}.outbox (sent_at) WHERE sent_at IS NOT NULL;

-- One row per message a consumer handled, written in the handler's transaction: a second insert of the same row fails
-- on the primary key (23505 inbox_pkey), which the driver reports as DuplicateMessageException.
CREATE TABLE IF NOT EXISTS {schema}.inbox (
    consumer     text COLLATE "C" NOT NULL,
    message_id   uuid NOT NULL,
    tenant_id    text COLLATE "C" NOT NULL,
    processed_at timestamptz NOT NULL,
    CONSTRAINT inbox_pkey PRIMARY KEY (consumer, message_id)
);

CREATE INDEX IF NOT EXISTS inbox_by_time ON {schema}.inbox (processed_at);

-- Messages given up on, newest last. tenant_id is null when it could not be read; such rows are visible only to
-- transactions that may see every tenant.
CREATE TABLE IF NOT EXISTS {schema}.dead_letters (
    dead_letter_id bigint GENERATED ALWAYS AS IDENTITY,
    message_id     uuid,
    origin         smallint NOT NULL,
    source         text NOT NULL,
    consumer       text,
    message_name   text,
    tenant_id      text COLLATE "C",
    payload        bytea NOT NULL,
    envelope       bytea NOT NULL,
    error          text NOT NULL,
    attempts       integer NOT NULL,
    failed_at      timestamptz NOT NULL,
    CONSTRAINT dead_letters_pkey PRIMARY KEY (dead_letter_id)
);

-- The policy of migration 3, on each table.
ALTER TABLE {schema}.outbox ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON {schema}.outbox;
CREATE POLICY tenant_isolation ON {schema}.outbox
    USING ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)))
    WITH CHECK ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)));

ALTER TABLE {schema}.inbox ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON {schema}.inbox;
CREATE POLICY tenant_isolation ON {schema}.inbox
    USING ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)))
    WITH CHECK ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)));

ALTER TABLE {schema}.dead_letters ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON {schema}.dead_letters;
CREATE POLICY tenant_isolation ON {schema}.dead_letters
    USING ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)))
    WITH CHECK ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)));
