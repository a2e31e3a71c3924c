-- Accounts: users, their memberships in tenants, invitations, and single-use email tokens.

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 320),
  -- Lower-cased, trimmed address: the one uniqueness and lookup key.
  email_normalized text NOT NULL UNIQUE,
  -- Set only by the verification flow, never by a profile update.
  email_verified_at timestamptz,
  display_name text CHECK (char_length(display_name) <= 200),
  -- NULL for passkey-only accounts.
  password_hash text,
  password_changed_at timestamptz,
  -- Until this instant the user may sign in without a second factor (control 14).
  mfa_grace_until timestamptz NOT NULL,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE tenants ADD COLUMN created_by uuid REFERENCES users (id) ON DELETE SET NULL;

CREATE TABLE memberships (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  email_normalized text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  -- SHA-256 of the token in the emailed link; the token itself is never stored.
  token_hash text NOT NULL UNIQUE,
  invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitations_tenant_idx ON invitations (tenant_id);

-- Single-use, hashed, expiring tokens sent by email (verification and password reset).
CREATE TABLE email_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
  token_hash text NOT NULL UNIQUE,
  -- The address a verification token proves; a later email change invalidates it.
  email_normalized text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose);

-- Apps a tenant has switched off; every app is on unless listed here.
CREATE TABLE tenant_disabled_apps (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  app text NOT NULL,
  PRIMARY KEY (tenant_id, app)
);
