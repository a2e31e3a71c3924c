-- Service keys (issue 8): credentials for trusted backend traffic, made and revoked with the
-- operator CLI, each for one environment. Only the SHA-256 of the key is stored.
CREATE TABLE service_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  environment text NOT NULL CHECK (environment IN ('production', 'staging', 'development')),
  key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
