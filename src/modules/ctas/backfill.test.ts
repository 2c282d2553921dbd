import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctaFixture } from './test-helpers.js';

/**
 * Migration 0015 on an install that ran the rules before CTAs had a fact: the database is taken
 * back to the 0014 shape, filled with CTAs as the old engine left them, and migrated forward.
 */
let f: Awaited<ReturnType<typeof ctaFixture>>;
beforeAll(async () => {
  f = await ctaFixture('2026-06-15T09:00:00Z');
});
afterAll(() => f.close());

const MIGRATION = new URL('../../db/migrations/0015_cta_fact_keys.sql', import.meta.url);
const ruleId = async (key: string) =>
  (await f.db.selectFrom('cta_rules').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;

/** A CTA as the 0012 engine wrote it. */
async function legacy(
  accountId: string,
  rule: string,
  v: { status: string; outcome?: string; params?: object; openedAt: string; dueOn: string },
) {
  const { rows } = await sql<{
    id: string;
  }>`insert into ctas (account_id, rule_id, type, reason_key, reason_params, priority, due_on, status, outcome, opened_at, closed_at)
    values (${accountId}::uuid, ${await ruleId(rule)}::uuid, 'risk', ${`ctas.reason.${rule}`}, ${JSON.stringify(v.params ?? {})}::jsonb, 'high', ${v.dueOn}::date,
            ${v.status}, ${v.outcome ?? null}, ${v.openedAt}::timestamptz, ${v.status === 'closed' ? v.openedAt : null}::timestamptz) returning id`.execute(
    f.db,
  );
  return rows[0]!.id;
}

describe('0015_cta_fact_keys on an existing install', () => {
  it('gives old CTAs their fact, so the upgraded rules neither reopen what a person closed nor duplicate what is open', async () => {
    await sql`drop table cta_episodes`.execute(f.db);
    await sql`alter table ctas drop constraint ctas_due_by_anchor, drop constraint ctas_rule_has_fact, drop column fact_key, drop column anchor_on`.execute(
      f.db,
    );

    const silent = await f.account({ firstPaidOn: '2026-04-01' });
    const detractor = await f.account();
    const renewing = await f.account();
    await sql`insert into nps_responses (account_id, score, responded_at) values (${detractor}::uuid, 4, '2026-06-05T00:00:00Z')`.execute(
      f.db,
    );
    // A silent account whose no-activity CTA a CSM closed; a detractor already followed up; a renewal CTA the
    // old engine opened twice (closed, then the same renewal again, due after the renewal).
    await legacy(silent, 'no_activity', {
      status: 'closed',
      outcome: 'success',
      params: { days: 14 },
      openedAt: '2026-06-10T07:15:00Z',
      dueOn: '2026-06-13',
    });
    await legacy(detractor, 'nps_detractor', {
      status: 'closed',
      outcome: 'success',
      params: { score: 4 },
      openedAt: '2026-06-05T07:15:00Z',
      dueOn: '2026-06-07',
    });
    const first = await legacy(renewing, 'renewal_due', {
      status: 'closed',
      outcome: 'success',
      params: { renewsOn: '2026-08-01', days: 90 },
      openedAt: '2026-05-10T07:15:00Z',
      dueOn: '2026-08-03',
    });
    const again = await legacy(renewing, 'renewal_due', {
      status: 'open',
      params: { renewsOn: '2026-08-01', days: 90 },
      openedAt: '2026-05-11T07:15:00Z',
      dueOn: '2026-08-04',
    });

    // As the migrator runs it: one transaction (its temporary table lives until the commit).
    await f.database.executeSql(`begin;\n${fs.readFileSync(MIGRATION, 'utf8')}\n;\ncommit;`);

    const rows = await f.db
      .selectFrom('ctas')
      .select(['id', 'fact_key', 'anchor_on', 'due_on'])
      .where('account_id', 'in', [silent, detractor, renewing])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(again)).toMatchObject({
      fact_key: 'renewal:2026-08-01',
      anchor_on: '2026-08-01',
      due_on: '2026-08-01',
    });
    expect(byId.get(first)!.fact_key).toBe(`renewal:2026-08-01#${first}`);
    expect(rows.every((r) => r.fact_key)).toBe(true);

    await f.onlyRules('no_activity');
    expect((await f.services.ctas.runRules({ accountIds: [silent] })).opened).toBe(0);
    await f.onlyRules('nps_detractor');
    expect((await f.services.ctas.runRules({ accountIds: [detractor] })).opened).toBe(0);
    expect(
      await f.db
        .selectFrom('cta_episodes')
        .select('condition')
        .where('account_id', '=', silent)
        .where('ended_at', 'is', null)
        .execute(),
    ).toEqual([{ condition: 'no_activity' }]);
  });
});
