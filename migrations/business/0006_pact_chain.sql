-- The pact chain (spec control 20): one hash chain per tenant of what happened to its envelopes
-- (created, sent, viewed, signed, declined, completed, voided). An entry holds only digests and
-- ids, never personal data, so the chain still verifies after the tenant's data key is destroyed.
-- Appends are serialised per tenant by pg_advisory_xact_lock; UNIQUE (tenant_id, seq) is the
-- backstop against a fork. Checkpoints are signed heads (Ed25519) that a verifier keeps outside.

CREATE TABLE pact_chain_entries (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  seq bigint NOT NULL CHECK (seq >= 1),
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  type text NOT NULL CHECK (type IN ('created', 'sent', 'viewed', 'signed', 'declined', 'completed', 'voided')),
  envelope_id uuid NOT NULL,
  payload_digest text NOT NULL CHECK (payload_digest ~ '^[0-9a-f]{64}$'),
  at timestamptz NOT NULL,
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX pact_chain_by_envelope ON pact_chain_entries (tenant_id, envelope_id, seq);

-- Takes the tenant's chain lock and reads the head under it, in one round trip. A VOLATILE
-- plpgsql function takes a new snapshot for each statement, so the head it returns is the one the
-- previous holder of the lock committed. It runs as its caller: RLS scopes it to that tenant.
CREATE FUNCTION pact_chain_lock(tenant uuid) RETURNS TABLE (seq bigint, hash text) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('bsns-pact-chain:' || tenant::text, 0));
  RETURN QUERY SELECT e.seq, e.hash FROM pact_chain_entries e ORDER BY e.seq DESC LIMIT 1;
END;
$$;

-- A tenant's checkpoint keys: the public half in the clear (a verifier needs it after the
-- tenant's data key is gone), the private half sealed with the tenant's data key.
CREATE TABLE pact_checkpoint_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kid text NOT NULL CHECK (char_length(kid) BETWEEN 1 AND 100),
  public_key_pem text NOT NULL,
  private_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, kid)
);

CREATE TABLE pact_chain_checkpoints (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  seq bigint NOT NULL CHECK (seq >= 0),
  head text NOT NULL CHECK (head ~ '^[0-9a-f]{64}$'),
  signed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL,
  PRIMARY KEY (tenant_id, seq),
  FOREIGN KEY (tenant_id, key_id) REFERENCES pact_checkpoint_keys (tenant_id, kid)
);

-- Entries and checkpoints are never changed. Removing them is allowed only while the tenant
-- itself is being erased (the erasure sets bsns.erasing_tenant to its id in its transaction).
CREATE FUNCTION pact_chain_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.tenant_id::text = current_setting('bsns.erasing_tenant', true) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the pact chain is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER pact_chain_entries_append_only BEFORE UPDATE OR DELETE ON pact_chain_entries
  FOR EACH ROW EXECUTE FUNCTION pact_chain_refuse_change();
CREATE TRIGGER pact_chain_checkpoints_append_only BEFORE UPDATE OR DELETE ON pact_chain_checkpoints
  FOR EACH ROW EXECUTE FUNCTION pact_chain_refuse_change();

DO $$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['pact_chain_entries', 'pact_checkpoint_keys', 'pact_chain_checkpoints'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()))', t);
  END LOOP;
END $$;
