-- At most one live invitation per address and tenant: inviting the address again replaces the
-- earlier one (revoked in the same transaction), so only the newest emailed link can be accepted.
CREATE UNIQUE INDEX invitations_pending_uq ON invitations (tenant_id, email_normalized)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;
