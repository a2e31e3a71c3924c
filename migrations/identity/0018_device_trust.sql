-- Device cookies (OWASP) are stateless; a password reset has to end the trust of those issued
-- before it, or a browser that was signed in by whoever held the account before the reset keeps
-- its own failure counter on the account. Cookies issued at or before this time are unknown clients.
ALTER TABLE users ADD COLUMN devices_trusted_after timestamptz;
