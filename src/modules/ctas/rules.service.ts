import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { CtaRulesTable, DB } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import type { PlaybookInput, RuleInput, RulePatch, RuleView } from '../../shared/ctas.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { TRIGGERS, triggerOf } from './triggers.js';

const toView = (r: Selectable<CtaRulesTable> & { open_count: number }): RuleView => ({
  id: r.id,
  key: r.key,
  name: r.name,
  trigger: r.trigger,
  params: r.params,
  ctaType: r.cta_type,
  priority: r.priority,
  owner: r.owner,
  dueDays: r.due_days,
  playbookId: r.playbook_id,
  segmentId: r.segment_id,
  enabled: r.enabled,
  autoClose: r.auto_close,
  openCount: Number(r.open_count),
});

/** Admin-defined rules (Settings → Rules) and the playbooks they attach. */
export function createRuleService({ db, audit }: { db: Kysely<DB>; audit: Pick<AuditService, 'record'> }) {
  function checkParams(trigger: string, params: unknown) {
    const t = triggerOf(trigger);
    if (!t) throw invalidField(['body', 'trigger'], 'errors.unknownTrigger');
    const parsed = t.params.safeParse(params ?? {});
    if (!parsed.success)
      throw invalidField(
        ['body', 'params', ...(parsed.error.issues[0]?.path ?? []).map(String)],
        'errors.invalidRuleParams',
      );
    return parsed.data as Record<string, unknown>;
  }

  async function get(id: string) {
    const row = await db
      .selectFrom('cta_rules as r')
      .selectAll('r')
      .select(
        sql<number>`(select count(*) from ctas c where c.rule_id = r.id and c.status <> 'closed')::int`.as(
          'open_count',
        ),
      )
      .where('r.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('ctaRule');
    return toView(row);
  }

  return {
    triggers: () =>
      Object.entries(TRIGGERS).map(([type, t]) => ({ type, defaults: t.params.parse({}) as Record<string, unknown> })),

    async list() {
      const rows = await db
        .selectFrom('cta_rules as r')
        .selectAll('r')
        .select(
          sql<number>`(select count(*) from ctas c where c.rule_id = r.id and c.status <> 'closed')::int`.as(
            'open_count',
          ),
        )
        .orderBy('r.created_at')
        .orderBy('r.name')
        .execute();
      return rows.map(toView);
    },
    get,

    async create(actor: Actor, input: RuleInput) {
      const params = checkParams(input.trigger, input.params);
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('cta_rules')
          .values({
            name: input.name,
            trigger: input.trigger,
            params: JSON.stringify(params),
            cta_type: input.ctaType,
            priority: input.priority,
            owner: input.owner,
            due_days: input.dueDays,
            playbook_id: input.playbookId ?? null,
            segment_id: input.segmentId ?? null,
            enabled: input.enabled,
            auto_close: input.autoClose,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'cta_rule', entityId: row.id, after: row });
        return row.id;
      });
      return get(id);
    },

    async update(actor: Actor, id: string, patch: RulePatch) {
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('cta_rules')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('ctaRule');
        const set: Record<string, unknown> = { updated_at: new Date() };
        if (patch.params !== undefined) set.params = JSON.stringify(checkParams(before.trigger, patch.params));
        const columns = {
          name: 'name',
          ctaType: 'cta_type',
          priority: 'priority',
          owner: 'owner',
          dueDays: 'due_days',
          playbookId: 'playbook_id',
          segmentId: 'segment_id',
          enabled: 'enabled',
          autoClose: 'auto_close',
        } as const;
        for (const [field, column] of Object.entries(columns)) {
          const value = patch[field as keyof typeof columns];
          if (value !== undefined) set[column] = value;
        }
        const after = await trx
          .updateTable('cta_rules')
          .set(set)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'update', entity: 'cta_rule', entityId: id, before, after });
      });
      return get(id);
    },

    /**
     * Replaces a playbook's name and tasks. CTAs already opened keep the tasks they were given; the next
     * CTA gets the new list. A shipped name or task keeps its catalog key (and so its translation)
     * only while its text is unchanged.
     */
    async updatePlaybook(actor: Actor, id: string, input: PlaybookInput) {
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('playbooks')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('playbook');
        const oldTasks = await trx
          .selectFrom('playbook_tasks')
          .selectAll()
          .where('playbook_id', '=', id)
          .orderBy('position')
          .execute();
        const byId = new Map(oldTasks.map((t) => [t.id, t]));
        await trx
          .updateTable('playbooks')
          .set({
            name: input.name,
            description: input.description ?? null,
            key: input.name === before.name ? before.key : null,
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute();
        await trx.deleteFrom('playbook_tasks').where('playbook_id', '=', id).execute();
        const tasks = input.tasks.map((task, position) => {
          const kept = task.id ? byId.get(task.id) : undefined;
          return {
            ...(kept ? { id: kept.id } : {}),
            playbook_id: id,
            key: kept && kept.title === task.title ? kept.key : null,
            position,
            title: task.title,
            due_days: task.dueDays,
            owner_role: task.ownerRole ?? null,
            email_template: task.emailTemplate ?? null,
          };
        });
        await trx.insertInto('playbook_tasks').values(tasks).execute();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'playbook',
          entityId: id,
          before: { ...before, tasks: oldTasks },
          after: { ...input },
        });
      });
      return (await this.playbooks()).find((p) => p.id === id)!;
    },

    async playbooks() {
      const [books, tasks] = await Promise.all([
        db.selectFrom('playbooks').selectAll().orderBy('name').execute(),
        db.selectFrom('playbook_tasks').selectAll().orderBy('position').execute(),
      ]);
      return books.map((b) => ({
        id: b.id,
        key: b.key,
        name: b.name,
        description: b.description,
        tasks: tasks
          .filter((t) => t.playbook_id === b.id)
          .map((t) => ({
            id: t.id,
            key: t.key,
            title: t.title,
            dueDays: t.due_days,
            ownerRole: t.owner_role,
            emailTemplate: t.email_template,
          })),
      }));
    },
  };
}

export type RuleService = ReturnType<typeof createRuleService>;
