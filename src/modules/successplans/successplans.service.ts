import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import {
  type Objective,
  type ObjectiveInput,
  type ObjectivePatch,
  type ObjectiveStatus,
  objectiveProgress,
  type SuccessTask,
  type Target,
  type TaskInput,
} from '../../shared/successplans.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SegmentService } from '../segments/segments.service.js';
import { userRows } from '../users/users.read.js';
import { createBulkWriter } from './successplans.bulk.js';
import { createCatalogue } from './successplans.catalogue.js';
import { createShareLinks, type LinkSigner } from './successplans.links.js';
import { currentValues } from './successplans.progress.js';

export interface SuccessPlanDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: Pick<AuditService, 'record'>;
  segments: Pick<SegmentService, 'primarySegments'>;
}

type Db = Kysely<DB> | Transaction<DB>;

/** Success plans (docs/success-plans.md): objectives with a measurable target and tasks, per account. */
export function createSuccessPlanService({ db, clock, timeZone, audit, segments }: SuccessPlanDeps) {
  const catalogue = createCatalogue({ db, audit });
  const links = createShareLinks({ db, audit });

  const selectObjectives = (q: Db = db) =>
    q
      .selectFrom('success_objectives as o')
      .leftJoin(userRows(q as Kysely<DB>).as('u'), 'u.id', 'o.owner_id')
      .select([
        'o.id',
        'o.account_id',
        'o.title',
        'o.value_point_id',
        'o.needed_outcome',
        'o.owner_id',
        'u.name as owner_name',
        'o.due_on',
        'o.status',
        'o.metric_kind',
        'o.metric_key',
        'o.comparator',
        'o.target_value',
      ])
      .orderBy('o.position')
      .orderBy('o.created_at')
      .orderBy('o.id');

  /** Objectives with their tasks and current values: three statements for any number of accounts. */
  async function objectivesOf(accountIds: readonly string[], q: Db = db): Promise<Objective[]> {
    if (!accountIds.length) return [];
    const rows = await selectObjectives(q)
      .where('o.account_id', 'in', [...accountIds])
      .execute();
    if (!rows.length) return [];
    const [tasks, current] = await Promise.all([
      q
        .selectFrom('success_tasks as t')
        .leftJoin(userRows(q as Kysely<DB>).as('u'), 'u.id', 't.owner_id')
        .select(['t.id', 't.objective_id', 't.title', 't.owner_id', 'u.name as owner_name', 't.due_on', 't.done'])
        .where(
          't.objective_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('t.created_at')
        .orderBy('t.id')
        .execute(),
      currentValues(q as Kysely<DB>, accountIds, clock.today(timeZone)),
    ]);
    const byObjective = new Map<string, SuccessTask[]>();
    for (const t of tasks) {
      const list = byObjective.get(t.objective_id) ?? [];
      list.push(toTask(t));
      byObjective.set(t.objective_id, list);
    }
    return rows.map((r) => {
      const target =
        r.metric_kind && r.comparator && r.target_value !== null
          ? {
              kind: r.metric_kind as Target['kind'],
              key: r.metric_key,
              comparator: r.comparator as Target['comparator'],
              value: Number(r.target_value),
            }
          : null;
      const value = target ? (current.get(r.id) ?? null) : null;
      return {
        id: r.id,
        accountId: r.account_id,
        title: r.title,
        valuePointId: r.value_point_id,
        neededOutcome: r.needed_outcome,
        owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
        dueOn: r.due_on,
        status: r.status as ObjectiveStatus,
        target,
        current: value,
        progress: target ? objectiveProgress(target.comparator, target.value, value) : null,
        tasks: byObjective.get(r.id) ?? [],
      };
    });
  }

  const toTask = (t: {
    id: string;
    title: string;
    owner_id: string | null;
    owner_name: string | null;
    due_on: string | null;
    done: boolean;
  }): SuccessTask => ({
    id: t.id,
    title: t.title,
    owner: t.owner_id ? { id: t.owner_id, name: t.owner_name ?? '' } : null,
    dueOn: t.due_on,
    done: t.done,
  });

  async function assertAccount(id: string, q: Db = db) {
    const row = await liveAccounts(q as Kysely<DB>)
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('account');
  }

  async function checkRefs(q: Db, input: { ownerId?: string | null; valuePointId?: string | null }) {
    if (input.ownerId) {
      const user = await userRows(q as Kysely<DB>)
        .where('id', '=', input.ownerId)
        .executeTakeFirst();
      if (!user?.active) throw invalidField(['body', 'ownerId'], 'errors.successUnknownOwner');
    }
    if (input.valuePointId) {
      const point = await q
        .selectFrom('value_points')
        .select('id')
        .where('id', '=', input.valuePointId)
        .executeTakeFirst();
      if (!point) throw invalidField(['body', 'valuePointId'], 'errors.successUnknownValuePoint');
    }
  }

  const targetColumns = (target: Target | null | undefined) =>
    target === undefined
      ? {}
      : {
          metric_kind: target?.kind ?? null,
          metric_key:
            target && (target.kind === 'module_usage' || target.kind === 'attribute') ? (target.key ?? null) : null,
          comparator: target?.comparator ?? null,
          target_value: target?.value ?? null,
        };

  async function objective(id: string, q: Db = db) {
    const row = await q.selectFrom('success_objectives').select('account_id').where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('objective');
    const found = (await objectivesOf([row.account_id], q)).find((o) => o.id === id);
    if (!found) throw notFound('objective');
    return found;
  }

  async function insertObjectives(trx: Transaction<DB>, actor: Actor, accountId: string, inputs: ObjectiveInput[]) {
    const { max } = await trx
      .selectFrom('success_objectives')
      .select((eb) => eb.fn.max<number | null>('position').as('max'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    const rows = await trx
      .insertInto('success_objectives')
      .values(
        inputs.map((input, i) => ({
          account_id: accountId,
          title: input.title,
          value_point_id: input.valuePointId ?? null,
          needed_outcome: input.neededOutcome ?? null,
          owner_id: input.ownerId ?? null,
          due_on: input.dueOn ?? null,
          status: input.status ?? 'not_started',
          position: (max ?? -1) + 1 + i,
          ...targetColumns(input.target ?? null),
        })),
      )
      .returning('id')
      .execute();
    for (const [i, { id }] of rows.entries())
      await audit.record(trx, actor, { action: 'create', entity: 'success_objective', entityId: id, after: inputs[i] });
    return rows.map((r) => r.id);
  }

  return {
    ...catalogue,
    ...links,
    ...createBulkWriter({ db, clock, audit }),

    /**
     * The published read (for business reviews and others): each objective of the account with its
     * target, current value, progress (0–1), status and due date, in plan order.
     */
    async objectivesFor(accountId: string) {
      return (await objectivesOf([accountId])).map(({ tasks: _, ...o }) => o);
    },

    /** The same for many accounts at once (still three statements). */
    objectivesForAccounts: (accountIds: readonly string[]) => objectivesOf(accountIds),

    async plan(accountId: string) {
      await assertAccount(accountId);
      const [objectives, needs, primary, link] = await Promise.all([
        objectivesOf([accountId]),
        catalogue.needs(accountId),
        segments.primarySegments([accountId]),
        links.activeLink(accountId),
      ]);
      const segment = primary.get(accountId);
      return {
        objectives,
        needs: needs.items.map((n) => ({ valuePointId: n.valuePointId, note: n.note ?? null })),
        suggestedTemplate: segment ? await catalogue.templateForSegment(segment.id) : null,
        link,
      };
    },

    async createObjective(actor: Actor, accountId: string, input: ObjectiveInput) {
      return db.transaction().execute(async (trx) => {
        await assertAccount(accountId, trx);
        await checkRefs(trx, input);
        const [id] = await insertObjectives(trx, actor, accountId, [input]);
        return objective(id, trx);
      });
    },

    async updateObjective(actor: Actor, id: string, patch: ObjectivePatch) {
      return db.transaction().execute(async (trx) => {
        const before = await objective(id, trx);
        await checkRefs(trx, patch);
        await trx
          .updateTable('success_objectives')
          .set({
            ...(patch.title !== undefined && { title: patch.title }),
            ...(patch.valuePointId !== undefined && { value_point_id: patch.valuePointId }),
            ...(patch.neededOutcome !== undefined && { needed_outcome: patch.neededOutcome }),
            ...(patch.ownerId !== undefined && { owner_id: patch.ownerId }),
            ...(patch.dueOn !== undefined && { due_on: patch.dueOn }),
            ...(patch.status !== undefined && { status: patch.status }),
            ...targetColumns(patch.target),
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .execute();
        const { tasks: _, current: __, progress: ___, ...was } = before;
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'success_objective',
          entityId: id,
          before: was,
          after: patch,
        });
        return objective(id, trx);
      });
    },

    async deleteObjective(actor: Actor, id: string) {
      await db.transaction().execute(async (trx) => {
        const row = await trx.deleteFrom('success_objectives').where('id', '=', id).returningAll().executeTakeFirst();
        if (!row) throw notFound('objective');
        await audit.record(trx, actor, { action: 'delete', entity: 'success_objective', entityId: id, before: row });
      });
      return { ok: true as const };
    },

    async createTask(actor: Actor, objectiveId: string, input: TaskInput) {
      return db.transaction().execute(async (trx) => {
        await objective(objectiveId, trx);
        await checkRefs(trx, input);
        const { id } = await trx
          .insertInto('success_tasks')
          .values({
            objective_id: objectiveId,
            title: input.title,
            owner_id: input.ownerId ?? null,
            due_on: input.dueOn ?? null,
            done: input.done ?? false,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'success_task', entityId: id, after: input });
        return task(trx, id);
      });
    },

    async updateTask(actor: Actor, id: string, patch: Partial<TaskInput>) {
      return db.transaction().execute(async (trx) => {
        const before = await task(trx, id);
        await checkRefs(trx, patch);
        await trx
          .updateTable('success_tasks')
          .set({
            ...(patch.title !== undefined && { title: patch.title }),
            ...(patch.ownerId !== undefined && { owner_id: patch.ownerId }),
            ...(patch.dueOn !== undefined && { due_on: patch.dueOn }),
            ...(patch.done !== undefined && { done: patch.done }),
          })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'success_task',
          entityId: id,
          before,
          after: patch,
        });
        return task(trx, id);
      });
    },

    async deleteTask(actor: Actor, id: string) {
      await db.transaction().execute(async (trx) => {
        const row = await trx.deleteFrom('success_tasks').where('id', '=', id).returningAll().executeTakeFirst();
        if (!row) throw notFound('successTask');
        await audit.record(trx, actor, { action: 'delete', entity: 'success_task', entityId: id, before: row });
      });
      return { ok: true as const };
    },

    /** Adds the template's objectives to the account's plan, due `dueInDays` from today. */
    async applyTemplate(actor: Actor, accountId: string, templateId: string) {
      return db.transaction().execute(async (trx) => {
        await assertAccount(accountId, trx);
        const template = await catalogue.template(templateId, trx);
        const today = clock.today(timeZone);
        const due = (days: number | null | undefined) => {
          if (days === null || days === undefined) return null;
          const d = new Date(`${today}T00:00:00Z`);
          d.setUTCDate(d.getUTCDate() + days);
          return d.toISOString().slice(0, 10);
        };
        // A value point deleted since the template was written is dropped, not refused.
        const points = new Set((await catalogue.valuePoints(trx)).map((p) => p.id));
        const ids = await insertObjectives(
          trx,
          actor,
          accountId,
          template.objectives.map((o) => ({
            title: o.title,
            valuePointId: o.valuePointId && points.has(o.valuePointId) ? o.valuePointId : null,
            neededOutcome: o.neededOutcome ?? null,
            dueOn: due(o.dueInDays),
            target: o.target ? { ...o.target, key: o.target.key ?? null } : null,
          })),
        );
        return { created: ids.length };
      });
    },

    /** The public page's data: the account's name and plan for a live token; 'revoked', or undefined for an unknown one. */
    async shared(token: string, signer: LinkSigner) {
      const accountId = await links.accountOf(token, signer);
      if (!accountId || accountId === 'revoked') return accountId;
      const account = await liveAccounts(db).select('name').where('id', '=', accountId).executeTakeFirst();
      if (!account) return undefined;
      const [objectives, points] = await Promise.all([objectivesOf([accountId]), catalogue.valuePoints()]);
      return { accountName: account.name, objectives, valuePoints: points };
    },
  };

  async function task(q: Db, id: string) {
    const row = await q
      .selectFrom('success_tasks as t')
      .leftJoin(userRows(q as Kysely<DB>).as('u'), 'u.id', 't.owner_id')
      .select(['t.id', 't.title', 't.owner_id', 'u.name as owner_name', 't.due_on', 't.done'])
      .where('t.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('successTask');
    return toTask(row);
  }
}

export type SuccessPlanService = ReturnType<typeof createSuccessPlanService>;
