-- The first payment date from every source (docs/lifecycle.md): until now only a date entered by
-- hand or imported with the account set accounts.first_paid_on, so accounts paying through Stripe,
-- a subscription import or the API never started their lifecycle. From now on the subscriptions
-- module sets it on every write (src/modules/subscriptions/first-payment.sql.ts); this fills it in
-- for the data already there, by the same rule: the earliest version in service and charged, or
-- the earliest paid Stripe invoice of a subscription. The migration does not know the
-- organisation's time zone, so an invoice counts on its UTC day (the versions carry local days).
with paid as (
  select account_id, min(starts_on) as paid_on
  from subscription_versions
  where status in ('active', 'past_due') and amount_minor > 0
  group by account_id
  union all
  select account_id, min((paid_at at time zone 'UTC')::date)
  from stripe_invoices
  where status = 'paid' and amount_paid > 0 and subscription_id is not null and account_id is not null and paid_at is not null
  group by account_id
), earliest as (
  select account_id, min(paid_on) as paid_on from paid group by account_id
), changed as (
  update accounts a set first_paid_on = e.paid_on
  from earliest e
  join accounts old on old.id = e.account_id
  where a.id = e.account_id and (a.first_paid_on is null or a.first_paid_on > e.paid_on)
  returning a.id, old.first_paid_on as before, a.first_paid_on as after
)
insert into audit_log (actor_type, actor_id, actor_name, action, entity, entity_id, before, after)
select 'system', null, 'migration 0016', 'update', 'account', id::text,
  jsonb_build_object('firstPaidOn', before), jsonb_build_object('firstPaidOn', after)
from changed;
