-- Data-arrival signals (src/jobs/signals.ts): accounts with new data since listeners last ran.
-- One row per account; `seq` moves on with every new signal so a run only clears what it saw.
-- pg-boss keeps its own tables in its own schema (`pgboss`), created by pg-boss itself.
create sequence account_signals_seq;
create table account_signals (
  account_id uuid primary key references accounts(id) on delete cascade,
  source text not null,
  seq bigint not null default nextval('account_signals_seq')
);
