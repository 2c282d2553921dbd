-- Brings installs that ran an earlier text of a released migration to today's schema. Three
-- released migrations were edited after some databases had run them (the edits are pinned now,
-- src/db/migrations/checksums.json): every statement here is a no-op on a database built from
-- today's files.

-- 0002_tracking: raw events lost their (account, day) index — nothing reads raw events by account —
-- and gained one for the unattributed events of recent days.
drop index if exists usage_events_account_day_idx;
create index if not exists usage_events_unattributed_recent_idx on usage_events (received_at) where account_id is null;

-- 0010_health: the organisation's first usage day is min(day) over the active-user roll-up.
create index if not exists usage_active_daily_day_idx on usage_active_daily (day);

-- 0013_renewals: the name of whoever set a forecast category by hand stays after the user is deleted.
alter table renewals add column if not exists category_set_by_name text;
