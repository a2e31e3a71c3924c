-- Quota overrides an operator set for one tenant or one user (`npx bsns quotas set`, /admin later).
-- The subject is a tenant or a user id, told apart by the key's scope (src/platform/quotas/).
CREATE TABLE quota_overrides (
  subject_id uuid NOT NULL,
  key text NOT NULL CHECK (key ~ '^[a-z_]+\.[a-z_]+$'),
  value bigint NOT NULL CHECK (value >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject_id, key)
);

-- Keyset paging walks these in order, so a page costs the same with 10 rows or 50,000.
CREATE INDEX memberships_user_joined_idx ON memberships (user_id, created_at, tenant_id);
CREATE INDEX memberships_tenant_joined_idx ON memberships (tenant_id, created_at, user_id);
CREATE INDEX invitations_tenant_pending_idx ON invitations (tenant_id, created_at, id)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;
