-- The lists' "usage of a module over the last N days" filter (docs/lists.md) sums the daily roll-ups of a
-- module's few events over a window of days for every account at once. usage_daily's key starts with the
-- account, so that read was a scan of every roll-up ever kept (they are kept for good); by event and day
-- it is a range per event of the window's rows only, read from the index alone.
create index usage_daily_event_day_idx on usage_daily (event, day) include (account_id, count);
