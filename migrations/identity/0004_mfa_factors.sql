-- Second factors (control 12): TOTP, recovery codes, passkeys, and WebAuthn challenges.
-- Timestamps are written by the application's injected clock, so they carry no defaults.

CREATE TABLE totp_factors (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- AES-256-GCM via the platform crypto module, AAD bound to this table, column and row (control 6).
  secret_encrypted text NOT NULL,
  confirmed_at timestamptz,
  -- The last accepted time step: a code is accepted only for a strictly greater step (replay protection).
  last_used_step bigint,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL
);
-- At most one confirmed and one pending factor per user.
CREATE UNIQUE INDEX totp_factors_confirmed_uq ON totp_factors (user_id) WHERE confirmed_at IS NOT NULL;
CREATE UNIQUE INDEX totp_factors_pending_uq ON totp_factors (user_id) WHERE confirmed_at IS NULL;

CREATE TABLE recovery_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 (hex) of the normalised code; the code itself is shown once and never stored.
  code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  used_at timestamptz,
  created_at timestamptz NOT NULL,
  UNIQUE (user_id, code_hash)
);

CREATE TABLE passkeys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- base64url credential id, as the browser reports it; globally unique per the WebAuthn spec.
  credential_id text NOT NULL UNIQUE CHECK (char_length(credential_id) BETWEEN 1 AND 1400),
  -- COSE-encoded public key.
  public_key bytea NOT NULL,
  -- Signature counter; refused if it stops increasing once non-zero (a cloned authenticator).
  counter bigint NOT NULL CHECK (counter >= 0),
  transports text[] NOT NULL DEFAULT '{}',
  device_type text NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
  backed_up boolean NOT NULL,
  aaguid text NOT NULL,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  last_used_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX passkeys_user_idx ON passkeys (user_id);

-- Server-side WebAuthn challenges: single use (used_at is set atomically) and short-lived.
CREATE TABLE webauthn_challenges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  challenge text NOT NULL UNIQUE,
  purpose text NOT NULL CHECK (purpose IN ('registration', 'authentication')),
  -- NULL for a passwordless sign-in, where the user is not known until the assertion names its credential.
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX webauthn_challenges_expiry_idx ON webauthn_challenges (expires_at);
