-- Limits shared by every instance on this database (src/platform/rate-limit-store/): requests per
-- client address and route, the proof-of-work load (holds per minute) and the solved challenges
-- already used. One row per key and window, counted by one INSERT … ON CONFLICT DO UPDATE.
--
-- UNLOGGED: counters are worth nothing after a crash (PostgreSQL empties the table then), and
-- skipping the write-ahead log keeps a hit cheap. No authority_id: a client address or a solved
-- challenge is not a tenant's data, and a flood is the same flood whichever authority's portal it
-- reaches. The key is an HMAC (a key derived from the installation key) of the limit's name and
-- the address, so the table holds no address in the clear.
CREATE UNLOGGED TABLE rate_limit_counters (
  key bytea PRIMARY KEY,
  hits integer NOT NULL CHECK (hits > 0),
  window_ends_at timestamptz NOT NULL
) WITH (fillfactor = 70);
-- fillfactor: room on the page for the next version of a row, so a hit is a HOT update (no index
-- entry written). No index on window_ends_at for the same reason: the purge job's scan of a table
-- of live windows is cheaper than an index write on every window's start.

GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_counters TO willkommen_app;
