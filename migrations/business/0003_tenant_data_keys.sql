-- Per-tenant data keys (envelope encryption, spec control 8).
-- Each tenant's sensitive fields are sealed under its own 256-bit data key; the key itself is
-- stored only wrapped by the master key (AES-256-GCM, AAD binding tenant and version), so the
-- database alone never holds a usable key. Destroying a tenant's keys (wrapped_key set to NULL)
-- makes every ciphertext of that tenant unreadable: crypto-shredding.
CREATE TABLE tenant_data_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- Version 0 is the tenant's blind-index key: it is never rotated with the data keys, so an
  -- index computed once keeps matching after a data-key rotation.
  version integer NOT NULL CHECK (version BETWEEN 0 AND 1000000),
  -- 'active' seals and opens, 'retired' only opens (during a data-key rotation), 'destroyed'
  -- neither; 'index' keys the blind index.
  state text NOT NULL CHECK (state IN ('active', 'retired', 'destroyed', 'index')),
  wrapped_key text CHECK (char_length(wrapped_key) < 300),
  created_at timestamptz NOT NULL DEFAULT now(),
  destroyed_at timestamptz,
  PRIMARY KEY (tenant_id, version),
  CHECK ((state = 'destroyed') = (wrapped_key IS NULL)),
  CHECK ((state = 'index') <= (version = 0))
);
-- At most one key seals new values; a concurrent first use races on this and on the primary key.
CREATE UNIQUE INDEX tenant_data_keys_one_active ON tenant_data_keys (tenant_id) WHERE state = 'active';
ALTER TABLE tenant_data_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_data_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_data_keys
  USING (tenant_id = (SELECT app_current_tenant()))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));
