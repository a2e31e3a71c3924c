-- The public status page (/status): components with a state set by the operator, and incidents
-- with their timestamped updates. Components may also be fed live by a readiness check.
CREATE TABLE status_components (
  -- A stable slug such as 'portal'; the CLI names components by it.
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  state text NOT NULL CHECK (state IN ('operational', 'degraded', 'partial_outage', 'major_outage', 'maintenance')),
  -- The /readyz check whose failure shows this component as a major outage, whatever its state.
  readiness_check text CHECK (char_length(readiness_check) BETWEEN 1 AND 100),
  position integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE status_incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  impact text NOT NULL CHECK (impact IN ('minor', 'major', 'critical', 'maintenance')),
  state text NOT NULL CHECK (state IN ('investigating', 'identified', 'monitoring', 'resolved')),
  component_ids text[] NOT NULL DEFAULT '{}',
  opened_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  resolved_at timestamptz,
  CHECK ((state = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE INDEX status_incidents_recent_idx ON status_incidents (opened_at DESC);

CREATE TABLE status_incident_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES status_incidents (id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('investigating', 'identified', 'monitoring', 'resolved')),
  message text NOT NULL CHECK (char_length(message) BETWEEN 1 AND 5000),
  created_at timestamptz NOT NULL
);
CREATE INDEX status_incident_updates_incident_idx ON status_incident_updates (incident_id, created_at);

-- The two parts every deployment has, each fed by the readiness check of its database.
INSERT INTO status_components (id, name, state, readiness_check, position) VALUES
  ('portal', 'Sign-in and portal', 'operational', 'identity-database', 1),
  ('apps', 'Apps (records)', 'operational', 'business-database', 2);
