import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountListQuerySchema } from '../../shared/accounts.js';
import { cliActor } from '../audit/actor.js';
import { ctaFixture } from '../ctas/test-helpers.js';

/** account_facts (docs/lists.md): each figure hand-computed, refreshed where it changes, filtered and sorted by the list. */
let f: Awaited<ReturnType<typeof ctaFixture>>;
let red: string;
let green: string;
let small: string;
let card: string;
const db = () => f.database.db;

async function snapshot(accountId: string, day: string, score: number, color: string) {
  await sql`insert into health_snapshots (scorecard_id, account_id, day, score, color, measure_ids, measure_values, measure_scores, measure_weights)
    values (${card}::uuid, ${accountId}::uuid, ${day}::date, ${score}, ${color}, '{}', '{}', '{}', '{}')
    on conflict (scorecard_id, account_id, day) do update set score = excluded.score, color = excluded.color`.execute(
    db(),
  );
}
async function subscription(accountId: string, plan: string, amountMinor: number, startsOn: string) {
  const { rows } = await sql<{
    id: string;
  }>`insert into subscriptions (account_id) values (${accountId}::uuid) returning id`.execute(db());
  await sql`insert into subscription_versions (subscription_id, account_id, plan, amount_minor, currency, interval, starts_on, status)
    values (${rows[0]!.id}::uuid, ${accountId}::uuid, ${plan}, ${amountMinor}, 'CNY', 'year', ${startsOn}::date, 'active')`.execute(
    db(),
  );
}
const facts = (id: string) =>
  db().selectFrom('account_facts').selectAll().where('account_id', '=', id).executeTakeFirstOrThrow();
const list = (query: Record<string, unknown>) =>
  f.services.accounts.list(accountListQuerySchema.parse({ pageSize: 50, ...query }));

beforeAll(async () => {
  f = await ctaFixture('2026-06-01T08:00:00Z');
  [red, green, small] = [await f.account(), await f.account(), await f.account()];
  const existing = await sql<{ id: string }>`select id from health_scorecards where is_primary and active`.execute(
    db(),
  );
  card =
    existing.rows[0]?.id ??
    (
      await sql<{
        id: string;
      }>`insert into health_scorecards (name, is_primary, updated_at) values ('Overall', true, now()) returning id`.execute(
        db(),
      )
    ).rows[0]!.id;
  // Annual contracts from 2025-08-15 and 2025-12-01: they renew 2026-08-15 (75 days ahead) and 2026-12-01 (183).
  await subscription(red, 'enterprise', 12_000_000_00, '2025-08-15'); // ¥12,000,000 a year → MRR ¥1,000,000
  await subscription(green, 'enterprise', 24_000_000, '2025-12-01'); // ¥240,000 a year → MRR ¥20,000
  await subscription(small, 'starter', 6_000_000, '2025-08-20'); // ¥60,000 a year → ARR below 100k
  await snapshot(red, '2026-05-02', 70, 'green');
  await snapshot(red, '2026-06-01', 35, 'red');
  await snapshot(green, '2026-06-01', 82, 'green');
  await snapshot(small, '2026-05-31', 55, 'yellow');
  await snapshot(small, '2026-06-01', 30, 'red');
  await sql`insert into prediction_scores (account_id, model_id, renewal_probability, top_factors, computed_at)
    select ${red}::uuid, null, 0.25, '[]', now()`
    .execute(db())
    .catch(() => undefined);
  await sql`insert into nps_responses (account_id, score, responded_at) values
    (${red}::uuid, 9, '2026-03-01T00:00:00Z'), (${red}::uuid, 3, '2026-05-20T00:00:00Z')`.execute(db());
  await f.services.facts.refresh();
});
afterAll(() => f.database.close());

