import { sql } from 'kysely';
import type { Services } from '../services.js';
import type { ChurnReason, RenewalCategory } from '../shared/renewals.js';
import { langOfName } from './texts.js';
import { demoActor } from './write.js';

/**
 * The renewal centre's part of the demo: outcomes derived from the company's own history (churns
 * with a reason, annual renewals — expanded or downgraded where the price moved), forecast
 * categories on some upcoming renewals, a handful of expansion opportunities and advocates.
 * Everything bulk is one statement; only the few opportunities and advocates go one by one.
 */

// Weighted towards the seed's strong churn factors (adoption, core-module use), then commercial ones.
const REASONS: ChurnReason[] = [
  'low_adoption',
  'low_adoption',
  'low_adoption',
  'product_fit',
  'product_fit',
  'price_budget',
  'price_budget',
  'poor_onboarding',
  'champion_left',
  'competitor',
  'support_quality',
  'business_closed',
];

export async function loadDemoRenewals(services: Services, today: string) {
  const { db, renewals, expansion, advocacy } = services;
  // Enterprise renewals have a dedicated renewal manager (seed 004: RACI once renewals get complex).
  const enterprise = (await db.selectFrom('segments').select('id').where('name', '=', 'Enterprise').executeTakeFirst())
    ?.id;
  const manager = await services.users.findByEmail('jie.zhou@tenure.demo');
  if (enterprise && manager) await renewals.setRenewalManager(demoActor, enterprise, manager.id);
  const factors = await services.metrics.conversionFactors();
  const factor = sql`coalesce((${JSON.stringify(factors)}::jsonb ->> trim(v.currency))::numeric, 1)`;
  const annual = sql`(v.amount_minor * case v.interval when 'month' then 12 when 'quarter' then 4 else 1 end)`;
  const { rows } = await sql<{
    account_id: string;
    renews_on: string;
    outcome: 'renewed' | 'expanded' | 'downgraded' | 'churned';
    reason_index: number;
    arr: number;
    new_arr: number;
  }>`
    with demo as (select id, external_id, churned_on from accounts where external_id like 'demo-%' and deleted_at is null),
    churns as (
      select d.id as account_id, d.churned_on as renews_on, 'churned' as outcome, mod(abs(hashtext(d.external_id)), ${REASONS.length}) as reason_index,
        coalesce(sum(round(${annual} * ${factor})), 0)::bigint as arr, 0::bigint as new_arr
      from demo d
      left join subscription_versions v on v.account_id = d.id and v.status in ('active', 'past_due') and v.starts_on < d.churned_on and (v.ends_on is null or v.ends_on >= d.churned_on)
      where d.churned_on is not null and d.churned_on <= ${today}::date and d.churned_on > ${today}::date - 540
      group by d.id, d.external_id, d.churned_on
    ),
    anchors as (
      select v.subscription_id, v.account_id, min(v.starts_on) as anchor
      from subscription_versions v join demo d on d.id = v.account_id
      where v.interval = 'year' and v.status in ('active', 'past_due') group by v.subscription_id, v.account_id
    ),
    anniversaries as (
      select a.subscription_id, a.account_id, (a.anchor + make_interval(years => n))::date as day
      from anchors a cross join generate_series(1, 6) n
      where (a.anchor + make_interval(years => n))::date <= ${today}::date and (a.anchor + make_interval(years => n))::date > ${today}::date - 540
    ),
    priced as (
      select x.account_id, x.day,
        (select sum(round(${annual} * ${factor})) from subscription_versions v where v.subscription_id = x.subscription_id and v.status in ('active', 'past_due') and v.starts_on < x.day and (v.ends_on is null or v.ends_on >= x.day)) as before_arr,
        (select sum(round(${annual} * ${factor})) from subscription_versions v where v.subscription_id = x.subscription_id and v.status in ('active', 'past_due') and v.starts_on <= x.day and (v.ends_on is null or v.ends_on > x.day)) as after_arr
      from anniversaries x
    ),
    renewed as (
      select account_id, day as renews_on,
        case when after_arr > before_arr then 'expanded' when after_arr < before_arr then 'downgraded' else 'renewed' end as outcome,
        0 as reason_index, before_arr::bigint as arr, after_arr::bigint as new_arr
      from priced where before_arr is not null and after_arr is not null
    )
    select account_id, renews_on::text, outcome, reason_index, arr, new_arr from churns
    union all
    select distinct on (account_id, renews_on) account_id, renews_on::text, outcome, reason_index, arr, new_arr from renewed`.execute(
    db,
  );
  const outcomes = rows.map((r) => ({
    accountId: r.account_id,
    renewsOn: r.renews_on,
    outcome: r.outcome,
    churnReason: r.outcome === 'churned' ? REASONS[Number(r.reason_index)]! : null,
    arrMinor: Number(r.arr),
    newArrMinor: Number(r.new_arr),
  }));

  // Categories CSMs set by hand on some upcoming renewals, after the model has scored them. Mostly
  // they confirm what the model and health say — commit on likely renewals, at risk on unlikely or
  // red ones, lost on the least likely — and two are a CSM's judgement against the model (visible
  // as set by hand): a likely renewal the CSM has heard is at risk, an unlikely one the customer
  // has verbally committed to.
  const upcoming = (await renewals.upcoming({ days: 180, sort: 'name', pageSize: 100_000 })).items;
  const p = (r: (typeof upcoming)[number]) => r.modelProbability ?? 0.75;
  const likely = upcoming.filter((r) => p(r) >= 0.85 && r.health?.color !== 'red');
  const unlikely = upcoming.filter((r) => p(r) < 0.5 || r.health?.color === 'red');
  const picked: { accountId: string; renewsOn: string; category: RenewalCategory }[] = [
    ...likely
      .filter((_, i) => i % 5 === 0)
      .slice(1)
      .map((r) => ({ accountId: r.accountId, renewsOn: r.renewsOn, category: 'commit' as const })),
    ...unlikely
      .filter((_, i) => i % 2 === 0)
      .map((r) => ({
        accountId: r.accountId,
        renewsOn: r.renewsOn,
        category: p(r) < 0.1 ? ('lost' as const) : ('at_risk' as const),
      })),
  ];
  if (likely[0]) picked.push({ accountId: likely[0].accountId, renewsOn: likely[0].renewsOn, category: 'at_risk' });
  const committed = unlikely.find((_, i) => i % 2 === 1);
  if (committed) picked.push({ accountId: committed.accountId, renewsOn: committed.renewsOn, category: 'commit' });
  const categories = picked;
  await renewals.bulkRecord(demoActor, [...outcomes, ...categories]);
  if (outcomes.length) {
    await db
      .insertInto('activities')
      .values(
        outcomes.map((o) => ({
          account_id: o.accountId,
          type: 'system' as const,
          data: JSON.stringify({
            key: 'timeline.renewalOutcome',
            params: { outcome: o.outcome, reason: o.churnReason, renewsOn: o.renewsOn },
          }),
          occurred_at: `${o.renewsOn}T02:00:00Z`,
        })),
      )
      .execute();
  }

  // A handful of expansion opportunities in every stage, on the largest upcoming renewals.
  const biggest = [...upcoming]
    .sort((a, b) => b.arrMinor - a.arrMinor || a.accountName.localeCompare(b.accountName))
    .slice(0, 7);
  // Titles as the CSM writes them, in the customer's language.
  const ideas = [
    {
      cn: '席位扩容：已用到许可的 92%',
      en: 'Seats at 92 % of the licence',
      stage: 'identified',
      source: 'rule',
      product: 'Seats',
    },
    {
      cn: '对 BI 分析模块有兴趣',
      en: 'Analytics module interest',
      stage: 'qualified',
      source: 'support',
      product: 'Analytics',
    },
    { cn: '升级企业版', en: 'Upgrade to Enterprise', stage: 'proposal', source: 'manual', product: 'Enterprise plan' },
    { cn: 'API 调用包', en: 'API call bundle', stage: 'won', source: 'manual', product: 'API' },
    { cn: '新事业部上线', en: 'Second business unit', stage: 'lost', source: 'manual', product: 'Seats' },
    {
      cn: '管理员培训服务包',
      en: 'Admin training package',
      stage: 'identified',
      source: 'support',
      product: 'Services',
    },
    { cn: '审批流程模块', en: 'Workflow module', stage: 'qualified', source: 'rule', product: 'Workflow' },
  ] as const;
  let opportunities = 0;
  for (const [i, r] of biggest.entries()) {
    const idea = ideas[i]!;
    const amountMinor = Math.round((r.arrMinor * (0.1 + (i % 3) * 0.08)) / 100) * 100;
    const created = await expansion.createOpportunity(demoActor, {
      accountId: r.accountId,
      title: idea[langOfName(r.accountName)],
      source: idea.source,
      sourceRef: `demo:${i}`,
      amountMinor,
      currency: r.currency,
      expectedCloseOn: r.renewsOn,
      product: idea.product,
    });
    if (created.created && idea.stage !== 'identified')
      await expansion.update(demoActor, created.id, { stage: idea.stage });
    opportunities += Number(created.created);
  }

  // Advocates: the first promoter candidates, at different stages, and two referrals.
  const candidates = (await advocacy.candidates()).slice(0, 5);
  const asks = [
    { kind: 'case_study', stage: 'agreed' },
    { kind: 'reference_call', stage: 'done' },
    { kind: 'review', stage: 'asked' },
    { kind: 'event_speaker', stage: 'candidate' },
    { kind: 'referral', stage: 'agreed' },
  ] as const;
  for (const [i, c] of candidates.entries()) await advocacy.track(demoActor, { accountId: c.accountId, ...asks[i]! });
  if (candidates[4]) {
    const cn = langOfName(candidates[4].accountName) === 'cn';
    await advocacy.addReferral(demoActor, {
      accountId: candidates[4].accountId,
      referredCompany: cn ? '星河物流有限公司' : 'Galaxy Logistics Ltd',
      status: 'in_talks',
    });
    await advocacy.addReferral(demoActor, {
      accountId: candidates[4].accountId,
      referredCompany: cn ? '远山教育科技有限公司' : 'Farhill Education Inc.',
      status: 'won',
    });
  }
  return { outcomes: outcomes.length, categories: categories.length, opportunities, advocates: candidates.length };
}
