import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { LifecycleStage } from '../../shared/lifecycle.js';

/**
 * Set-based writes of account columns other modules compute for many accounts at once: the lifecycle
 * stage (lifecycle/lifecycle.sql.ts) and the first payment date (subscriptions/first-payment.sql.ts).
 * The caller's computation — itself reading the accounts read model, never the table — comes in as a
 * query and the write is one statement over it, so a nightly run or an import chunk stays set-based
 * while only this module names `accounts` (src/db/ownership.ts). In the caller's transaction; the
 * caller audits (and logs on the timeline) what changed.
 */

/**
 * Writes lifecycle stages: `stages` yields `id`, `before` (the stage it read with the account) and
 * `stage`; only accounts whose stage differs are written. Returns those, ordered by account id.
 */
export async function setLifecycleStages(trx: Kysely<DB>, stages: RawBuilder<unknown>) {
  const { rows } = await sql<{ account_id: string; before: LifecycleStage | null; stage: LifecycleStage }>`
    with changed as (
      update accounts a set lifecycle_stage = c.stage
      from (${stages}) c
      where a.id = c.id and a.lifecycle_stage is distinct from c.stage
      returning a.id as account_id, c.before, c.stage
    )
    select account_id, before, stage from changed order by account_id`.execute(trx);
  return rows;
}

/**
 * Moves first payment dates back: `earliest` yields `account_id` and `paid_on` (a date); an account
 * takes it when it has none or a later one — an earlier date stands. Returns the accounts changed with
 * the date before (null when none) and after, as text (YYYY-MM-DD).
 */
export async function setFirstPayments(trx: Kysely<DB>, earliest: RawBuilder<unknown>) {
  const { rows } = await sql<{ id: string; before: string | null; after: string }>`
    update accounts a set first_paid_on = e.paid_on
    from (${earliest}) e
    join accounts old on old.id = e.account_id
    where a.id = e.account_id and (a.first_paid_on is null or a.first_paid_on > e.paid_on)
    returning a.id, old.first_paid_on::text as before, a.first_paid_on::text as after`.execute(trx);
  return rows;
}
