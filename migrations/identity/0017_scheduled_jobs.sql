-- The dead-man's switch of scheduled jobs (control 25): each job's registration and every run's
-- start, success or failure. The watchdog flags a job whose next run is overdue by its grace.
CREATE TABLE scheduled_jobs (
  name text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9.-]{0,79}$'),
  interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
  grace_seconds integer NOT NULL CHECK (grace_seconds >= 0),
  registered_at timestamptz NOT NULL,
  -- The next start: claimed by the one process whose UPDATE moves it forward, so N workers run a job once.
  next_run_at timestamptz NOT NULL,
  -- Set when the watchdog finds the job overdue; cleared by its next successful run.
  overdue_since timestamptz
);

CREATE TABLE scheduled_job_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_name text NOT NULL REFERENCES scheduled_jobs (name) ON DELETE CASCADE,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  outcome text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed')),
  -- The error's message only (no stack, no parameters): read by the future observability page.
  error text CHECK (char_length(error) <= 2000),
  CHECK ((outcome = 'running') = (finished_at IS NULL))
);
CREATE INDEX scheduled_job_runs_latest_idx ON scheduled_job_runs (job_name, started_at DESC);

-- What the watchdog found: one row per overdue episode, for the observability page and alerts.
CREATE TABLE scheduled_job_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_name text NOT NULL REFERENCES scheduled_jobs (name) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('overdue', 'failed')),
  detected_at timestamptz NOT NULL,
  -- When the run was due (last success + interval, or registration + interval).
  due_at timestamptz,
  -- Set by the alerting that lands later (ntfy); null means not yet sent.
  notified_at timestamptz
);
CREATE INDEX scheduled_job_alerts_job_idx ON scheduled_job_alerts (job_name, detected_at DESC);
