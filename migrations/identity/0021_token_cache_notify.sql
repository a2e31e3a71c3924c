-- The in-process cache of verified personal access tokens (src/identity/api-tokens/token-cache.ts)
-- is told here, on commit, of every change that can end a token: each process LISTENs on
-- `bsns_token_cache` and drops the entries a message names. Payloads: `t:<token id>`,
-- `u:<user id>`, `m:<tenant id>:<user id>`, `n:<tenant id>`, `*` (everything).

-- Any change to a token but its last use (written once a minute), so a column added later is covered too.
CREATE FUNCTION token_cache_notify_token() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('bsns_token_cache', 't:' || OLD.id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER api_tokens_token_cache_update AFTER UPDATE ON api_tokens FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'last_used_at' - 'last_used_address') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at' - 'last_used_address'))
  EXECUTE FUNCTION token_cache_notify_token();
CREATE TRIGGER api_tokens_token_cache_delete AFTER DELETE ON api_tokens FOR EACH ROW EXECUTE FUNCTION token_cache_notify_token();

-- Disabling (or re-enabling) a user, or deleting one.
CREATE FUNCTION token_cache_notify_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('bsns_token_cache', 'u:' || OLD.id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER users_token_cache_update AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.disabled_at IS DISTINCT FROM NEW.disabled_at) EXECUTE FUNCTION token_cache_notify_user();
CREATE TRIGGER users_token_cache_delete AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION token_cache_notify_user();

-- A membership removed or changed (a token needs its holder to stay a member).
CREATE FUNCTION token_cache_notify_membership() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('bsns_token_cache', 'm:' || OLD.tenant_id::text || ':' || OLD.user_id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER memberships_token_cache AFTER UPDATE OR DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION token_cache_notify_membership();

-- Any change to a tenant (disabling one among them), or its deletion.
CREATE FUNCTION token_cache_notify_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('bsns_token_cache', 'n:' || OLD.id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER tenants_token_cache AFTER UPDATE OR DELETE ON tenants FOR EACH ROW EXECUTE FUNCTION token_cache_notify_tenant();

-- TRUNCATE fires no row triggers: drop everything.
CREATE FUNCTION token_cache_notify_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('bsns_token_cache', '*');
  RETURN NULL;
END $$;
CREATE TRIGGER api_tokens_token_cache_truncate AFTER TRUNCATE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION token_cache_notify_all();
CREATE TRIGGER users_token_cache_truncate AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION token_cache_notify_all();
CREATE TRIGGER memberships_token_cache_truncate AFTER TRUNCATE ON memberships FOR EACH STATEMENT EXECUTE FUNCTION token_cache_notify_all();
CREATE TRIGGER tenants_token_cache_truncate AFTER TRUNCATE ON tenants FOR EACH STATEMENT EXECUTE FUNCTION token_cache_notify_all();
