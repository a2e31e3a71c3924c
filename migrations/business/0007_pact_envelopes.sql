-- Pact: envelopes of PDFs sent to signers, the fields placed on their pages, the single-use
-- links that open them, and templates (an envelope of kind 'template', never sent).
-- The PDFs themselves are blobs sealed with the tenant's data key (platform/blobs); rows hold
-- only their keys and SHA-256. Every state change also appends to the tenant's pact chain (0006).

CREATE TABLE pact_envelopes (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL DEFAULT 'envelope' CHECK (kind IN ('envelope', 'template')),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  message text NOT NULL DEFAULT '' CHECK (char_length(message) <= 2000),
  signing_order text NOT NULL DEFAULT 'sequential' CHECK (signing_order IN ('sequential', 'parallel')),
  require_code boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'completed', 'declined', 'voided', 'expired')),
  expires_in_days integer NOT NULL DEFAULT 30 CHECK (expires_in_days BETWEEN 1 AND 365),
  remind_every_days integer CHECK (remind_every_days BETWEEN 1 AND 30),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  expires_at timestamptz,
  last_reminded_at timestamptz,
  completed_at timestamptz,
  voided_at timestamptz,
  void_reason text CHECK (char_length(void_reason) <= 500),
  final_blob_key text,
  final_sha256 text CHECK (final_sha256 ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (tenant_id, id),
  CHECK (kind = 'envelope' OR status = 'draft'),
  CHECK (status <> 'completed' OR (final_blob_key IS NOT NULL AND final_sha256 IS NOT NULL))
);
CREATE INDEX pact_envelopes_list ON pact_envelopes (tenant_id, kind, created_at DESC, id DESC);
CREATE INDEX pact_envelopes_due ON pact_envelopes (tenant_id, expires_at) WHERE status = 'sent';

CREATE TABLE pact_documents (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  envelope_id uuid NOT NULL,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 20),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  blob_key text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  -- [{ "width": points, "height": points }, …]: where fields may go, without opening the blob.
  pages jsonb NOT NULL CHECK (jsonb_typeof(pages) = 'array' AND jsonb_array_length(pages) >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, envelope_id, id),
  UNIQUE (tenant_id, envelope_id, position),
  FOREIGN KEY (tenant_id, envelope_id) REFERENCES pact_envelopes (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE pact_signers (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  envelope_id uuid NOT NULL,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 50),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'viewed', 'signed', 'declined')),
  sent_at timestamptz,
  viewed_at timestamptz,
  signed_at timestamptz,
  declined_at timestamptz,
  decline_reason text CHECK (char_length(decline_reason) <= 500),
  signed_address text CHECK (char_length(signed_address) <= 100),
  signed_user_agent text CHECK (char_length(signed_user_agent) <= 500),
  signature_kind text CHECK (signature_kind IN ('typed', 'drawn')),
  signature_text text CHECK (char_length(signature_text) <= 200),
  signature_blob_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, envelope_id, id),
  FOREIGN KEY (tenant_id, envelope_id) REFERENCES pact_envelopes (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX pact_signers_one_address ON pact_signers (tenant_id, envelope_id, lower(email));

CREATE TABLE pact_fields (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  envelope_id uuid NOT NULL,
  document_id uuid NOT NULL,
  signer_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('signature', 'initials', 'date', 'text', 'checkbox')),
  label text NOT NULL DEFAULT '' CHECK (char_length(label) <= 100),
  required boolean NOT NULL DEFAULT true,
  page integer NOT NULL CHECK (page >= 0),
  -- Fractions of the page, origin top-left: the same numbers in every viewer and at every zoom.
  x double precision NOT NULL CHECK (x >= 0 AND x < 1),
  y double precision NOT NULL CHECK (y >= 0 AND y < 1),
  width double precision NOT NULL CHECK (width > 0 AND x + width <= 1),
  height double precision NOT NULL CHECK (height > 0 AND y + height <= 1),
  value text CHECK (char_length(value) <= 500),
  filled_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, envelope_id, document_id) REFERENCES pact_documents (tenant_id, envelope_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, envelope_id, signer_id) REFERENCES pact_signers (tenant_id, envelope_id, id) ON DELETE CASCADE
);
CREATE INDEX pact_fields_by_signer ON pact_fields (tenant_id, signer_id);
CREATE INDEX pact_fields_by_envelope ON pact_fields (tenant_id, envelope_id);

-- A signer's emailed link: only its SHA-256 is kept. Opening it spends it and starts a signing
-- session (a cookie, hashed here too); a second opening is refused and offers a fresh link.
CREATE TABLE pact_signer_links (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  envelope_id uuid NOT NULL,
  signer_id uuid NOT NULL,
  token_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  session_hash text,
  session_expires_at timestamptz,
  code_hash text,
  code_expires_at timestamptz,
  code_attempts integer NOT NULL DEFAULT 0,
  code_verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- The token names its tenant, so a link is looked up inside that tenant only.
  UNIQUE (tenant_id, token_hash),
  UNIQUE (tenant_id, session_hash),
  FOREIGN KEY (tenant_id, envelope_id, signer_id) REFERENCES pact_signers (tenant_id, envelope_id, id) ON DELETE CASCADE,
  CHECK (session_hash IS NULL OR used_at IS NOT NULL)
);
CREATE INDEX pact_signer_links_by_signer ON pact_signer_links (tenant_id, signer_id);
CREATE INDEX pact_signer_links_by_envelope ON pact_signer_links (tenant_id, envelope_id);

DO $$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['pact_envelopes', 'pact_documents', 'pact_signers', 'pact_fields', 'pact_signer_links'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()))', t);
  END LOOP;
END $$;
