-- A sign-in opens in the tenant the user last worked in: the newest session per (user, tenant),
-- signed-out ones included. Without this index that lookup scanned every session row.
CREATE INDEX sessions_user_tenant_created_idx ON sessions (user_id, tenant_id, created_at);
