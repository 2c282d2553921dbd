-- Indexes for the busiest reads, found with bench/api.ts (npm run bench:api, docs/performance.md) on
-- 100,000 accounts.

-- Sorting the accounts list by health looks up each listed account's latest primary score: with
-- score and scorecard in the index that is an index-only scan, not a heap visit per account. It
-- serves every (account_id, day) lookup the old index served, so that one goes.
create index health_snapshots_latest_idx on health_snapshots (account_id, day desc) include (scorecard_id, score);
drop index health_snapshots_account_idx;

-- Lists that join live accounts (CTAs, renewals …) probe them by id with "deleted_at is null":
-- index-only on this small index instead of a scan of the wide accounts table.
create index accounts_live_idx on accounts (id) where deleted_at is null;

-- A CSM's active CTAs (the CSM home page, /api/ctas?scope=mine) without reading the closed ones.
create index ctas_active_owner_idx on ctas (owner_id, due_on) where status <> 'closed';
