-- Every write tells the other processes which table changed (src/db/table-changes.ts): their read caches
-- drop what they read from it. One notification per table and transaction (PostgreSQL folds identical
-- ones), sent when the transaction commits; the payload is schema.table, so schemas sharing a database
-- (the test suites) only hear their own. A table created later needs the same trigger: test/ownership
-- checks that every table has it.
create function tenure_notify_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('tenure_changes', tg_table_schema || '.' || tg_table_name);
  return null;
end $$;

do $$
declare
  t record;
begin
  for t in select c.relname from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
      and c.relname <> 'schema_migrations'
  loop
    execute format(
      'create trigger tenure_notify_change after insert or update or delete or truncate on %I '
      'for each statement execute function tenure_notify_change()', t.relname);
  end loop;
end $$;
