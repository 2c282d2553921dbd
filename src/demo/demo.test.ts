import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/support/db.js';
import { createClock } from '../clock.js';
import type { Database } from '../db/connection.js';
import { CONTACT_ROLES } from '../shared/accounts.js';
import { createServices, type Services } from '../services.js';
import { accountListQuerySchema } from '../shared/accounts.js';
import { type DemoResult, DEMO_ADMIN, loadDemo } from './load.js';
import { generatePlan, planDigest } from './plan.js';
import { revenueSummary } from './revenue.js';
import { EVENT_BUDGET, RECENT_DAYS, splitRecentUsage } from './events.js';
import { createAccount360Service } from '../modules/account360/account360.service.js';
import { createBenchmarkService } from '../modules/benchmarks/benchmarks.service.js';
import { createDeckService } from '../modules/reviews/reviews.deck.js';
import { createReviewService } from '../modules/reviews/reviews.service.js';
import { createVocService } from '../modules/voc/voc.module.js';

const NOW = '2026-06-15T04:00:00Z';
const OPTIONS = { seed: 42, timeZone: 'Asia/Shanghai', currency: 'CNY' };
const TODAY = createClock(NOW).today(OPTIONS.timeZone);

describe('demo plan', () => {
  const plan = generatePlan({ ...OPTIONS, today: TODAY });

  it('is a pure function of the seed and today', () => {
    expect(planDigest(generatePlan({ ...OPTIONS, today: TODAY }))).toBe(planDigest(plan));
    expect(planDigest(generatePlan({ ...OPTIONS, seed: 43, today: TODAY }))).not.toBe(planDigest(plan));
    expect(planDigest(generatePlan({ ...OPTIONS, today: '2026-07-01' }))).not.toBe(planDigest(plan));
  });

  it('has revenue like a real company: growing MRR, 1–3 % monthly logo churn, NRR 100–115 %', () => {
    const revenue = revenueSummary(plan);
    expect(revenue.mrr.at(-1)!).toBeGreaterThan(revenue.mrr[0]! * 1.5);
    expect(revenue.monthlyLogoChurn).toBeGreaterThan(0.01);
    expect(revenue.monthlyLogoChurn).toBeLessThan(0.03);
    expect(revenue.nrr).toBeGreaterThan(1);
    expect(revenue.nrr).toBeLessThan(1.15);
  });

  it('keeps subscription versions contiguous and dated inside the demo', () => {
    for (const account of plan.accounts) {
      for (const subscription of account.subscriptions) {
        subscription.versions.forEach((v, i) => {
          expect(v.endsOn === null || v.endsOn > v.startsOn).toBe(true);
          expect(v.startsOn <= TODAY).toBe(true);
          const next = subscription.versions[i + 1];
          if (next) expect(next.startsOn).toBe(v.endsOn);
        });
      }
      for (const a of account.activities) expect(a.occurredAt < NOW).toBe(true);
      for (const t of account.tickets) expect(t.openedAt < NOW).toBe(true);
    }
    expect(plan.usage.every((u) => u.day < TODAY && u.users > 0 && u.count >= u.users)).toBe(true);
  });
});

