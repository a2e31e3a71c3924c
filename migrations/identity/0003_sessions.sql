-- Sessions and the keys that sign their tokens.

-- Asymmetric signing keys for session JWTs. Private halves are sealed with the master key;
-- public halves are published at /.well-known/jwks.json until expires_at.
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL CHECK (alg IN ('EdDSA', 'ES256')),
  public_jwk jsonb NOT NULL,
  private_jwk_sealed text NOT NULL,
  created_at timestamptz NOT NULL,
  -- After this instant the key stops signing (rotation); it still verifies until expires_at.
  retire_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (retire_at < expires_at)
);

-- Server-side sessions: the JWT is short-lived; this row allows listing, revocation and refresh.
CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tenant_id uuid REFERENCES tenants (id) ON DELETE SET NULL,
  -- RFC 8176 methods proven in this session: pwd, otp, hwk, swk, user, mfa, fed.
  amr text[] NOT NULL,
  authenticated_at timestamptz NOT NULL,
  mfa_verified_at timestamptz,
  -- SHA-256 of the refresh secret in the HttpOnly refresh cookie.
  refresh_token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  idle_expires_at timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  user_agent text CHECK (char_length(user_agent) <= 512),
  ip_address text CHECK (char_length(ip_address) <= 64)
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;
