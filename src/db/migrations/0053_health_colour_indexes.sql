-- Reads of the primary scorecard's colours, found with bench/api.ts on 100,000 accounts
-- (docs/performance.md).

-- An account's latest colour (renewals, advocacy: one probe per renewal) is read from the index
-- alone once the colour is in it, as the latest score already was.
create index health_snapshots_latest_colour_idx on health_snapshots (account_id, day desc) include (scorecard_id, score, color);
drop index health_snapshots_latest_idx;
alter index health_snapshots_latest_colour_idx rename to health_snapshots_latest_idx;

-- The manager's Home counts every account's colour on two days (each account's latest snapshot in the
-- 7 days up to the day): a range of this narrow index instead of a scan of every snapshot with its
-- measure arrays.
create index health_snapshots_day_idx on health_snapshots (day) include (scorecard_id, account_id, color);
