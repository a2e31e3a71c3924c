-- Impersonation (issue 8, SPEC control 18): a super-admin enters a tenant as support, with a reason
-- and a time box of at most an hour. Each entry is an event both sides can read, with every
-- state-changing request made under it. Times are written by the application's clock.

-- "Support access needs our approval": off by default; owners and admins turn it on.
ALTER TABLE tenants ADD COLUMN support_access_needs_approval boolean NOT NULL DEFAULT false;

CREATE TABLE impersonation_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  actor_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
  -- The time box asked for; the session ends this many minutes after it starts.
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 60),
  -- requested → approved → active → ended, or requested → denied. Expiry is read from the times.
  status text NOT NULL CHECK (status IN ('requested', 'approved', 'denied', 'active', 'ended')),
  requested_at timestamptz NOT NULL,
  -- Unanswered by then, the request has expired.
  request_expires_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- An approval is good for starting until then.
  approval_expires_at timestamptz,
  started_at timestamptz,
  expires_at timestamptz,
  ended_at timestamptz,
  ended_by uuid REFERENCES users (id) ON DELETE SET NULL,
  CHECK (expires_at IS NULL OR (started_at IS NOT NULL AND expires_at <= started_at + interval '60 minutes')),
  CHECK (status <> 'active' OR expires_at IS NOT NULL)
);
CREATE INDEX impersonation_events_tenant_idx ON impersonation_events (tenant_id, requested_at DESC, id DESC);
CREATE INDEX impersonation_events_requested_idx ON impersonation_events (requested_at DESC, id DESC);

-- Every state-changing request made under an impersonation: written before the handler runs
-- (no action without its trace), its status filled in when the answer has gone out.
CREATE TABLE impersonation_actions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES impersonation_events (id) ON DELETE CASCADE,
  method text NOT NULL CHECK (char_length(method) <= 10),
  route text NOT NULL CHECK (char_length(route) <= 300),
  status_code integer,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX impersonation_actions_event_idx ON impersonation_actions (event_id, occurred_at, id);

-- The session an impersonation runs in: it lives and dies with its event.
ALTER TABLE sessions ADD COLUMN impersonation_event_id uuid REFERENCES impersonation_events (id) ON DELETE CASCADE;
CREATE INDEX sessions_impersonation_idx ON sessions (impersonation_event_id) WHERE impersonation_event_id IS NOT NULL;

-- However its session ends (the admin revoking it, the admin disabled, a sign-out everywhere), the
-- impersonation ends with it, so neither side is shown support access that no longer runs.
CREATE FUNCTION impersonation_ends_with_its_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE impersonation_events SET status = 'ended', ended_at = NEW.revoked_at
   WHERE id = NEW.impersonation_event_id AND status = 'active';
  RETURN NEW;
END;
$$;
CREATE TRIGGER sessions_end_their_impersonation AFTER UPDATE OF revoked_at ON sessions
  FOR EACH ROW WHEN (NEW.impersonation_event_id IS NOT NULL AND NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL)
  EXECUTE FUNCTION impersonation_ends_with_its_session();
