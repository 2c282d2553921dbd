-- The CTA list (GET /api/ctas, bench:api): it skips CTAs of deleted accounts with an anti-join on the
-- deleted ones instead of joining every live account — a pass over 100,000 accounts per request at
-- bench scale. This partial index holds only deleted accounts, so the anti-join reads next to nothing.
create index accounts_deleted_idx on accounts (id) where deleted_at is not null;
