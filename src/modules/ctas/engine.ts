import { type Kysely, type Transaction, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { CtaRulesTable, DB } from '../../db/types.js';
import type { Selectable } from 'kysely';
import { type Actor, systemActor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { TRIGGERS, type TriggerDeps, type TriggerType, addDays } from './triggers.js';
import { insertPlaybookTasks, type CtaEvents, type OpenedCta } from './events.js';

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
function ownerExpression(owner: string) {
  const firstOfRole = (role: string) => sql`(select u.id from users u where u.role = ${role} and u.active order by u.created_at, u.id limit 1)`;
  if (owner === 'account_owner') return sql`a.owner_id`;
  if (owner === 'onboarding') return sql`coalesce(a.onboarding_manager_id, ${firstOfRole('onboarding')})`;
  return firstOfRole(owner);
}

export function createRuleEngine(deps: EngineDeps) {
  const { db, clock, timeZone, audit, timeline, events } = deps;

  async function runRule(rule: Rule, today: string, now: Date, accountIds: string[] | undefined, actor: Actor) {
    const trigger = TRIGGERS[rule.trigger as TriggerType];
    const params = trigger.params.parse(rule.params ?? {});
    const candidates = await trigger.candidates({ today, tz: timeZone, params, deps, accountIds });
    if (!candidates) return { opened: [] as OpenedCta[], closed: 0, evaluated: false };
    const scope = accountIds ? sql`and a.id = any(${accountIds}::uuid[])` : sql``;
    const members = rule.segment_id && deps.segmentMembers ? await deps.segmentMembers(rule.segment_id) : undefined;
    const segment = members ? sql`and a.id = any(${members}::uuid[])` : sql``;

    return db.transaction().execute(async (trx) => {
      // One statement for every account; the partial unique index makes a concurrent run's insert a no-op.
      const { rows: opened } = await sql<OpenedCta>`
        insert into ctas (account_id, rule_id, playbook_id, type, reason_key, reason_params, priority, owner_id, due_on, opened_at, updated_at)
        select distinct on (c.account_id) c.account_id, ${rule.id}::uuid, ${rule.playbook_id}::uuid, ${rule.cta_type}, ${`ctas.reason.${rule.trigger}`},
               c.params, ${rule.priority}, ${ownerExpression(rule.owner)}, ${addDays(today, rule.due_days)}::date, ${now}, ${now}
        from (${candidates}) c join accounts a on a.id = c.account_id
        where a.deleted_at is null and a.churned_on is null ${scope} ${segment}
        order by c.account_id
        on conflict (rule_id, account_id) where status <> 'closed' do nothing
        returning id, account_id, owner_id, type, priority, due_on, rule_id, reason_key, reason_params`.execute(trx);

      let closed: { id: string; account_id: string }[] = [];
      if (rule.auto_close) {
        const closeScope = accountIds ? sql`and account_id = any(${accountIds}::uuid[])` : sql``;
        ({ rows: closed } = await sql<{ id: string; account_id: string }>`
          update ctas set status = 'closed', outcome = 'condition_cleared', closed_at = ${now}, updated_at = ${now}, snoozed_until = null
          where rule_id = ${rule.id}::uuid and status <> 'closed' ${closeScope}
            and account_id not in (select c.account_id from (${candidates}) c where c.account_id is not null)
          returning id, account_id`.execute(trx));
      }

      await insertPlaybookTasks(trx, rule.playbook_id, opened.map((o) => o.id), today);
      const data = (key: string, extra: Record<string, unknown> = {}) => ({
        key, params: { rule: rule.key, ruleName: rule.name, ctaType: rule.cta_type, ...extra },
      });
      await timeline.recordMany(trx, [
        ...opened.map((o) => ({ actor, accountId: o.account_id, activity: { type: 'system' as const, occurredAt: now, data: data('ctas.timeline.opened', { ctaId: o.id }) } })),
        ...closed.map((c) => ({ actor, accountId: c.account_id, activity: { type: 'system' as const, occurredAt: now, data: data('ctas.timeline.closed', { ctaId: c.id, outcome: 'condition_cleared' }) } })),
      ]);
      await audit.recordMany(trx, actor, [
        ...opened.map((o) => ({ action: 'create', entity: 'cta', entityId: o.id, after: o })),
        ...closed.map((c) => ({ action: 'close', entity: 'cta', entityId: c.id, after: { status: 'closed', outcome: 'condition_cleared' } })),
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
    async runRules({ accountIds, asOf, actor = systemActor }: { accountIds?: string[]; asOf?: Date | string; actor?: Actor } = {}): Promise<RunResult> {
      const now = asOf ? new Date(asOf) : clock.now();
      const today = clock.today(timeZone, now);
      if (accountIds && !accountIds.length) return { asOf: today, rules: 0, opened: 0, closed: 0, reopened: 0, byRule: [] };
      await deps.beforeRun?.({ today, accountIds });
      const reopened = await wake(today, now, accountIds);
      const rules = await db.selectFrom('cta_rules').selectAll().where('enabled', '=', true).orderBy('created_at').orderBy('key').orderBy('id').execute();
      const result: RunResult = { asOf: today, rules: rules.length, opened: 0, closed: 0, reopened, byRule: [] };
      for (const rule of rules) {
        if (!(rule.trigger in TRIGGERS)) continue;
        const r = await runRule(rule, today, now, accountIds, actor);
        result.opened += r.opened.length;
        result.closed += r.closed;
        result.byRule.push({ ruleId: rule.id, key: rule.key, trigger: rule.trigger, opened: r.opened.length, closed: r.closed, evaluated: r.evaluated });
        await events.opened(r.opened);
      }
      return result;
    },
  };
}
