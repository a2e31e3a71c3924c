-- Rate-limit counters for the PostgreSQL backend (used when REDIS_URL is unset): one fixed window
-- per (rule, key). Keys are SHA-256 digests (hex), so emails and addresses are not stored in clear.
CREATE TABLE rate_limit_counters (
  -- A stable action name such as 'sign-in:account', never a request path.
  rule_name text NOT NULL CHECK (char_length(rule_name) BETWEEN 1 AND 100),
  key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  count integer NOT NULL CHECK (count > 0),
  window_ends_at timestamptz NOT NULL,
  PRIMARY KEY (rule_name, key_hash)
);

-- For the periodic sweep of expired windows.
CREATE INDEX rate_limit_counters_window_idx ON rate_limit_counters (window_ends_at);
