-- The accounts list shows the exact number of accounts its filter selects, on every page. Counted over the
-- table, that is a pass over every live account per request (~23 ms on 100,000 accounts, most of the list's
-- cost). The standard fields teams segment by (tier, industry, region with size, lifecycle stage) get
-- their own narrow indexes, so counting a filter on them reads the index alone (1–3 ms) (docs/performance.md).
create index accounts_tier_idx on accounts (tier) where deleted_at is null;
create index accounts_industry_idx on accounts (industry) where deleted_at is null;
create index accounts_region_idx on accounts (region, employees) where deleted_at is null;
create index accounts_lifecycle_stage_idx on accounts (lifecycle_stage) where deleted_at is null;
