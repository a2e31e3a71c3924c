-- Refresh secrets rotate on every use. The secrets a rotation retires are kept (as SHA-256) so
-- that presenting one again is recognised as reuse and ends the session it belonged to; the one
-- retired last still answers for a few seconds after its rotation (two tabs refreshing at once).

-- The secret the current one replaced, and when: the short grace for a racing second tab.
ALTER TABLE sessions ADD COLUMN previous_refresh_token_hash text;
ALTER TABLE sessions ADD COLUMN refresh_rotated_at timestamptz;

-- Every refresh secret a session has rotated away. Rows go with their session.
CREATE TABLE spent_refresh_tokens (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  spent_at timestamptz NOT NULL
);
CREATE INDEX spent_refresh_tokens_session_idx ON spent_refresh_tokens (session_id);
