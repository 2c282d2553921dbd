import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import { type Actor, systemActor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { userRows } from '../users/users.read.js';
import { milestonesRepository as repo } from './milestones.repository.js';

export interface MilestoneTemplateInput {
  name: string;
  position: number;
  segmentId: string | null;
  dueDays: number;
  autoEvent: string | null;
  autoCount: number | null;
  active: boolean;
}

export interface MilestoneDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  timeline: Pick<TimelineService, 'record' | 'recordMany'>;
  segmentMembers?: (segmentId: string) => Promise<string[]>;
}

type TemplateRow = Awaited<ReturnType<typeof listTemplates>>[number];
const listTemplates = (db: Kysely<DB>) =>
  db.selectFrom('milestone_templates').selectAll().orderBy('position').orderBy('name').execute();
const templateView = (t: TemplateRow) => ({
  id: t.id,
  key: t.key,
  name: t.name,
  position: t.position,
  segmentId: t.segment_id,
  dueDays: t.due_days,
  autoEvent: t.auto_event,
  autoCount: t.auto_count,
  active: t.active,
});

/**
 * Success milestones (seed 004, Gainsight's onboarding case): templates per segment, due a number
 * of days after the first payment, completed by hand or by a usage-event rule.
 */
export function createMilestoneService(deps: MilestoneDeps) {
  const { db, clock, timeZone, audit, timeline } = deps;

  async function segmentPairs(templates: TemplateRow[]) {
    const segmentIds: string[] = [];
    const accountIds: string[] = [];
    const segments = [...new Set(templates.map((t) => t.segment_id).filter((s): s is string => !!s))];
    if (segments.length && deps.segmentMembers) {
      for (const segmentId of segments) {
        for (const accountId of await deps.segmentMembers(segmentId)) {
          segmentIds.push(segmentId);
          accountIds.push(accountId);
        }
      }
    }
    return { segmentIds, accountIds };
  }

  return {
    async templates() {
      return (await listTemplates(db)).map(templateView);
    },

    async createTemplate(actor: Actor, input: MilestoneTemplateInput) {
      if (input.autoEvent && !input.autoCount) throw invalidField(['body', 'autoCount'], 'errors.autoCountRequired');
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('milestone_templates')
          .values({
            name: input.name,
            position: input.position,
            segment_id: input.segmentId,
            due_days: input.dueDays,
            auto_event: input.autoEvent,
            auto_count: input.autoCount,
            active: input.active,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'milestone_template',
          entityId: row.id,
          after: row,
        });
        return templateView(row);
      });
    },

    async updateTemplate(actor: Actor, id: string, patch: Partial<MilestoneTemplateInput>) {
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('milestone_templates')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('milestoneTemplate');
        const autoEvent = patch.autoEvent === undefined ? before.auto_event : patch.autoEvent;
        const autoCount = patch.autoCount === undefined ? before.auto_count : patch.autoCount;
        if (autoEvent && !autoCount) throw invalidField(['body', 'autoCount'], 'errors.autoCountRequired');
        const after = await trx
          .updateTable('milestone_templates')
          .set({
            name: patch.name ?? before.name,
            position: patch.position ?? before.position,
            due_days: patch.dueDays ?? before.due_days,
            segment_id: patch.segmentId === undefined ? before.segment_id : patch.segmentId,
            auto_event: autoEvent,
            auto_count: autoCount,
            active: patch.active ?? before.active,
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'update', entity: 'milestone_template', entityId: id, before, after });
        return templateView(after);
      });
    },

    /** Assigns milestones to onboarding accounts and applies usage-event rules (set-based; run before the rules). */
    async sync({ today = clock.today(timeZone), accountIds }: { today?: string; accountIds?: string[] } = {}) {
      const templates = (await listTemplates(db)).filter((t) => t.active);
      const pairs = await segmentPairs(templates);
      return db.transaction().execute(async (trx) => {
        const assigned = await repo.assign(trx, today, pairs, accountIds);
        const completed = await repo.autoComplete(trx, today, accountIds);
        await timeline.recordMany(
          trx,
          completed.map((c) => ({
            actor: systemActor,
            accountId: c.account_id,
            activity: {
              type: 'system' as const,
              occurredAt: clock.now(),
              data: {
                key: 'ctas.timeline.milestoneCompleted',
                params: { milestone: c.name, milestoneKey: c.key, how: 'auto' },
              },
            },
          })),
        );
        await audit.recordMany(
          trx,
          systemActor,
          completed.map((c) => ({
            action: 'complete',
            entity: 'account_milestone',
            entityId: `${c.account_id}:${c.template_id}`,
            after: { completedHow: 'auto' },
          })),
        );
        return { assigned, autoCompleted: completed.length };
      });
    },

    /** Marks a milestone done (or undone) by hand. */
    async complete(actor: Actor, accountId: string, templateId: string, done: boolean) {
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('account_milestones')
          .selectAll()
          .where('account_id', '=', accountId)
          .where('template_id', '=', templateId)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('milestone');
        const template = await trx
          .selectFrom('milestone_templates')
          .select(['name', 'key'])
          .where('id', '=', templateId)
          .executeTakeFirstOrThrow();
        const after = await trx
          .updateTable('account_milestones')
          .set(
            done
              ? {
                  completed_on: clock.today(timeZone),
                  completed_by: userIdOf(actor),
                  completed_how: 'manual',
                }
              : { completed_on: null, completed_by: null, completed_how: null },
          )
          .where('account_id', '=', accountId)
          .where('template_id', '=', templateId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: done ? 'complete' : 'reopen',
          entity: 'account_milestone',
          entityId: `${accountId}:${templateId}`,
          before,
          after,
        });
        await timeline.record(trx, actor, accountId, {
          type: 'system',
          data: {
            key: done ? 'ctas.timeline.milestoneCompleted' : 'ctas.timeline.milestoneReopened',
            params: { milestone: template.name, milestoneKey: template.key, how: 'manual' },
          },
        });
        return {
          accountId,
          templateId,
          dueOn: after.due_on,
          completedOn: after.completed_on,
          completedHow: after.completed_how,
        };
      });
    },

    /** A column per milestone, a card per onboarding account in the column of its next open milestone. */
    async board(filter: { onboardingManagerId?: string; ownerId?: string; segmentId?: string }) {
      const today = clock.today(timeZone);
      const templates = (await listTemplates(db)).filter((t) => t.active).map(templateView);
      const accountIds =
        filter.segmentId && deps.segmentMembers ? await deps.segmentMembers(filter.segmentId) : undefined;
      const { accounts, milestones } = await repo.board(db, today, { ...filter, accountIds });
      const byAccount = new Map<string, typeof milestones>();
      for (const m of milestones) byAccount.set(m.account_id, [...(byAccount.get(m.account_id) ?? []), m]);
      return {
        today,
        templates,
        accounts: accounts.map((a) => {
          const own = (byAccount.get(a.id) ?? []).map((m) => ({
            templateId: m.template_id,
            dueOn: m.due_on,
            completedOn: m.completed_on,
            completedHow: m.completed_how,
            overdue: !m.completed_on && m.due_on < today,
          }));
          const next = own.find((m) => !m.completedOn) ?? null;
          return {
            id: a.id,
            name: a.name,
            firstPaidOn: a.first_paid_on,
            ownerId: a.owner_id,
            ownerName: a.owner_name,
            onboardingManagerId: a.onboarding_manager_id,
            onboardingManagerName: a.manager_name,
            currentTemplateId: next?.templateId ?? null,
            currentDueOn: next?.dueOn ?? null,
            overdue: own.some((m) => m.overdue),
            milestones: own,
          };
        }),
      };
    },

    /** One account's milestones (Customer 360). */
    async forAccount(accountId: string) {
      const today = clock.today(timeZone);
      const rows = await db
        .selectFrom('account_milestones as x')
        .innerJoin('milestone_templates as t', 't.id', 'x.template_id')
        .leftJoin(userRows(db).as('u'), 'u.id', 'x.completed_by')
        .select([
          'x.template_id',
          'x.due_on',
          'x.completed_on',
          'x.completed_how',
          't.name',
          't.key',
          'u.name as completed_by_name',
        ])
        .where('x.account_id', '=', accountId)
        .orderBy('t.position')
        .execute();
      return rows.map((r) => ({
        templateId: r.template_id,
        key: r.key,
        name: r.name,
        dueOn: r.due_on,
        completedOn: r.completed_on,
        completedHow: r.completed_how,
        completedByName: r.completed_by_name,
        overdue: !r.completed_on && r.due_on < today,
      }));
    },
  };
}

export type MilestoneService = ReturnType<typeof createMilestoneService>;
