import { type Transaction, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { setFirstPayments } from '../accounts/account-dates.service.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

/** A payment known outside the versions (a paid Stripe invoice), on a day of the organisation's time zone. */
export interface Payment {
  accountId: string;
  paidOn: string;
}

/**
 * The root of every account's first payment date (`accounts.first_paid_on`), which starts its
 * lifecycle: onboarding, milestones, onboarding risk and the welcome all read it. Every write of
 * subscription versions (imports, the API, Stripe) and every paid Stripe invoice ends here, so
 * no path can leave a paying account without it.
 *
 * A payment is a version in service and charged (active or past due, amount above 0 — a trial or
 * a free plan is not), from the day it starts, or a payment passed in. The date only ever moves
 * back: an earlier payment (a history imported later) replaces it, a later one never does, and
 * a date entered by hand that is earlier than every payment stands.
 *
 * One statement for all the given accounts: the earliest payments computed here are written by the
 * accounts module's setFirstPayments, so an import chunk stays set-based; each change is audited.
 */
export async function recordFirstPayments(
  trx: Transaction<DB>,
  audit: Pick<AuditService, 'recordMany'>,
  actor: Actor,
  input: { accountIds?: readonly string[]; payments?: readonly Payment[] },
): Promise<{ accountId: string; before: string | null; after: string }[]> {
  const accountIds = [...new Set(input.accountIds ?? [])];
  const payments = input.payments ?? [];
  if (!accountIds.length && !payments.length) return [];
  const earliest = sql`
    with paid as (
      select v.account_id, min(v.starts_on) as paid_on
      from subscription_versions v
      where v.account_id = any(${accountIds}::uuid[]) and v.status in ('active', 'past_due') and v.amount_minor > 0
      group by v.account_id
      union all
      select p.account_id, p.paid_on from unnest(${payments.map((p) => p.accountId)}::uuid[], ${payments.map((p) => p.paidOn)}::date[]) as p(account_id, paid_on)
    )
    select account_id, min(paid_on) as paid_on from paid group by account_id`;
  const rows = await setFirstPayments(trx, earliest);
  await audit.recordMany(
    trx,
    actor,
    rows.map((r) => ({
      action: 'update',
      entity: 'account',
      entityId: r.id,
      before: { firstPaidOn: r.before },
      after: { firstPaidOn: r.after },
    })),
  );
  return rows.map((r) => ({ accountId: r.id, before: r.before, after: r.after }));
}
