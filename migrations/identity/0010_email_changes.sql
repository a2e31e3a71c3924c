-- A requested change of sign-in address, pending until the new address confirms it. The account
-- keeps its old address meanwhile; confirming re-checks that no other account took the new one.
CREATE TABLE email_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  new_email text NOT NULL CHECK (char_length(new_email) BETWEEN 3 AND 320),
  new_email_normalized text NOT NULL,
  -- SHA-256 of the token in the link mailed to the new address; the token itself is never stored.
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  -- Set once: confirmed, or superseded by a newer request / cancelled / refused at confirmation.
  confirmed_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- At most one open request per account: a new one closes the older.
CREATE UNIQUE INDEX email_changes_open_idx ON email_changes (user_id) WHERE confirmed_at IS NULL AND closed_at IS NULL;