describe('account facts', () => {
  it('hold each figure as computed by hand', async () => {
    const r = await facts(red);
    expect(r).toMatchObject({
      mrr_minor: 1_000_000_00,
      arr_minor: 12_000_000_00,
      plan: 'enterprise',
      renewal_on: expect.stringMatching(/^2026-08-15/) as unknown as string,
      health_score: 35,
      health_color: 'red',
      health_trend: -35,
      latest_nps: 3,
      open_ctas: 0,
    });
    expect(await facts(green)).toMatchObject({
      arr_minor: 24_000_000,
      health_score: 82,
      health_trend: null,
      latest_nps: null,
    });
    // The latest snapshot's day and the colour the day before: what the Home's "since yesterday" reads.
    expect(await facts(small)).toMatchObject({
      health_day: expect.stringMatching(/^2026-06-01/) as unknown as string,
      health_color: 'red',
      health_color_before: 'yellow',
    });
    // No snapshot the day before (the one before is a month older): no colour before.
    expect(await facts(red)).toMatchObject({ health_color_before: null });
  });

  it('"Red, ARR > 100k, renewing within 90 days" is one filter, sorted by health', async () => {
    const filters = JSON.stringify([
      { field: 'health_color', op: 'in', value: ['red'] },
      { field: 'arr', op: 'gt', value: 100_000_00 },
      { field: 'renewal_on', op: 'within_days', value: 90 },
    ]);
    const page = await list({ filters, sort: 'health' });
    expect(page.items.map((a) => a.id)).toEqual([red]);
    expect(page.total).toBe(1);
    const byArr = await list({ sort: 'arr', order: 'desc' });
    expect(byArr.items.map((a) => a.id)).toEqual([red, green, small]);
    const soon = await list({ filters: JSON.stringify([{ field: 'days_to_renewal', op: 'lte', value: 80 }]) });
    expect(soon.items.map((a) => a.id).sort()).toEqual([red, small].sort());
  });

  it('follow a new health score, an NPS answer and a closed CTA', async () => {
    await snapshot(green, '2026-06-01', 20, 'red');
    await f.services.facts.refresh([green]);
    expect(await facts(green)).toMatchObject({ health_score: 20, health_color: 'red', health_trend: null });
    // No refresh by hand: the answer's data-arrival signal runs the facts listener (inline without a queue).
    await f.services.nps.record(cliActor, green, { score: 10 });
    expect((await facts(green)).latest_nps).toBe(10);
    // The answer is signalled, so the rules have run for the account (a red score opens its CTAs).
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ctas where account_id = ${green}::uuid and status <> 'closed'`.execute(db());
    const before = rows[0]!.n;
    expect((await facts(green)).open_ctas).toBe(before);
    const cta = await f.services.ctas.open(cliActor, {
      accountId: green,
      type: 'risk',
      title: 'Call them',
      priority: 'high',
      dueOn: '2026-06-10',
    } as never);
    expect((await facts(green)).open_ctas).toBe(before + 1);
    await f.services.ctas.close(cliActor, cta.id, 'success', 'done');
    expect((await facts(green)).open_ctas).toBe(before);
  });

  it('names the column a hand-written source lacks, and every column its part needs', async () => {
    const source = sql`select id as account_id, 50::float8 as health_score from accounts`;
    const written = f.services.accounts.writeFacts('health', source);
    await expect(written).rejects.toThrow(
      "The health facts' source lacks the column health_color: it must give account_id, health_score, health_color, health_trend, health_day, health_color_before",
    );
  });

  it('refuses a bad value naming the field', () => {
    const bad = accountListQuerySchema.safeParse({
      filters: JSON.stringify([{ field: 'arr', op: 'gt', value: 'lots' }]),
    });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('errors.conditionDecimal');
    const within = accountListQuerySchema.safeParse({
      filters: JSON.stringify([{ field: 'arr', op: 'within_days', value: 9 }]),
    });
    expect(JSON.stringify(within.error?.issues)).toContain('errors.conditionWithin');
  });
});
