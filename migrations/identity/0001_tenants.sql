-- Identity's record of tenants: the source of truth that the business database mirrors.
-- Users, credentials, sessions and memberships join it in later migrations.
CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);