describe('loaded demo', () => {
  let database: Database;
  let services: Services;
  let result: DemoResult;
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]!;

  beforeAll(async () => {
    database = await testDatabase();
    services = createServices({ db: database.db, clock: createClock(NOW), config: { TENURE_SESSION_DAYS: 14 } });
    result = await loadDemo(services, OPTIONS);
  }, 420_000);
  afterAll(() => database?.close());

  it('has about 400 accounts in every segment, with the team and the saved segments', async () => {
    expect(result.skipped).toBe(false);
    const { n } = await one<{ n: number }>(sql`select count(*)::int as n from accounts`);
    expect(n).toBe(result.accounts);
    expect(n).toBeGreaterThanOrEqual(380);
    expect(n).toBeLessThanOrEqual(420);
    const segments = await sql<{
      segment: string;
      n: number;
    }>`select attributes->>'segment' as segment, count(*)::int as n from accounts group by 1`.execute(database.db);
    expect(Object.fromEntries(segments.rows.map((r) => [r.segment, r.n]))).toMatchObject({
      smb: expect.any(Number),
      mid_market: expect.any(Number),
      enterprise: expect.any(Number),
    });
    const saved = await services.segments.list();
    expect(saved.map((s) => s.name).sort()).toEqual(['Enterprise', 'Mid-market', 'SMB']);
    expect(saved.reduce((sum, s) => sum + s.memberCount, 0)).toBe(n);
    expect((await services.users.list()).map((u) => u.role).sort()).toEqual([
      'admin',
      'cs_manager',
      'csm',
      'csm',
      'csm',
      'csm',
      'onboarding',
      'sales',
      'support',
      'viewer',
    ]);
  });

  it('fills the figures lists, Home and the 360 header read, without waiting for the hourly refresh', async () => {
    const paying = await services.accounts.list(
      accountListQuerySchema.parse({ sort: 'arr', order: 'desc', pageSize: 200 }),
      [],
    );
    const top = await services.accounts.facts(paying.items[0]!.id);
    expect(top?.arr_minor).toBeGreaterThan(0);
    expect(top?.arr_minor).toBe((top?.mrr_minor ?? 0) * 12);
    expect(top?.health_color).not.toBeNull();
    expect(top?.renewal_on).not.toBeNull();
    expect(top?.renewal_probability).not.toBeNull();
  });

  it('lets the demo admin sign in', async () => {
    const user = await services.users.authenticate(DEMO_ADMIN.email, DEMO_ADMIN.password);
    expect(user?.role).toBe('admin');
  });

  it('gives every account contacts with one primary, and uses every decision-chain role', async () => {
    const roles = await sql<{ role: string }>`select distinct role from contacts`.execute(database.db);
    expect(roles.rows.map((r) => r.role).sort()).toEqual([...CONTACT_ROLES].sort());
    const { bad } = await one<{ bad: number }>(sql`
      select count(*)::int as bad from accounts a
      where (select count(*) from contacts c where c.account_id = a.id and c.is_primary) <> 1`);
    expect(bad).toBe(0);
  });

  it('has churned accounts, some of which came back', async () => {
    const { churned } = await one<{ churned: number }>(
      sql`select count(*)::int as churned from accounts where lifecycle_stage = 'churned' and churned_on is not null`,
    );
    expect(churned).toBeGreaterThan(30);
    const { open } = await one<{ open: number }>(sql`
      select count(*)::int as open from accounts a
      where a.churned_on is not null and exists (select 1 from subscription_versions v where v.account_id = a.id and (v.ends_on is null or v.ends_on > a.churned_on))`);
    expect(open).toBe(0);
    // Came back: a subscription that starts after another of the same account has ended for good.
    const { reactivated } = await one<{ reactivated: number }>(sql`
      with subs as (
        select subscription_id, account_id, min(starts_on) as first_day, max(ends_on) as last_day, bool_or(ends_on is null) as open
        from subscription_versions where status = 'active' group by subscription_id, account_id)
      select count(distinct b.account_id)::int as reactivated
      from subs a join subs b on b.account_id = a.account_id and b.subscription_id <> a.subscription_id
      where not a.open and b.first_day > a.last_day`);
    expect(reactivated).toBeGreaterThan(0);
  });

  it('shows churn coming in the usage: the last 30 days before churn are well below days 60–90 before', async () => {
    // Accounts that were customers through the whole 90 days and churned recently enough for the usage history to cover them.
    const rows = await sql<{ late: number; early: number }>`
      select coalesce(sum(u.count) filter (where u.day >= a.churned_on - 30 and u.day < a.churned_on), 0)::int as late,
             coalesce(sum(u.count) filter (where u.day >= a.churned_on - 90 and u.day < a.churned_on - 60), 0)::int as early
      from accounts a join usage_daily u on u.account_id = a.id
      where a.churned_on is not null and a.churned_on >= ${TODAY}::date - 90 and a.first_paid_on <= a.churned_on - 90
      group by a.id`.execute(database.db);
    const measured = rows.rows.filter((r) => r.early > 0);
    expect(measured.length).toBeGreaterThanOrEqual(5);
    const meanRatio = measured.reduce((sum, r) => sum + r.late / r.early, 0) / measured.length;
    expect(meanRatio).toBeLessThan(0.7);
  });

  it('gives churned accounts more tickets and lower NPS than retained ones', async () => {
    // Tickets a month over each account's last 90 paying days (before churn, or before today).
    const tickets = await sql<{ churned: boolean; rate: number }>`
      select a.churned_on is not null as churned,
             avg((select count(*) from tickets t where t.account_id = a.id
                    and t.opened_at >= coalesce(a.churned_on, ${TODAY}::date) - 90 and t.opened_at < coalesce(a.churned_on, ${TODAY}::date)) / 3.0)::float as rate
      from accounts a
      where a.first_paid_on <= coalesce(a.churned_on, ${TODAY}::date) - 90
        and coalesce(a.churned_on, ${TODAY}::date) - 90 >= ${TODAY}::date - interval '24 months'
      group by 1`.execute(database.db);
    const rate = Object.fromEntries(tickets.rows.map((r) => [String(r.churned), r.rate]));
    expect(rate.true!).toBeGreaterThan(rate.false! * 1.5);

    const nps = await sql<{ churned: boolean; score: number; nps: number }>`
      select a.churned_on is not null as churned, avg(r.score)::float as score,
             (100.0 * (count(*) filter (where r.score >= 9) - count(*) filter (where r.score <= 6)) / count(*))::float as nps
      from nps_responses r join accounts a on a.id = r.account_id
      group by 1`.execute(database.db);
    const byGroup = Object.fromEntries(nps.rows.map((r) => [String(r.churned), r]));
    expect(byGroup.true!.score).toBeLessThan(byGroup.false!.score - 1);
    expect(byGroup.true!.nps).toBeLessThan(0);
    expect(byGroup.false!.nps).toBeGreaterThan(0);
  });

  it('runs the CS operating system: stages for all, handoffs, recorded welcomes, CSM notifications', async () => {
    const stages = await sql<{
      stage: string | null;
      n: number;
    }>`select lifecycle_stage as stage, count(*)::int as n from accounts group by 1`.execute(database.db);
    const byStage = Object.fromEntries(stages.rows.map((r) => [r.stage, r.n]));
    expect(byStage.null).toBeUndefined();
    for (const stage of ['handoff', 'onboarding', 'adoption', 'renewal', 'churned'])
      expect(byStage[stage]).toBeGreaterThan(0);
    const handoffs = await sql<{
      status: string;
      n: number;
    }>`select status, count(*)::int as n from handoffs group by 1 order by 1`.execute(database.db);
    expect(handoffs.rows).toEqual([
      { status: 'draft', n: 3 },
      { status: 'handed_over', n: 1 },
    ]);
    // No SMTP in the demo: welcomes are recorded as skipped and left as in-app messages.
    const { skipped } = await one<{ skipped: number }>(
      sql`select count(*)::int as skipped from customer_sends where kind = 'welcome' and status = 'skipped'`,
    );
    expect(skipped).toBe(6);
    const { messages } = await one<{ messages: number }>(sql`select count(*)::int as messages from customer_messages`);
    expect(messages).toBe(6);
    const { notified } = await one<{ notified: number }>(
      sql`select count(distinct n.user_id)::int as notified from notifications n join users u on u.id = n.user_id where u.role in ('csm', 'cs_manager', 'onboarding')`,
    );
    expect(notified).toBeGreaterThan(0);
  });

  it('attributes demo writes to the system and timeline entries to the team', async () => {
    const { actors } = await one<{ actors: string[] }>(
      sql`select array_agg(distinct actor_name) as actors from audit_log where entity in ('account', 'contact', 'subscription_version')`,
    );
    expect(actors).toEqual(['demo', 'system']);
    // The system writes only what runs by itself: lifecycle stages moved by the data-arrival signal
    // (usage roll-ups), and CTAs the rules open.
    const { other } = await one<{ other: number }>(
      sql`select count(*)::int as other from audit_log where actor_name = 'system' and not (entity = 'account' and after ?& array['lifecycle_stage'] and (select count(*) from jsonb_object_keys(after)) = 1) and not (entity = 'cta' and action = 'create')`,
    );
    expect(other).toBe(0);
    const { unauthored } = await one<{ unauthored: number }>(
      sql`select count(*)::int as unauthored from activities where type <> 'system' and author_id is null`,
    );
    expect(unauthored).toBe(0);
  });

  it('sends its most recent days through the tracking API, and the roll-ups equal the plan row for row', async () => {
    const plan = generatePlan({ ...OPTIONS, today: TODAY });
    const split = splitRecentUsage(plan);
    expect(split.tracked.length).toBeGreaterThan(0);
    expect(split.tracked.reduce((sum, r) => sum + r.count, 0)).toBeLessThanOrEqual(EVENT_BUDGET);
    const { events } = await one<{ events: number }>(sql`select count(*)::int as events from usage_events`);
    expect(events).toBe(result.events);
    const { pending } = await one<{ pending: number }>(sql`select count(*)::int as pending from usage_pending`);
    expect(pending).toBe(0);
    const stored = await sql<{ key: string; count: number; users: number }>`
      select a.external_id || '|' || u.day || '|' || u.event as key, u.count, u.users from usage_daily u join accounts a on a.id = u.account_id`.execute(
      database.db,
    );
    const byKey = new Map(stored.rows.map((r) => [r.key, r]));
    expect(byKey.size).toBe(plan.usage.length);
    const wrong = plan.usage.filter((u) => {
      const row = byKey.get(`${plan.accounts[u.account]!.externalId}|${u.day}|${u.event}`);
      return row?.count !== u.count || row.users !== u.users;
    });
    expect(wrong).toEqual([]);
    // The tracked accounts' recent days came from raw events, attributed to them.
    const { attributed } = await one<{ attributed: number }>(sql`
      select count(*)::int as attributed from usage_events e join accounts a on a.id = e.account_id
      where e.type = 'track' and e.day >= ${TODAY}::date - ${RECENT_DAYS}::int`);
    expect(attributed).toBe(split.tracked.reduce((sum, r) => sum + r.count, 0));
  });

  it('trains the churn model once, so every active account has a renewal probability', async () => {
    expect(result.prediction).not.toBeNull();
    expect(result.prediction!.positives).toBeGreaterThanOrEqual(5);
    const { scored, active } = await one<{ scored: number; active: number }>(sql`
      select (select count(*)::int from prediction_scores) as scored,
             (select count(*)::int from accounts where churned_on is null) as active`);
    expect(scored).toBe(result.prediction!.scored);
    expect(scored).toBeGreaterThan(0.9 * active);
    // Churned accounts had lower usage before they left: the model ranks better than chance.
    expect(result.prediction!.auc).toBeGreaterThan(0.6);
  });

  it('keeps enough usage history for the churn model to be judged, and judged predictive', async () => {
    // The real training, as the load ran it: validated on its newest cut-offs, which must hold the
    // 30 churned examples a verdict needs — not `too_few`.
    const model = (await services.prediction.latestModel())!;
    expect(model.cutoffs.length).toBeGreaterThanOrEqual(12);
    expect(model.verdict).toBe('predictive');
    expect(model.aucInterval!.low).toBeGreaterThan(0.5);
  });

  it('shows upcoming renewals with some categories, past outcomes with churn reasons, opportunities and advocates', async () => {
    const upcoming = await services.renewals.upcoming({ days: 180, pageSize: 1000 });
    expect(upcoming.total).toBeGreaterThan(20);
    expect(upcoming.items.some((r) => r.categorySetByHand && r.category === 'commit')).toBe(true);
    expect(upcoming.items.some((r) => r.categorySetByHand && r.category === 'at_risk')).toBe(true);
    expect(upcoming.items.some((r) => r.renewalManagerName === '周杰')).toBe(true);
    const report = await services.renewals.outcomesReport('2025-01-01', TODAY);
    const byOutcome = Object.fromEntries(report.byOutcome.map((g) => [g.key, g.count]));
    expect(byOutcome.churned).toBeGreaterThan(10);
    expect(byOutcome.renewed).toBeGreaterThan(10);
    expect(report.byReason.reduce((n, g) => n + g.count, 0)).toBeGreaterThanOrEqual(byOutcome.churned!);
    expect(report.byOutcome.every((g) => g.arrMinor > 0)).toBe(true);
    const opportunities = await services.expansion.list({ page: 1, pageSize: 50 });
    expect(opportunities.total).toBe(7);
    expect(new Set(opportunities.items.map((o) => o.stage))).toEqual(
      new Set(['identified', 'qualified', 'proposal', 'won', 'lost']),
    );
    expect((await services.advocacy.list()).length).toBeGreaterThanOrEqual(3);
    const forecast = await services.renewals.forecast();
    expect(forecast.windows[1]!.forecastMinor).toBeGreaterThan(0);
    expect(forecast.windows[1]!.forecastMinor).toBeLessThan(forecast.windows[1]!.pipelineMinor);
  });

  it('shows the CS operating system: a workable number of open CTAs per CSM, overdue milestones, flagged CTAs with notes, closed history', async () => {
    const { open, late, busiest, overdue, flagged, noted, closed } = await one<{
      open: number;
      late: number;
      busiest: number;
      overdue: number;
      flagged: number;
      noted: number;
      closed: number;
    }>(sql`
      select (select count(*)::int from ctas where status <> 'closed') as open,
             (select count(*)::int from ctas where status <> 'closed' and due_on < ${TODAY}::date) as late,
             (select max(n)::int from (select count(*) as n from ctas where status <> 'closed' group by owner_id) x) as busiest,
             (select count(*)::int from account_milestones where completed_on is null and due_on < ${TODAY}::date) as overdue,
             (select count(*)::int from ctas where flagged and status <> 'closed') as flagged,
             (select count(distinct cta_id)::int from cta_meeting_notes) as noted,
             (select count(*)::int from ctas where status = 'closed') as closed`);
    expect(open).toBeGreaterThan(50);
    expect(busiest).toBeLessThan(80);
    expect(late).toBeGreaterThan(0);
    expect(late).toBeLessThan(open / 4);
    expect(overdue).toBeGreaterThan(0);
    expect(flagged).toBe(4);
    expect(noted).toBe(4);
    expect(closed).toBeGreaterThan(50);
  });

  it('looks like a real book of business: 10–20 % of customers red, spread probabilities, health red rule fired', async () => {
    const { red, customers } = await one<{ red: number; customers: number }>(sql`
      select count(*) filter (where h.color = 'red')::int as red, count(*)::int as customers
      from accounts a
      join health_snapshots h on h.account_id = a.id and h.day = ${TODAY}::date
      join health_scorecards c on c.id = h.scorecard_id and c.is_primary
      where a.deleted_at is null and a.first_paid_on is not null and a.churned_on is null`);
    expect(red / customers).toBeGreaterThanOrEqual(0.1);
    expect(red / customers).toBeLessThanOrEqual(0.2);
    const probabilities = (
      await sql<{ p: number }>`select renewal_probability as p from prediction_scores`.execute(database.db)
    ).rows.map((r) => r.p);
    expect(probabilities.filter((p) => p < 0.95).length).toBeGreaterThan(probabilities.length * 0.05);
    const { fired } = await one<{ fired: number }>(
      sql`select count(*)::int as fired from ctas c join cta_rules r on r.id = c.rule_id where r.trigger = 'health_red'`,
    );
    expect(fired).toBeGreaterThan(0);
  });

  it('never shows a forecast category against the probability unless a person set it (marked by hand)', async () => {
    const { items } = await services.renewals.upcoming({ days: 180, pageSize: 1000 });
    // Red health next to the category is a visible reason for "at risk" too.
    const contradicts = (r: (typeof items)[number]) =>
      r.modelProbability !== null &&
      ((r.category === 'commit' && r.modelProbability < 0.5) ||
        ((r.category === 'at_risk' || r.category === 'lost') &&
          r.modelProbability >= 0.85 &&
          r.health?.color !== 'red'));
    expect(items.filter((r) => contradicts(r) && !r.categorySetByHand)).toEqual([]);
    // The demo's CSMs overrule the model twice, visibly; every other hand-set category agrees with it.
    expect(items.filter((r) => contradicts(r)).length).toBeLessThanOrEqual(2);
    expect(
      items.filter((r) => r.categorySetByHand && r.category === 'lost').every((r) => (r.modelProbability ?? 0) < 0.5),
    ).toBe(true);
  });

  it('changes no score when health is recomputed after the load with no new data', async () => {
    const read = () =>
      database.db
        .selectFrom('health_snapshots')
        .select(['scorecard_id', 'account_id', 'day', 'score', 'color', 'measure_values'])
        .orderBy('scorecard_id')
        .orderBy('account_id')
        .orderBy('day')
        .execute();
    const before = await read();
    await services.health.recompute();
    expect(await read()).toEqual(before);
  });

  it("writes each text in one language: what a person writes about a customer in that customer's language", async () => {
    // A Chinese text next to its English translation ("中文 · English") in one field is not how anyone writes.
    const bilingual = String.raw`[\u4e00-\u9fff][^·]*·[^\u4e00-\u9fff]*[A-Za-z]{3}|[A-Za-z]{3}[^\u4e00-\u9fff]*·[^·]*[\u4e00-\u9fff]`;
    const columns = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'jsonb')`.execute(database.db);
    const mixed: string[] = [];
    for (const { table_name, column_name } of columns.rows) {
      const found = await sql<{ value: string }>`
        select ${sql.ref(column_name)}::text as value from ${sql.table(table_name)}
        where ${sql.ref(column_name)}::text ~ ${bilingual} limit 3`.execute(database.db);
      for (const row of found.rows) mixed.push(`${table_name}.${column_name}: ${row.value.slice(0, 120)}`);
    }
    expect(mixed).toEqual([]);
    // Chinese customers' CTA flags are in Chinese, English customers' in English.
    const flags = await database.db
      .selectFrom('ctas')
      .innerJoin('accounts', 'accounts.id', 'ctas.account_id')
      .select(['accounts.name', 'ctas.flag_reason'])
      .where('ctas.flag_reason', 'is not', null)
      .execute();
    expect(flags.length).toBeGreaterThan(0);
    const cjk = /[\u4e00-\u9fff]/;
    for (const f of flags) expect(cjk.test(f.flag_reason!), f.name).toBe(cjk.test(f.name));
  });

  it('has success plans: a catalogue, a template per segment, needs, and objectives with owners, targets, statuses and tasks', async () => {
    expect((await services.successPlans.valuePoints()).length).toBeGreaterThanOrEqual(5);
    const templates = await services.successPlans.templates();
    expect(templates.map((t) => t.segment?.name).sort()).toEqual(['Enterprise', 'Mid-market', 'SMB']);
    const tiers = await sql<{ tier: string; accounts: number; customers: number }>`
      select a.tier, count(distinct o.account_id)::int as accounts,
             (select count(*)::int from accounts b where b.tier = a.tier and b.first_paid_on is not null and b.churned_on is null) as customers
      from success_objectives o join accounts a on a.id = o.account_id group by a.tier`.execute(database.db);
    const byTier = Object.fromEntries(tiers.rows.map((r) => [r.tier, r]));
    expect(byTier.high_touch!.accounts).toBeGreaterThan(byTier.high_touch!.customers * 0.6);
    expect(byTier.low_touch!.accounts).toBeGreaterThan(byTier.low_touch!.customers * 0.3);
    expect(byTier.tech_touch).toBeUndefined();
    const { bad, statuses, tasks, needs } = await one<{
      bad: number;
      statuses: string[];
      tasks: number;
      needs: number;
    }>(sql`
      select (select count(*)::int from success_objectives o join accounts a on a.id = o.account_id
                where o.owner_id is distinct from a.owner_id or o.due_on is null or o.metric_kind is null) as bad,
             (select array_agg(distinct status order by status) from success_objectives) as statuses,
             (select count(*)::int from success_tasks) as tasks,
             (select count(distinct account_id)::int from account_value_needs) as needs`);
    expect(bad).toBe(0);
    expect(statuses).toEqual(expect.arrayContaining(['achieved', 'at_risk', 'missed', 'on_track']));
    expect(tasks).toBeGreaterThan(result.objectives);
    expect(needs).toBeGreaterThan(5);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from success_objectives group by account_id`.execute(database.db);
    expect(rows.every((r) => r.n >= 2 && r.n <= 4)).toBe(true);
  });

  it("counts the demo's past QBRs as logged reviews: a high-touch account shows its last review and a deck with content", async () => {
    const timeZone = OPTIONS.timeZone;
    const reviews = createReviewService({ ...services, timeZone, defaultLocale: 'zh-CN' });
    const deck = createDeckService({
      ...services,
      timeZone,
      reviews,
      summary: createAccount360Service({ ...services, timeZone, baseCurrency: OPTIONS.currency }),
      benchmarks: createBenchmarkService(services),
      objectives: services.successPlans,
    });
    // The high-touch customer with a plan whose last QBR is the most recent.
    const { id } = await one<{ id: string }>(sql`
      select a.id from accounts a join activities x on x.account_id = a.id and x.type = 'qbr'
      where a.tier = 'high_touch' and a.churned_on is null and exists (select 1 from success_objectives o where o.account_id = a.id)
      group by a.id order by max(x.occurred_at) desc, a.id limit 1`);
    const status = await reviews.status(id);
    expect(status.cadence).toMatchObject({ months: 3, kind: 'qbr' });
    expect(status.lastOn).not.toBeNull();
    expect(status.history[0]).toMatchObject({ kind: 'qbr' });
    expect(status.dueOn! > TODAY).toBe(true);
    const content = await deck.deck(id);
    expect(content.period.from).toBe(status.lastOn);
    expect(content.objectives?.length).toBeGreaterThanOrEqual(2);
    expect(content.usage.modules.reduce((n, m) => n + m.events.reduce((a, b) => a + b, 0), 0)).toBeGreaterThan(0);
    expect(content.nps.latest).not.toBeNull();
  });

  it('has the voice of the customer: tagged notes, tickets and verbatims; top tags by ARR with a trend; requests with ARR at stake', async () => {
    const voc = createVocService(services, OPTIONS.currency);
    const { notes, tickets, verbatims, activities } = await one<{
      notes: number;
      tickets: number;
      verbatims: number;
      activities: number;
    }>(sql`
      select count(distinct item_id) filter (where item_type = 'activity')::int as notes,
             count(distinct item_id) filter (where item_type = 'ticket')::int as tickets,
             count(distinct item_id) filter (where item_type = 'nps')::int as verbatims,
             (select count(*)::int from activities where type <> 'system') as activities
      from voc_tag_links`);
    expect(notes).toBeGreaterThan(activities * 0.03);
    expect(notes).toBeLessThan(activities * 0.5);
    expect(tickets).toBeGreaterThan(50);
    expect(verbatims).toBeGreaterThan(20);
    const report = await voc.report.report({ days: 90 });
    expect(report.tags.length).toBeGreaterThanOrEqual(5);
    expect(report.tags[0]!.arrMinor).toBeGreaterThan(0);
    expect(new Set(report.trend.map((t) => t.month)).size).toBeGreaterThanOrEqual(6);
    expect(report.requests.length).toBeGreaterThan(0);
    const requests = await voc.requests.list({ sort: 'arr', order: 'desc', page: 1, pageSize: 50 });
    expect(requests.total).toBeGreaterThanOrEqual(10);
    expect(requests.total).toBeLessThanOrEqual(20);
    expect(new Set(requests.items.map((r) => r.status))).toEqual(new Set(['new', 'planned', 'shipped', 'declined']));
    expect(requests.items.every((r) => r.accounts >= 3 && r.arrMinor > 0 && r.productArea)).toBe(true);
    expect(requests.items.some((r) => r.renewingArrMinor > 0)).toBe(true);
    const top = await voc.requests.get(requests.items[0]!.id);
    expect(top.requesters.some((r) => r.contact !== null)).toBe(true);
    // Shipped requests told their customers: one CTA per requesting account.
    const { told, shippedLinks } = await one<{ told: number; shippedLinks: number }>(sql`
      select count(l.loop_cta_id)::int as told, count(*)::int as "shippedLinks"
      from feature_request_accounts l join feature_requests r on r.id = l.request_id where r.status = 'shipped'`);
    expect(told).toBe(shippedLinks);
  });

  it('records ICP fit criteria met or missed and customer maturity for high-touch customers', async () => {
    const { graded, assessed } = await one<{ graded: number; assessed: number }>(sql`
      select (select count(*)::int from account_facts where fit_grade is not null) as graded,
             (select count(distinct account_id)::int from account_maturity_assessments) as assessed`);
    expect(graded).toBeGreaterThan(300);
    expect(assessed).toBeGreaterThan(10);
    const { id } = await one<{ id: string }>(sql`select account_id as id from account_maturity_assessments limit 1`);
    const fit = await services.fit.accountFit(id);
    expect(fit.criteria.filter((c) => c.status !== 'unknown').length).toBeGreaterThanOrEqual(3);
  });

  it('does not load twice', async () => {
    const again = await loadDemo(services, OPTIONS);
    expect(again).toMatchObject({ skipped: true, accounts: 0, users: 0 });
    const { n } = await one<{ n: number }>(sql`select count(*)::int as n from accounts`);
    expect(n).toBe(result.accounts);
  });
});
