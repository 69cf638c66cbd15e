-- Version 3: tenant isolation enforced by the database. {schema} is the store's schema, already quoted.

-- Every table with a tenant column gets the same policy: a row is visible and writable when the transaction is
-- confined to its tenant (whizbang.tenant) or may see every tenant (whizbang.all_tenants = 'on': system code, or a
-- cross-tenant grant). The driver sets both, transaction-locally, as the first statement of each transaction; a
-- connection that set neither sees and writes nothing. FORCE subjects the tables' owner too (the role the driver
-- usually connects as); superusers and roles with BYPASSRLS still bypass it, which the driver reports at startup.
-- The settings are read through sub-selects, so they are evaluated once per statement rather than once per row.
-- Policies are dropped first so that the script can run again over tables that kept them (a partial downgrade).
ALTER TABLE {schema}.streams ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON {schema}.streams;
CREATE POLICY tenant_isolation ON {schema}.streams
    USING ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)))
    WITH CHECK ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)));

ALTER TABLE {schema}.events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON {schema}.events;
CREATE POLICY tenant_isolation ON {schema}.events
    USING ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)))
    WITH CHECK ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)));

ALTER TABLE {schema}.projection_documents ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON {schema}.projection_documents;
CREATE POLICY tenant_isolation ON {schema}.projection_documents
    USING ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)))
    WITH CHECK ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)));

ALTER TABLE {schema}.projection_failures ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON {schema}.projection_failures;
CREATE POLICY tenant_isolation ON {schema}.projection_failures
    USING ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)))
    WITH CHECK ((SELECT current_setting('whizbang.all_tenants', true)) = 'on' OR tenant_id = (SELECT current_setting('whizbang.tenant', true)));

-- An exact-version claim on another tenant's stream finds no row (the policy hides it), so it would end here as a
-- version conflict at version 0. Refuse it as the policy refuses the insert of such a row, with insufficient_privilege
-- (42501), which the driver reports as a cross-tenant access. Only where the policy applies: a role that bypasses it
-- sees the row, and a claim that still finds none is a real conflict.
CREATE OR REPLACE FUNCTION {schema}.raise_version_conflict(p_tenant_id text, p_stream_id text, p_part integer) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    actual bigint;
BEGIN
    IF row_security_active('{schema}.streams')
       AND coalesce(current_setting('whizbang.all_tenants', true), '') <> 'on'
       AND p_tenant_id IS DISTINCT FROM current_setting('whizbang.tenant', true) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = format('Whizbang stream %s of tenant %s is outside the tenant this transaction is confined to (row-level security)', p_stream_id, p_tenant_id);
    END IF;

    SELECT s.version INTO actual FROM {schema}.streams s WHERE s.tenant_id = p_tenant_id AND s.stream_id = p_stream_id;
    RAISE EXCEPTION USING
        ERRCODE = 'WB409',
        MESSAGE = format('Whizbang stream %s of tenant %s is at version %s, not the version the append expected', p_stream_id, p_tenant_id, coalesce(actual, 0)),
        HINT = format('%s %s', p_part, coalesce(actual, 0));
END
$$;
