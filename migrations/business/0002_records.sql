-- The records app: people and companies, their links, tags, notes, tasks, activity and imports.
-- Every table is tenant-keyed under FORCE RLS, with keys and foreign keys composite on
-- (tenant_id, id) so no row can point at another tenant's row (see 0001).
-- Sensitive values (date of birth, SSN, EIN, tax ID, licence number) are stored only as
-- TenantVault ciphertext (`*_sealed`); SSN and tax ID also get a keyed blind index for exact
-- lookup. Nothing here holds them in plaintext, not even in part.

CREATE TABLE records (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('person', 'company')),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  email text CHECK (char_length(email) <= 254),
  phone text CHECK (char_length(phone) <= 40),
  address text CHECK (char_length(address) <= 500),
  dob_sealed text,
  ssn_sealed text,
  ssn_index text,
  licence_sealed text,
  ein_sealed text,
  tax_id_sealed text,
  tax_id_index text,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Full-text search over the fields that are not sensitive ('simple': names are not English words).
  search tsvector GENERATED ALWAYS AS (
    -- The email whole and in its parts, so `ada@` and `example` both find ada@example.test.
    to_tsvector('simple', name || ' ' || coalesce(email, '') || ' ' || coalesce(translate(email, '@.+_-', '     '), '') || ' ' || coalesce(phone, '') || ' ' || coalesce(address, ''))
  ) STORED,
  PRIMARY KEY (tenant_id, id),
  -- Lets links name the kind they expect, so a person can never be filed as a company.
  UNIQUE (tenant_id, id, kind),
  CHECK (kind = 'person' OR (dob_sealed IS NULL AND ssn_sealed IS NULL AND licence_sealed IS NULL)),
  CHECK (kind = 'company' OR ein_sealed IS NULL)
);
CREATE INDEX records_search_idx ON records USING gin (search);
CREATE INDEX records_name_idx ON records (tenant_id, kind, lower(name), id);
CREATE INDEX records_created_idx ON records (tenant_id, kind, created_at, id);
CREATE INDEX records_ssn_index_idx ON records (tenant_id, ssn_index) WHERE ssn_index IS NOT NULL;
CREATE INDEX records_tax_id_index_idx ON records (tenant_id, tax_id_index) WHERE tax_id_index IS NOT NULL;
ALTER TABLE records ENABLE ROW LEVEL SECURITY;
ALTER TABLE records FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON records
  USING (tenant_id = (SELECT app_current_tenant()))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));

-- A person works at a company.
CREATE TABLE record_links (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  person_id uuid NOT NULL,
  person_kind text NOT NULL DEFAULT 'person' CHECK (person_kind = 'person'),
  company_id uuid NOT NULL,
  company_kind text NOT NULL DEFAULT 'company' CHECK (company_kind = 'company'),
  role text CHECK (char_length(role) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, person_id, company_id),
  FOREIGN KEY (tenant_id, person_id, person_kind) REFERENCES records (tenant_id, id, kind) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, company_id, company_kind) REFERENCES records (tenant_id, id, kind) ON DELETE CASCADE
);
CREATE INDEX record_links_company_idx ON record_links (tenant_id, company_id);
ALTER TABLE record_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_links FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_links
  USING (tenant_id = (SELECT app_current_tenant()))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));

-- Tags: the tenant's labels on a record.
CREATE TABLE record_labels (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  record_id uuid NOT NULL,
  label_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, record_id, label_id),
  FOREIGN KEY (tenant_id, record_id) REFERENCES records (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, label_id) REFERENCES labels (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX record_labels_label_idx ON record_labels (tenant_id, label_id);
ALTER TABLE record_labels ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_labels FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_labels
  USING (tenant_id = (SELECT app_current_tenant()))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));

CREATE TABLE record_notes (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  record_id uuid NOT NULL,
  author_id text NOT NULL CHECK (char_length(author_id) <= 100),
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, record_id) REFERENCES records (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX record_notes_record_idx ON record_notes (tenant_id, record_id, created_at);
ALTER TABLE record_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_notes
  USING (tenant_id = (SELECT app_current_tenant()))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));

-- Tasks on a record, assigned to a member (a user id of the identity database: no FK across databases).
CREATE TABLE record_tasks (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  record_id uuid NOT NULL,
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  assignee_id uuid NOT NULL,
  due_on date NOT NULL,
  done_at timestamptz,
  created_by text NOT NULL CHECK (char_length(created_by) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, record_id) REFERENCES records (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX record_tasks_due_idx ON record_tasks (tenant_id, due_on, id);
CREATE INDEX record_tasks_record_idx ON record_tasks (tenant_id, record_id);
ALTER TABLE record_tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_tasks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_tasks
  USING (tenant_id = (SELECT app_current_tenant()))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));

-- The timeline of a record: what happened, by whom. `detail` never holds a sensitive value.
CREATE TABLE record_activity (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  record_id uuid NOT NULL,
  actor_id text NOT NULL CHECK (char_length(actor_id) <= 100),
  action text NOT NULL CHECK (action IN ('created', 'imported', 'linked', 'tagged', 'note_added', 'task_created', 'task_completed', 'field_revealed')),
  detail jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, record_id) REFERENCES records (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX record_activity_record_idx ON record_activity (tenant_id, record_id, created_at DESC, id);
ALTER TABLE record_activity ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_activity FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_activity
  USING (tenant_id = (SELECT app_current_tenant()))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));

-- CSV imports: progress while rows are checked and stored, and the per-row report after.
CREATE TABLE record_imports (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('person', 'company')),
  status text NOT NULL CHECK (status IN ('running', 'imported', 'rejected', 'failed')),
  rows_read integer NOT NULL DEFAULT 0,
  rows_imported integer NOT NULL DEFAULT 0,
  rows_rejected integer NOT NULL DEFAULT 0,
  report jsonb NOT NULL DEFAULT '[]',
  created_by text NOT NULL CHECK (char_length(created_by) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
ALTER TABLE record_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_imports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_imports
  USING (tenant_id = (SELECT app_current_tenant()))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));
