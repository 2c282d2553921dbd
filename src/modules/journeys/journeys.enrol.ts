import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { JourneyDefinition } from '../../shared/journeys.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { contactRows } from '../contacts/contacts.read.js';

/** The journey as enrolment needs it: its published version and that version's definition. */
export interface Published {
  id: string;
  version: number;
  definition: JourneyDefinition;
}

/**
 * Enrols in one statement: accounts (account scope) or contacts (contact scope; accounts given stand for
 * their live contacts, contacts given for their accounts in an account journey). Re-entry decides who may
 * come in again: never — nobody who was ever in it; after_exit — nobody in it now; after_days — nobody in it
 * now or who entered within N days. Returns how many entered.
 */
export async function enrol(
  db: Kysely<DB>,
  journey: Published,
  now: Date,
  who: { accountIds?: readonly string[]; contactIds?: readonly string[] },
): Promise<string[]> {
  const accounts = [...new Set(who.accountIds ?? [])];
  const contacts = [...new Set(who.contactIds ?? [])];
  if (!accounts.length && !contacts.length) return [];
  const { definition } = journey;
  const candidates =
    definition.scope === 'account'
      ? sql`select a.id as account_id, null::uuid as contact_id from ${liveAccounts(db)} a
          where a.id = any(${accounts}::uuid[])
            or a.id in (select c.account_id from ${contactRows(db)} c where c.id = any(${contacts}::uuid[]))`
      : sql`select c.account_id, c.id as contact_id from ${contactRows(db)} c join ${liveAccounts(db)} a on a.id = c.account_id
          where c.deleted_at is null and (c.id = any(${contacts}::uuid[]) or c.account_id = any(${accounts}::uuid[]))`;
  const blocking =
    definition.reentry === 'never'
      ? sql`true`
      : definition.reentry === 'after_exit'
        ? sql`p.left_at is null`
        : sql`(p.left_at is null or p.entered_at > ${now}::timestamptz - make_interval(days => ${definition.reentryDays ?? 1}))`;
  const { rows } = await sql<{ id: string }>`
    insert into journey_participants (journey_id, version, account_id, contact_id, step_id, status, next_at,
      step_started_at, entered_at)
    select ${journey.id}::uuid, ${journey.version}, t.account_id, t.contact_id, ${definition.start}, 'active', ${now},
      ${now}, ${now}
    from (select distinct * from (${candidates}) x) t
    where not exists (select 1 from journey_participants p where p.journey_id = ${journey.id}::uuid
      and p.account_id = t.account_id and p.contact_id is not distinct from t.contact_id and ${blocking})
    on conflict do nothing
    returning id`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * Exit criteria: every participant of the journey whose account matches `exitWhen` now leaves (reason
 * `exit_criteria`), in one statement after one rule evaluation. `matched` is the rule engine's answer.
 */
export async function leaveMatching(db: Kysely<DB>, journeyId: string, accountIds: readonly string[], now: Date) {
  if (!accountIds.length) return 0;
  const result = await sql`
    update journey_participants set status = 'exited', left_at = ${now}, left_reason = 'exit_criteria', next_at = null,
      polls = false
    where journey_id = ${journeyId} and left_at is null and account_id = any(${[...accountIds]}::uuid[])`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The accounts of a journey's current participants (for its exit criteria). */
export async function currentAccounts(db: Kysely<DB>, journeyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('journey_participants')
    .select('account_id')
    .distinct()
    .where('journey_id', '=', journeyId)
    .where('left_at', 'is', null)
    .execute();
  return rows.map((r) => r.account_id);
}
