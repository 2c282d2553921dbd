import { sql } from 'kysely';
import type { Services } from '../services.js';
import { type Lang, langOfName } from './texts.js';
import { demoActor } from './write.js';

/**
 * The demo's CS operating system (issue #6 point 9): onboarding managers and milestones — most
 * on time, about one account in four behind (loadDemoMilestones) — then the shipped rules run once, a few CTAs are
 * flagged with notes from last week's risk meeting, and closed history feeds the effectiveness
 * report. Every step is a set-based statement or a handful of service calls.
 */
/**
 * Onboarding managers and milestones, before the health history is scored: the onboarding
 * scorecard reads the milestones, and a history scored without them would change on the first
 * recompute.
 */
export async function loadDemoMilestones(
  services: Services,
  onboardingManagerId: string | undefined,
  timeZone: string,
) {
  const { db } = services;
  const today = services.clock.today(timeZone);
  const manager = onboardingManagerId;
  if (manager)
    await sql`update accounts set onboarding_manager_id = ${manager}::uuid where lifecycle_stage = 'onboarding' and deleted_at is null`.execute(
      db,
    );
  await services.milestones.sync({ today });
  // On-track accounts completed their past milestones a few days early; the rest are late.
  await sql`update account_milestones set completed_on = due_on - (abs(hashtext(account_id::text || template_id::text)) % 4), completed_how = 'manual', completed_by = ${manager ?? null}::uuid
    where due_on < ${today}::date and abs(hashtext(account_id::text)) % 4 <> 0`.execute(db);
}

export async function loadDemoCtas(services: Services, timeZone: string) {
  const { db } = services;
  const today = services.clock.today(timeZone);
  const run = await services.ctas.runRules({ actor: demoActor });

  // Rules have been running for weeks: about one open CTA in five was opened 3–22 days ago, so some
  // are overdue. Its tasks and its timeline entry move back with it.
  const back = sql`(3 + abs(hashtext(c.id::text)) % 20)`;
  const older = sql`c.status = 'open' and abs(hashtext(c.id::text)) % 5 = 0`;
  await sql`update cta_tasks t set due_on = t.due_on - ${back} from ctas c where c.id = t.cta_id and ${older}`.execute(
    db,
  );
  await sql`update activities a set occurred_at = a.occurred_at - ${back} * interval '1 day' from ctas c
    where a.account_id = c.account_id and a.type = 'system' and a.data->'params'->>'ctaId' = c.id::text and ${older}`.execute(
    db,
  );
  await sql`update ctas c set opened_at = c.opened_at - ${back} * interval '1 day', due_on = c.due_on - ${back} where ${older}`.execute(
    db,
  );

  // Last week's risk meeting: the most urgent onboarding and risk CTAs were flagged and discussed.
  // Two onboarding CTAs (their accounts turn red on the onboarding board) and two risk CTAs.
  const pick = (type: 'onboarding' | 'risk') =>
    db
      .selectFrom('ctas')
      .innerJoin('accounts', 'accounts.id', 'ctas.account_id')
      .select(['ctas.id', 'ctas.type', 'accounts.name as accountName'])
      .where('ctas.status', '=', 'open')
      .where('ctas.type', '=', type)
      .orderBy(sql`case priority when 'urgent' then 0 when 'high' then 1 else 2 end`)
      .orderBy('ctas.due_on')
      .orderBy('ctas.id')
      .limit(2)
      .execute();
  const flagged = [...(await pick('onboarding')), ...(await pick('risk'))];
  // What the CSM writes, in the customer's language.
  const reasons: Record<Lang, string[]> = {
    cn: [
      '需要研发协助排查数据同步问题',
      '客户要求定制报表，需要产品评估',
      '付款流程卡在客户财务',
      '关键联系人离职，需要销售重新建立关系',
    ],
    en: [
      'Engineering must look at the data sync',
      'Product to assess a custom report',
      'Finance on both sides must talk',
      'Sales to rebuild the relationship',
    ],
  };
  const decisions: Record<Lang, [string, string]> = {
    cn: ['本周内安排三方会议', '下周跟进'],
    en: ['Three-way call this week', 'Follow up next week'],
  };
  const lastMeeting = sql<string>`(${today}::date - 7)::text`;
  const {
    rows: [meeting],
  } = await sql<{ day: string }>`select ${lastMeeting} as day`.execute(db);
  for (const [i, c] of flagged.entries()) {
    const lang = langOfName(c.accountName);
    const reason = reasons[lang][i % reasons[lang].length]!;
    await services.ctas.flag(demoActor, c.id, true, reason);
    await services.ctas.addMeetingNote(demoActor, c.id, {
      meetingOn: meeting!.day,
      notes: reason,
      decision: decisions[lang][i % 2]!,
    });
  }

  // Closed history over the last six months: outcomes and first-action times that differ by rule.
  await sql`
    insert into ctas (account_id, rule_id, playbook_id, type, reason_key, reason_params, priority, owner_id, due_on, status, outcome, close_reason,
                      closed_at, first_action_at, opened_at, updated_at, fact_key)
    select a.id, r.id, r.playbook_id, r.cta_type, 'ctas.reason.' || r.trigger, '{}'::jsonb, r.priority, a.owner_id,
           (o.opened + r.due_days * interval '1 day')::date, 'closed',
           (array['success', 'success', 'no_action_needed', 'failed'])[1 + (abs(hashtext(a.id::text || r.id::text)) + length(r.key)) % 4],
           'Demo history', o.opened + (2 + abs(hashtext(r.id::text || a.id::text)) % 20) * interval '1 day',
           o.opened + (1 + (abs(hashtext(a.id::text)) % (length(r.key) * 8))) * interval '1 hour', o.opened, o.opened, 'history:' || r.key
    from accounts a
    join cta_rules r on r.key in ('milestone_overdue', 'no_activity', 'nps_detractor', 'renewal_due', 'usage_drop', 'seats_used', 'promoter', 'tickets')
    cross join lateral (select (${today}::date - (20 + abs(hashtext(a.id::text || r.key)) % 160))::timestamp at time zone ${timeZone} as opened) o
    where a.deleted_at is null and a.first_paid_on is not null and abs(hashtext(a.id::text || r.key)) % 9 = 0`.execute(
    db,
  );
  return { opened: run.opened, flagged: flagged.length };
}
