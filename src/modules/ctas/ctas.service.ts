import { type Kysely, type RawBuilder, type Selectable, type Transaction, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { CtasTable, DB } from '../../db/types.js';
import { AppError, invalidField, notFound } from '../../http/errors.js';
import type { CtaListQuery, ManualCtaInput } from '../../shared/ctas.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AccountScope } from '../accounts/accounts.read.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { ctasRepository as repo } from './ctas.repository.js';
import { createRuleEngine, type EngineDeps } from './engine.js';
import { createCtaEvents, type CtaHooks, type OpenedCta } from './events.js';
import type { TriggerDeps } from './triggers.js';
import { type CtaToOpen, openCtas } from './ctas.open.js';
import { openCtaFacts } from './ctas.read.js';
import { openedSince, ownerLoad } from './ctas.workload.js';

export interface CtaDeps extends TriggerDeps, CtaHooks {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  timeline: Pick<TimelineService, 'record' | 'recordMany'>;
  segmentMembers?: EngineDeps['segmentMembers'];
  beforeRun?: EngineDeps['beforeRun'];
  /** Where each account's open CTA count goes for lists (account_facts, docs/lists.md), written as CTAs open and close. */
  facts?: {
    writeFacts(
      part: 'ctas',
      source: RawBuilder<unknown>,
      scope?: readonly string[],
      trx?: Transaction<DB>,
    ): Promise<unknown>;
  };
}

/**
 * Calls to Action: opened by rules (engine.ts) or by hand, worked through tasks, comments,
 * snoozes, flags and a closing outcome. Every first touch stamps first_action_at, which the
 * effectiveness report measures (seed 004: 没有行动的监控等于没有任何意义).
 */
export function createCtaService(deps: CtaDeps) {
  const { db, clock, timeZone, audit, timeline } = deps;
  const events = createCtaEvents(deps);
  const engine = createRuleEngine({ ...deps, events });
  const today = () => clock.today(timeZone);

  async function get(id: string, trx: Kysely<DB> | Transaction<DB> = db) {
    const cta = await repo.get(trx, today(), id);
    if (!cta) throw notFound('cta');
    return cta;
  }

  async function detail(id: string) {
    const cta = await get(id);
    const [tasks, comments, meetingNotes] = await Promise.all([
      repo.tasks(db, id),
      repo.comments(db, id),
      repo.meetingNotes(db, [id]),
    ]);
    return { ...cta, tasks, comments, meetingNotes };
  }

  /** Locks the CTA, applies a change, stamps the first action and audits before/after. */
  async function change(
    actor: Actor,
    id: string,
    action: string,
    apply: (trx: Transaction<DB>, before: Selectable<CtasTable>) => Promise<void>,
    opts: { requireActive?: boolean } = {},
  ) {
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('ctas').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound('cta');
      if (opts.requireActive !== false && before.status === 'closed')
        throw new AppError(409, 'conflict', 'errors.ctaClosed');
      await apply(trx, before);
      await deps.facts?.writeFacts('ctas', openCtaFacts([before.account_id]), [before.account_id], trx);
      const now = clock.now();
      const after = await trx
        .updateTable('ctas')
        .set({ updated_at: now, first_action_at: sql`coalesce(first_action_at, ${now})` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit.record(trx, actor, { action, entity: 'cta', entityId: id, before, after });
    });
    return detail(id);
  }

  const asOpened = (c: {
    id: string;
    account_id: string;
    owner_id: string | null;
    type: OpenedCta['type'];
    priority: OpenedCta['priority'];
    due_on: string;
    rule_id: string | null;
    reason_key: string;
    reason_params: Record<string, unknown>;
  }): OpenedCta => c;

  /**
   * Many CTAs at once, set-based (a journey step's participants, a shipped request's accounts): the
   * id of each input's CTA in input order, undefined where the account is missing or deleted.
   */
  async function openMany(actor: Actor, inputs: readonly CtaToOpen[]) {
    const { ctaIds, opened } = await openCtas(
      { db, now: clock.now(), today: today(), audit, timeline, facts: deps.facts },
      actor,
      inputs,
    );
    if (opened.length) await events.opened(opened.map(asOpened));
    return ctaIds;
  }

  return {
    /**
     * Rule runs open and auto-close CTAs: the open counts of the accounts in the run's scope (all without
     * one) are rewritten after, in one statement — a run on data arrival for a few accounts leaves the rest.
     */
    async runRules(...args: Parameters<typeof engine.runRules>) {
      const result = await engine.runRules(...args);
      const scope = args[0]?.accountIds;
      await deps.facts?.writeFacts('ctas', openCtaFacts(scope), scope);
      return result;
    },
    get,
    detail,

    ownerLoad: (ownerIds?: string[]) => ownerLoad(db, today(), ownerIds),

    /**
     * When accounts change owner (Team page's reassignment), their open and snoozed CTAs owned by the old
     * owner follow to the new one: one statement, an audit row per CTA, inside the caller's transaction.
     * CTAs someone else owns (an onboarding manager's, a reassigned one) stay where they are.
     */
    async followAccountOwner(
      actor: Actor,
      input: { accountIds: readonly string[]; fromUserId: string; toUserId: string },
      trx: Transaction<DB>,
    ) {
      if (!input.accountIds.length) return 0;
      const moved = await trx
        .updateTable('ctas')
        .set({ owner_id: input.toUserId, updated_at: clock.now() })
        .where('account_id', '=', sql<string>`any(${[...input.accountIds]}::uuid[])`)
        .where('owner_id', '=', input.fromUserId)
        .where('status', '<>', 'closed')
        .returning('id')
        .execute();
      await audit.recordMany(
        trx,
        actor,
        moved.map((row) => ({
          action: 'assign',
          entity: 'cta',
          entityId: row.id,
          before: { owner_id: input.fromUserId },
          after: { owner_id: input.toUserId },
        })),
      );
      return moved.length;
    },

    openedSince: (since: Date, scope: AccountScope) => openedSince(db, since, scope),

    async list(actor: Actor, query: CtaListQuery) {
      const ownerId =
        query.scope === 'mine' ? (userIdOf(actor) ?? '00000000-0000-0000-0000-000000000000') : query.ownerId;
      return repo.list(db, today(), { ...query, ownerId });
    },

    /** Open and snoozed CTAs of these accounts (onboarding risk and business reviews read them here). */
    async listOpen({ accountIds }: { accountIds?: string[] } = {}) {
      return repo.listOpen(db, today(), accountIds);
    },

    /**
     * A CTA opened by a person (Customer 360) or by another module. With a `key` (a journey step's
     * firing) it is opened at most once per account and key: asked again — a step run again after a
     * crash — it answers the CTA already opened and changes nothing (migration 0052).
     */
    async open(actor: Actor, input: ManualCtaInput, options: { key?: string } = {}) {
      const [opened] = await openMany(actor, [{ ...input, key: options.key }]);
      if (!opened) throw invalidField(['body', 'accountId'], 'errors.missingReference');
      return detail(opened);
    },

    openMany,

    async comment(actor: Actor, id: string, body: string) {
      return change(
        actor,
        id,
        'comment',
        async (trx) => {
          await trx
            .insertInto('cta_comments')
            .values({ cta_id: id, author_id: userIdOf(actor), body })
            .execute();
        },
        { requireActive: false },
      );
    },

    async setTask(actor: Actor, id: string, taskId: string, done: boolean) {
      return change(actor, id, done ? 'task_done' : 'task_undone', async (trx) => {
        const res = await trx
          .updateTable('cta_tasks')
          .set(done ? { done_at: clock.now(), done_by: userIdOf(actor) } : { done_at: null, done_by: null })
          .where('id', '=', taskId)
          .where('cta_id', '=', id)
          .executeTakeFirst();
        if (!Number(res.numUpdatedRows)) throw notFound('ctaTask');
      });
    },

    async snooze(actor: Actor, id: string, until: string, reason: string) {
      if (until <= today()) throw invalidField(['body', 'until'], 'errors.dateInFuture');
      return change(actor, id, 'snooze', async (trx) => {
        await trx
          .updateTable('ctas')
          .set({ status: 'snoozed', snoozed_until: until, snooze_reason: reason })
          .where('id', '=', id)
          .execute();
      });
    },

    async wake(actor: Actor, id: string) {
      return change(actor, id, 'wake', async (trx) => {
        await trx.updateTable('ctas').set({ status: 'open', snoozed_until: null }).where('id', '=', id).execute();
      });
    },

    async flag(actor: Actor, id: string, flagged: boolean, reason?: string) {
      const result = await change(actor, id, flagged ? 'flag' : 'unflag', async (trx) => {
        await trx
          .updateTable('ctas')
          .set(
            flagged
              ? { flagged: true, flagged_by: userIdOf(actor), flagged_at: clock.now(), flag_reason: reason ?? null }
              : { flagged: false },
          )
          .where('id', '=', id)
          .execute();
      });
      if (flagged) {
        await events.flagged(
          asOpened({
            id,
            account_id: result.accountId,
            owner_id: result.ownerId,
            type: result.type,
            priority: result.priority,
            due_on: result.dueOn,
            rule_id: result.ruleId,
            reason_key: result.reasonKey,
            reason_params: result.reasonParams,
          }),
        );
      }
      return result;
    },

    async assign(actor: Actor, id: string, ownerId: string | null) {
      const result = await change(actor, id, 'assign', async (trx) => {
        await trx.updateTable('ctas').set({ owner_id: ownerId }).where('id', '=', id).execute();
      });
      await events.assigned(
        asOpened({
          id,
          account_id: result.accountId,
          owner_id: result.ownerId,
          type: result.type,
          priority: result.priority,
          due_on: result.dueOn,
          rule_id: result.ruleId,
          reason_key: result.reasonKey,
          reason_params: result.reasonParams,
        }),
      );
      return result;
    },

    async close(actor: Actor, id: string, outcome: 'success' | 'no_action_needed' | 'failed', reason: string) {
      return change(actor, id, 'close', async (trx, before) => {
        const now = clock.now();
        await trx
          .updateTable('ctas')
          .set({
            status: 'closed',
            outcome,
            close_reason: reason,
            closed_at: now,
            closed_by: userIdOf(actor),
            snoozed_until: null,
          })
          .where('id', '=', id)
          .execute();
        await timeline.record(trx, actor, before.account_id, {
          type: 'system',
          occurredAt: now,
          data: { key: 'ctas.timeline.closedBy', params: { ctaId: id, outcome, reason, ctaType: before.type } },
        });
      });
    },

    /**
     * A renewal's outcome was recorded (renewals module hook): the CTAs about that renewal — fact
     * `renewal:<date>` — close, renewed or expanded as success, downgraded or churned as failed.
     * One statement; the renewal's fact keeps any later rule run from opening it again.
     */
    async renewalOutcomes(actor: Actor, outcomes: { accountId: string; renewsOn: string; outcome: string }[]) {
      if (!outcomes.length) return 0;
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const { rows } = await sql<{
          id: string;
          account_id: string;
          outcome: string;
          rule_key: string | null;
          rule_name: string | null;
          type: string;
          renewal: string;
        }>`
          update ctas x set status = 'closed', outcome = case when o.outcome in ('renewed', 'expanded') then 'success' else 'failed' end,
                 closed_at = ${now}, closed_by = ${userIdOf(actor)}::uuid, snoozed_until = null, updated_at = ${now},
                 first_action_at = coalesce(x.first_action_at, ${now})
          from unnest(${outcomes.map((o) => o.accountId)}::uuid[], ${outcomes.map((o) => o.renewsOn)}::text[], ${outcomes.map((o) => o.outcome)}::text[])
                 as o (account_id, renews_on, outcome)
          where x.account_id = o.account_id and x.fact_key = 'renewal:' || o.renews_on and x.status <> 'closed'
          returning x.id, x.account_id, x.outcome, x.type, o.outcome as renewal,
                    (select r.key from cta_rules r where r.id = x.rule_id) as rule_key, (select r.name from cta_rules r where r.id = x.rule_id) as rule_name`.execute(
          trx,
        );
        await timeline.recordMany(
          trx,
          rows.map((c) => ({
            actor,
            accountId: c.account_id,
            activity: {
              type: 'system' as const,
              occurredAt: now,
              data: {
                key: 'ctas.timeline.closed',
                params: { ctaId: c.id, outcome: c.outcome, rule: c.rule_key, ruleName: c.rule_name, ctaType: c.type },
              },
            },
          })),
        );
        await audit.recordMany(
          trx,
          actor,
          rows.map((c) => ({
            action: 'close',
            entity: 'cta',
            entityId: c.id,
            after: { status: 'closed', outcome: c.outcome, renewalOutcome: c.renewal },
          })),
        );
        const touched = [...new Set(rows.map((c) => c.account_id))];
        await deps.facts?.writeFacts('ctas', openCtaFacts(touched), touched, trx);
        return rows.length;
      });
    },

    async addMeetingNote(actor: Actor, id: string, input: { meetingOn: string; notes?: string; decision: string }) {
      return change(
        actor,
        id,
        'meeting_note',
        async (trx) => {
          await trx
            .insertInto('cta_meeting_notes')
            .values({
              cta_id: id,
              meeting_on: input.meetingOn,
              notes: input.notes ?? null,
              decision: input.decision,
              author_id: userIdOf(actor),
            })
            .execute();
        },
        { requireActive: false },
      );
    },

    /** The weekly risk meeting: open flagged CTAs, plus any discussed on that date, with their notes. */
    async meeting(on: string) {
      const { items } = await repo.list(db, today(), {
        page: 1,
        pageSize: 500,
        scope: 'all',
        status: 'all',
        flagged: true,
      });
      const discussed = await db
        .selectFrom('cta_meeting_notes')
        .select('cta_id')
        .where('meeting_on', '=', on)
        .execute();
      const ids = new Set(discussed.map((d) => d.cta_id));
      const shown = items.filter((c) => c.status !== 'closed' || ids.has(c.id));
      const notes = await repo.meetingNotes(
        db,
        shown.map((c) => c.id),
      );
      return {
        meetingOn: on,
        items: shown.map((c) => ({
          ...c,
          meetingNotes: notes.filter((n) => n.ctaId === c.id).map(({ ctaId: _c, ...n }) => n),
        })),
      };
    },

    async effectiveness() {
      const [rules, playbooks] = await Promise.all([
        repo.effectiveness(db, 'rule'),
        repo.effectiveness(db, 'playbook'),
      ]);
      return { rules, playbooks };
    },
  };
}

export type CtaService = ReturnType<typeof createCtaService>;
