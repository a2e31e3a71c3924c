-- The platform audit log (control 19): security events and platform actions, append-only and
-- hash-chained; signed checkpoints of its head; and membership in the platform-permission
-- groups (the group → permission map itself is code: src/platform/access/platform-permissions.ts).

-- One entry per event. `hash` = SHA-256 over the canonical encoding of every other column
-- (src/platform/audit/audit-hash.ts), `prev_hash` = the previous entry's hash (64 zeros for
-- seq 1), so editing or removing any row breaks the chain from that row on.
CREATE TABLE platform_audit_log (
  seq bigint NOT NULL,
  occurred_at timestamptz NOT NULL,
  -- 'user' (actor_id = user id), 'cli' (an operator at the shell), 'service', 'anonymous'.
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'cli', 'service', 'anonymous')),
  actor_id text CHECK (char_length(actor_id) <= 200),
  permission text CHECK (char_length(permission) <= 100),
  action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.:-]{0,99}$'),
  target_type text CHECK (char_length(target_type) <= 100),
  target_id text CHECK (char_length(target_id) <= 200),
  tenant_id uuid,
  metadata jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  client_address text CHECK (char_length(client_address) <= 64),
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  -- The backstop behind the append lock: two writers can never both take the same seq.
  CONSTRAINT platform_audit_log_seq_key UNIQUE (seq),
  CHECK (seq >= 1)
);
CREATE INDEX platform_audit_log_tenant_idx ON platform_audit_log (tenant_id, seq) WHERE tenant_id IS NOT NULL;
CREATE INDEX platform_audit_log_action_idx ON platform_audit_log (action, seq);
CREATE INDEX platform_audit_log_actor_idx ON platform_audit_log (actor_id, seq);

-- The head, signed: {seq, head, time} under the audit signing key. A saved copy outside the
-- database proves later that the chain still reaches that seq with that hash.
CREATE TABLE platform_audit_checkpoints (
  seq bigint PRIMARY KEY CHECK (seq >= 0),
  head text NOT NULL CHECK (head ~ '^[0-9a-f]{64}$'),
  signed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL
);

-- The Ed25519 key that signs checkpoints: its own key, not a session signing key, because a
-- checkpoint must verify for years while session keys expire a day after retiring. The private
-- half is sealed with the master key; keys are never deleted.
CREATE TABLE platform_audit_keys (
  kid text PRIMARY KEY,
  public_key_pem text NOT NULL,
  private_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL
);

-- Append-only, for every role. The owner owns these tables (and an owner can always grant
-- itself privileges back), so a trigger refuses the change itself; the privileges are revoked
-- too, so the runtime role's attempt fails before reaching the trigger.
CREATE FUNCTION platform_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit tables are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER platform_audit_log_append_only BEFORE UPDATE OR DELETE ON platform_audit_log
  FOR EACH ROW EXECUTE FUNCTION platform_audit_refuse_change();
CREATE TRIGGER platform_audit_log_no_truncate BEFORE TRUNCATE ON platform_audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION platform_audit_refuse_change();
CREATE TRIGGER platform_audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON platform_audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION platform_audit_refuse_change();
CREATE TRIGGER platform_audit_checkpoints_no_truncate BEFORE TRUNCATE ON platform_audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION platform_audit_refuse_change();
-- A checkpoint key is never removed and its public half never changes; only its sealed private
-- half may be re-sealed under a new master key (`bsns keys reseal`).
CREATE FUNCTION platform_audit_keys_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.kid IS DISTINCT FROM OLD.kid OR NEW.public_key_pem IS DISTINCT FROM OLD.public_key_pem
     OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'audit keys are never removed or replaced: % on % refused', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER platform_audit_keys_guard BEFORE UPDATE OR DELETE ON platform_audit_keys
  FOR EACH ROW EXECUTE FUNCTION platform_audit_keys_guard();
CREATE TRIGGER platform_audit_keys_no_truncate BEFORE TRUNCATE ON platform_audit_keys
  FOR EACH STATEMENT EXECUTE FUNCTION platform_audit_refuse_change();

-- The default privileges give the runtime role UPDATE and DELETE on every new table: take them
-- back from every grantee (the runtime role, the owner itself, anyone), whatever their names.
DO $$
DECLARE
  grantee_name text;
BEGIN
  FOR grantee_name IN
    SELECT DISTINCT grantee FROM information_schema.role_table_grants
    WHERE table_schema = current_schema()
      AND table_name IN ('platform_audit_log', 'platform_audit_checkpoints', 'platform_audit_keys')
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON platform_audit_log, platform_audit_checkpoints FROM %I', grantee_name);
    EXECUTE format('REVOKE DELETE, TRUNCATE ON platform_audit_keys FROM %I', grantee_name);
  END LOOP;
END;
$$;

-- Membership in the platform groups, managed only by `bsns admin grant|revoke` (each change is
-- audited). No sign-up path writes here: the first super-admin is made at the shell.
CREATE TABLE platform_group_members (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  group_name text NOT NULL CHECK (group_name IN ('SUPER_ADMIN', 'BILLING_ADMIN', 'SUPPORT_ADMIN')),
  granted_at timestamptz NOT NULL,
  granted_by text NOT NULL CHECK (char_length(granted_by) <= 200),
  PRIMARY KEY (user_id, group_name)
);
