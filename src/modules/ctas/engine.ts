import { type Kysely, type Transaction, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { CtaRulesTable, DB } from '../../db/types.js';
import type { Selectable } from 'kysely';
import { type Actor, systemActor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { accountRows } from '../accounts/accounts.read.js';
import { userRows } from '../users/users.read.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { TRIGGERS, type TriggerDeps, type TriggerType } from './triggers.js';
import type { CtaEvents, OpenedCta } from './events.js';
import { planDay } from './plan.js';

type Rule = Selectable<CtaRulesTable>;

export interface EngineDeps extends TriggerDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: Pick<AuditService, 'recordMany'>;
  timeline: Pick<TimelineService, 'recordMany'>;
  /** Segment scope of a rule: the member ids (one set-based query per segment). */
  segmentMembers?: (segmentId: string) => Promise<string[]>;
  /** Milestones are assigned and auto-completed before the rules look at them. */
  beforeRun?: (run: { today: string; accountIds?: string[] }) => Promise<unknown>;
  events: CtaEvents;
}

export interface RunResult {
  asOf: string;
  rules: number;
  opened: number;
  closed: number;
  reopened: number;
  byRule: { ruleId: string; key: string | null; trigger: string; opened: number; closed: number; evaluated: boolean }[];
}

/** The SQL that resolves a rule's owner for each account: the account owner, its onboarding manager, or a role's first active user. */
function ownerExpression(db: Kysely<DB>, owner: string) {
  const firstOfRole = (role: string) =>
    sql`(select u.id from ${userRows(db)} u where u.role = ${role} and u.active order by u.created_at, u.id limit 1)`;
  if (owner === 'account_owner') return sql`a.owner_id`;
  if (owner === 'onboarding') return sql`coalesce(a.onboarding_manager_id, ${firstOfRole('onboarding')})`;
  return firstOfRole(owner);
}

export function createRuleEngine(deps: EngineDeps) {
  const { db, clock, timeZone, audit, timeline, events } = deps;

  /**
   * One rule over every account in scope (docs/ctas.md "CTA identity"): the trigger's facts are
   * materialised once; continuing conditions are tied to their current episode; CTAs whose fact no
   * longer holds auto-close (when the rule says so); then each account's first fact that never had a
   * CTA of this rule opens one, unless one is still open. Two unique indexes make concurrent runs
   * safe: one CTA per (rule, account, fact) ever, and one open per (rule, account).
   */
  async function runRule(rule: Rule, today: string, now: Date, accountIds: string[] | undefined, actor: Actor) {
    const trigger = TRIGGERS[rule.trigger as TriggerType];
    const params = trigger.params.parse(rule.params ?? {});
    const candidates = await trigger.candidates({ db, today, tz: timeZone, params, deps, accountIds });
    if (!candidates) return { opened: [] as OpenedCta[], closed: 0, evaluated: false };
    const scope = (column: string) => (accountIds ? sql`and ${sql.ref(column)} = any(${accountIds}::uuid[])` : sql``);
    const members = rule.segment_id && deps.segmentMembers ? await deps.segmentMembers(rule.segment_id) : undefined;
    const inSegment = members ? sql`a.id = any(${members}::uuid[])` : sql`true`;

    return db.transaction().execute(async (trx) => {
      // Materialised once: the trigger's SELECT may be heavy, and four statements read it.
      await sql`create temporary table cta_candidates (account_id uuid not null, fact text not null, continuing boolean not null, params jsonb,
        anchor date, lead int, ord int, eligible boolean not null, fact_key text) on commit drop`.execute(trx);
      await sql`insert into cta_candidates
        select c.account_id, c.fact, c.continuing, c.params, c.anchor, c.lead, c.ord,
               a.deleted_at is null and a.churned_on is null and ${inSegment}, case when c.continuing then null else c.fact end
        from (${candidates}) c join ${accountRows(db)} a on a.id = c.account_id
        where c.fact is not null ${scope('c.account_id')}`.execute(trx);

      // Episodes: the ones whose condition is gone end; a condition without a current episode starts one.
      await sql`update cta_episodes e set ended_at = ${now}
        where e.rule_id = ${rule.id}::uuid and e.ended_at is null ${scope('e.account_id')}
          and not exists (select 1 from cta_candidates c where c.continuing and c.account_id = e.account_id and c.fact = e.condition)`.execute(
        trx,
      );
      await sql`insert into cta_episodes (rule_id, account_id, condition, started_at)
        select distinct ${rule.id}::uuid, account_id, fact, ${now}::timestamptz from cta_candidates where continuing
        order by account_id, fact -- one lock order for every concurrent run
        on conflict (rule_id, account_id, condition) where ended_at is null do nothing`.execute(trx);
      // A separate statement, so it also sees an episode a concurrent run has just started.
      await sql`update cta_candidates c set fact_key = c.fact || '@' || e.id from cta_episodes e
        where c.continuing and e.rule_id = ${rule.id}::uuid and e.account_id = c.account_id and e.condition = c.fact and e.ended_at is null`.execute(
        trx,
      );

      let closed: { id: string; account_id: string }[] = [];
      if (rule.auto_close) {
        ({ rows: closed } = await sql<{ id: string; account_id: string }>`
          update ctas x set status = 'closed', outcome = 'condition_cleared', closed_at = ${now}, updated_at = ${now}, snoozed_until = null
          where x.rule_id = ${rule.id}::uuid and x.status <> 'closed' ${scope('x.account_id')}
            and not exists (select 1 from cta_candidates c where c.account_id = x.account_id and c.fact_key = x.fact_key)
          returning x.id, x.account_id`.execute(trx));
      }

      const { rows: opened } = await sql<OpenedCta>`
        insert into ctas (account_id, rule_id, fact_key, anchor_on, playbook_id, type, reason_key, reason_params, priority, owner_id, due_on, opened_at, updated_at)
        select distinct on (c.account_id) c.account_id, ${rule.id}::uuid, c.fact_key, c.anchor, ${rule.playbook_id}::uuid, ${rule.cta_type},
               ${`ctas.reason.${rule.trigger}`}, c.params, ${rule.priority}, ${ownerExpression(db, rule.owner)},
               ${planDay(today, sql`${rule.due_days}::int`, sql`c.anchor`, sql`c.lead`)}, ${now}, ${now}
        from cta_candidates c join ${accountRows(db)} a on a.id = c.account_id
        where c.eligible and c.fact_key is not null
          and not exists (select 1 from ctas x where x.rule_id = ${rule.id}::uuid and x.account_id = c.account_id
                            and (x.fact_key = c.fact_key or x.status <> 'closed'))
        order by c.account_id, c.ord, c.fact_key
        on conflict do nothing
        returning id, account_id, owner_id, type, priority, due_on, rule_id, reason_key, reason_params`.execute(trx);

      if (rule.playbook_id && opened.length) {
        await sql`insert into cta_tasks (cta_id, key, position, title, due_on, owner_role, email_template)
          select x.id, t.key, t.position, t.title, ${planDay(today, sql`t.due_days`, sql`c.anchor`, sql`c.lead`)}, t.owner_role, t.email_template
          from ctas x join cta_candidates c on c.account_id = x.account_id and c.fact_key = x.fact_key
          cross join playbook_tasks t
          where x.id = any(${opened.map((o) => o.id)}::uuid[]) and t.playbook_id = ${rule.playbook_id}::uuid`.execute(
          trx,
        );
      }
      const data = (key: string, extra: Record<string, unknown> = {}) => ({
        key,
        params: { rule: rule.key, ruleName: rule.name, ctaType: rule.cta_type, ...extra },
      });
      await timeline.recordMany(trx, [
        ...opened.map((o) => ({
          actor,
          accountId: o.account_id,
          activity: { type: 'system' as const, occurredAt: now, data: data('ctas.timeline.opened', { ctaId: o.id }) },
        })),
        ...closed.map((c) => ({
          actor,
          accountId: c.account_id,
          activity: {
            type: 'system' as const,
            occurredAt: now,
            data: data('ctas.timeline.closed', { ctaId: c.id, outcome: 'condition_cleared' }),
          },
        })),
      ]);
      await audit.recordMany(trx, actor, [
        ...opened.map((o) => ({ action: 'create', entity: 'cta', entityId: o.id, after: o })),
        ...closed.map((c) => ({
          action: 'close',
          entity: 'cta',
          entityId: c.id,
          after: { status: 'closed', outcome: 'condition_cleared' },
        })),
      ]);
      return { opened, closed: closed.length, evaluated: true };
    });
  }

  /** Snoozes end on their date: the CTA is open again (one statement). */
  async function wake(today: string, now: Date, accountIds?: string[], trx: Kysely<DB> | Transaction<DB> = db) {
    const scope = accountIds ? sql`and account_id = any(${accountIds}::uuid[])` : sql``;
    const { rows } = await sql<{ id: string }>`
      update ctas set status = 'open', snoozed_until = null, updated_at = ${now}
      where status = 'snoozed' and snoozed_until <= ${today}::date ${scope} returning id`.execute(trx);
    return rows.length;
  }

  return {
    async runRules({
      accountIds,
      asOf,
      actor = systemActor,
    }: {
      accountIds?: string[];
      asOf?: Date | string;
      actor?: Actor;
    } = {}): Promise<RunResult> {
      const now = asOf ? new Date(asOf) : clock.now();
      const today = clock.today(timeZone, now);
      if (accountIds && !accountIds.length)
        return { asOf: today, rules: 0, opened: 0, closed: 0, reopened: 0, byRule: [] };
      await deps.beforeRun?.({ today, accountIds });
      const reopened = await wake(today, now, accountIds);
      const rules = await db
        .selectFrom('cta_rules')
        .selectAll()
        .where('enabled', '=', true)
        .orderBy('created_at')
        .orderBy('key')
        .orderBy('id')
        .execute();
      const result: RunResult = { asOf: today, rules: rules.length, opened: 0, closed: 0, reopened, byRule: [] };
      for (const rule of rules) {
        if (!(rule.trigger in TRIGGERS)) continue;
        const r = await runRule(rule, today, now, accountIds, actor);
        result.opened += r.opened.length;
        result.closed += r.closed;
        result.byRule.push({
          ruleId: rule.id,
          key: rule.key,
          trigger: rule.trigger,
          opened: r.opened.length,
          closed: r.closed,
          evaluated: r.evaluated,
        });
        await events.opened(r.opened);
      }
      return result;
    },
  };
}
