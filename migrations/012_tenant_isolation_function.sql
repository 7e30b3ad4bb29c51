-- enable_tenant_isolation() exactly as in 001, for databases that ran 001 before it was added
-- there: later migrations call it.

-- Row-level security of one tenant-owned table: its one policy shows and accepts only the rows of
-- the transaction's authority. Forced by default, so the table's owner is held to it as well.
CREATE OR REPLACE FUNCTION enable_tenant_isolation(t regclass, forced boolean DEFAULT true) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
  IF forced THEN
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
  END IF;
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (authority_id = current_authority_id()) '
                 'WITH CHECK (authority_id = current_authority_id())', t);
END $$;
-- For migrations (run by the owner) only.
REVOKE ALL ON FUNCTION enable_tenant_isolation(regclass, boolean) FROM PUBLIC;
