-- Platform administration (/admin). A busy identity database must not queue sign-ins behind
-- this file: give up after 5 s and retry the deploy instead.
SET LOCAL lock_timeout = '5s';

-- A platform admin can disable a tenant (tenants:manage): its tokens are refused at once, its
-- sessions are revoked and launching into it is refused. Null while the tenant is enabled.
ALTER TABLE tenants ADD COLUMN disabled_at timestamptz;

-- The admin lists walk these newest first by keyset (created_at, id): an index walk of one page,
-- not a sort of the whole table (100,000 users: 80 ms a page without it).
CREATE INDEX users_created_idx ON users (created_at, id);
CREATE INDEX tenants_created_idx ON tenants (created_at, id);
CREATE INDEX sessions_live_created_idx ON sessions (created_at, id) WHERE revoked_at IS NULL;
CREATE INDEX api_tokens_created_idx ON api_tokens (created_at, id);
