-- The head of the platform audit chain in one row, so an append is one statement: the UPDATE
-- takes the row lock (concurrent appends queue on it, and under READ COMMITTED each one re-reads
-- the row its predecessor committed), moves the head and hashes the new entry, and the same
-- statement inserts that entry. It replaces the advisory lock + head SELECT + INSERT (three
-- round trips under the lock) of 0013. The row also remembers the tip: a tail cut out of the log
-- by a superuser leaves the next append pointing at an entry that is gone, a visible break.
CREATE TABLE platform_audit_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq bigint NOT NULL CHECK (seq >= 0),
  prev_hash text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);

INSERT INTO platform_audit_head (seq, prev_hash, hash)
SELECT coalesce(max(seq), 0),
       (SELECT prev_hash FROM platform_audit_log ORDER BY seq DESC LIMIT 1),
       coalesce((SELECT hash FROM platform_audit_log ORDER BY seq DESC LIMIT 1), repeat('0', 64))
FROM platform_audit_log;

-- Writers move the head; nobody adds or removes its one row.
DO $$
DECLARE
  grantee_name text;
BEGIN
  FOR grantee_name IN
    SELECT DISTINCT grantee FROM information_schema.role_table_grants
    WHERE table_schema = current_schema() AND table_name = 'platform_audit_head'
  LOOP
    EXECUTE format('REVOKE INSERT, DELETE, TRUNCATE ON platform_audit_head FROM %I', grantee_name);
  END LOOP;
END;
$$;

CREATE TRIGGER platform_audit_head_no_delete BEFORE DELETE ON platform_audit_head
  FOR EACH ROW EXECUTE FUNCTION platform_audit_refuse_change();
CREATE TRIGGER platform_audit_head_no_truncate BEFORE TRUNCATE ON platform_audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION platform_audit_refuse_change();
