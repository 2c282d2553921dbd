-- The accounts list's search ("account 12", "acme.com", "CRM-0042") matches anywhere in the name, the
-- domain or the external id (ILIKE '%…%'): a scan of every account without these trigram indexes —
-- about 300 ms at 100,000 accounts (npm run bench:lists). pg_trgm is a trusted extension: the database
-- owner may create it. It goes in public, so a schema of its own (tests) can be dropped without it.
create extension if not exists pg_trgm with schema public;

create index accounts_name_trgm_idx on accounts using gin (name public.gin_trgm_ops);
create index accounts_domain_trgm_idx on accounts using gin (domain public.gin_trgm_ops);
create index accounts_external_id_trgm_idx on accounts using gin (external_id public.gin_trgm_ops);
