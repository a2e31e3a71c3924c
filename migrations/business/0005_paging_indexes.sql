-- Keyset paging (issue 16) of what hangs off one record, of notifications and of dead letters:
-- each list walks an index in its page order, ending in a unique column, so page 100 costs what
-- page 1 costs. The sort keys share one direction, so a backward page ("previous") walks the same
-- index the other way.

-- Links of a person (its companies) and of a company (its people), in the order they were made.
CREATE INDEX record_links_person_paging_idx ON record_links (tenant_id, person_id, created_at, company_id);
CREATE INDEX record_links_company_paging_idx ON record_links (tenant_id, company_id, created_at, person_id);
DROP INDEX record_links_company_idx;

-- Notes and the timeline, newest first: (created_at, id) both one way.
CREATE INDEX record_notes_paging_idx ON record_notes (tenant_id, record_id, created_at, id);
DROP INDEX record_notes_record_idx;
CREATE INDEX record_activity_paging_idx ON record_activity (tenant_id, record_id, created_at, id);
DROP INDEX record_activity_record_idx;

-- A record's tasks by due date.
CREATE INDEX record_tasks_record_paging_idx ON record_tasks (tenant_id, record_id, due_on, id);
DROP INDEX record_tasks_record_idx;

-- A user's notifications and the tenant's dead letters, newest first.
CREATE INDEX notifications_by_user_paging ON notifications (tenant_id, user_id, created_at, id);
DROP INDEX notifications_by_user;
CREATE INDEX webhook_deliveries_failed_paging ON webhook_deliveries (tenant_id, updated_at, id) WHERE status IN ('failed', 'dead');
DROP INDEX webhook_deliveries_failed;
