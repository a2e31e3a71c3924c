-- Recovery codes stand in for a second factor; without one they would be a factor nobody enrolled.
-- Codes left behind by a removed last factor, or made before any factor, are deleted.
DELETE FROM recovery_codes rc
WHERE NOT EXISTS (SELECT 1 FROM totp_factors t WHERE t.user_id = rc.user_id AND t.confirmed_at IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = rc.user_id);
