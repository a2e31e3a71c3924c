-- Rate-limit counters are rewritten on every guessable request. Keeping them out of the WAL means
-- their commits never wait for a disk flush (the largest cost of a sign-in besides argon2).
-- Trade-off: after a PostgreSQL crash the table is emptied, so counters restart from zero; an
-- attacker would have to crash the database to win a fresh budget. Redis, the recommended store
-- in production, keeps nothing on disk either.
ALTER TABLE rate_limit_counters SET UNLOGGED;
