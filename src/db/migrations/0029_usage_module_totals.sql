-- "Usage of a module over the last N days" (docs/lists.md) for the windows lists ask for most — 7, 30 and
-- 90 days — kept per module and account, so a list filtered on it reads an index range instead of summing
-- every using account's daily roll-ups (953 ms at 100k accounts; bench:lists). Owned by usage; written by
-- its refresh with the other account facts (the data-arrival signal for the accounts whose usage moved,
-- and hourly for all, which slides the windows to the new day). An account with no such events has no row.
create table usage_module_totals (
  module text not null,
  days smallint not null check (days in (7, 30, 90)),
  account_id uuid not null references accounts (id) on delete cascade,
  events bigint not null check (events > 0),
  primary key (module, days, account_id)
);
-- "Reports ≥ 50 in 30 days": the accounts in a range of totals.
create index usage_module_totals_events_idx on usage_module_totals (module, days, events) include (account_id);

-- The organisation day the last full refresh counted up to. The filter reads the totals only when this
-- is today, and sums the roll-ups itself otherwise, so a list is never a day behind after midnight.
create table usage_module_totals_state (
  singleton boolean primary key default true check (singleton),
  as_of date not null
);
