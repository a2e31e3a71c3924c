-- Personal access tokens (issue 8): a user's credential for one tenant, with scopes and a
-- required expiry. Only the SHA-256 of the token is stored; the text is shown once at creation.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] NOT NULL CHECK (cardinality(scopes) >= 1),
  created_at timestamptz NOT NULL,
  -- Required, at most a year after creation (the use case enforces it; the check backs it up).
  expires_at timestamptz NOT NULL CHECK (expires_at > created_at AND expires_at <= created_at + interval '366 days'),
  -- Written at most once a minute per token, so a busy token costs one UPDATE a minute.
  last_used_at timestamptz,
  last_used_address text,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
CREATE INDEX api_tokens_tenant_idx ON api_tokens (tenant_id);
