-- A platform admin can disable a tenant (tenants:manage): its tokens are refused at once, its
-- sessions are revoked and launching into it is refused. Null while the tenant is enabled.
ALTER TABLE tenants ADD COLUMN disabled_at timestamptz;
