import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import type {
  NeedsInput,
  PlanTemplate,
  TemplateInput,
  ValuePoint,
  ValuePointInput,
} from '../../shared/successplans.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { segmentRows } from '../segments/segments.read.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The value proposition catalogue (value points in both languages, each mapped to product modules and
 * services), the customer's needs mapped to them at handoff, and the objective templates per segment.
 */
export function createCatalogue({ db, audit }: { db: Kysely<DB>; audit: Pick<AuditService, 'record'> }) {
  const toPoint = (r: {
    id: string;
    name_en: string;
    name_zh: string;
    description_en: string | null;
    description_zh: string | null;
    modules: string[];
    services: string[];
    active: boolean;
  }): ValuePoint => ({
    id: r.id,
    nameEn: r.name_en,
    nameZh: r.name_zh,
    descriptionEn: r.description_en,
    descriptionZh: r.description_zh,
    modules: r.modules,
    services: r.services,
    active: r.active,
  });
  const pointColumns = (input: ValuePointInput) => ({
    name_en: input.nameEn,
    name_zh: input.nameZh,
    description_en: input.descriptionEn ?? null,
    description_zh: input.descriptionZh ?? null,
    modules: [...new Set(input.modules)],
    services: input.services,
    active: input.active,
  });

  const selectTemplates = (q: Db = db) =>
    q
      .selectFrom('success_plan_templates as t')
      .leftJoin(segmentRows(q as Kysely<DB>).as('s'), 's.id', 't.segment_id')
      .select(['t.id', 't.name', 't.segment_id', 's.name as segment_name', 't.objectives'])
      .orderBy('t.name')
      .orderBy('t.id');
  const toTemplate = (r: {
    id: string;
    name: string;
    segment_id: string | null;
    segment_name: string | null;
    objectives: unknown[];
  }): PlanTemplate => ({
    id: r.id,
    name: r.name,
    segment: r.segment_id ? { id: r.segment_id, name: r.segment_name ?? '' } : null,
    objectives: r.objectives as PlanTemplate['objectives'],
  });

  async function checkSegment(q: Db, segmentId: string | null | undefined) {
    if (!segmentId) return;
    const found = await segmentRows(q as Kysely<DB>)
      .where('id', '=', segmentId)
      .executeTakeFirst();
    if (!found) throw invalidField(['body', 'segmentId'], 'errors.missingReference');
  }
  async function checkPoints(q: Db, ids: (string | null | undefined)[], path: (i: number) => (string | number)[]) {
    const wanted = ids.map((id, i) => [id, i] as const).filter(([id]) => !!id);
    if (!wanted.length) return;
    const known = new Set(
      (
        await q
          .selectFrom('value_points')
          .select('id')
          .where(
            'id',
            'in',
            wanted.map(([id]) => id as string),
          )
          .execute()
      ).map((r) => r.id),
    );
    const missing = wanted.find(([id]) => !known.has(id as string));
    if (missing) throw invalidField(path(missing[1]), 'errors.successUnknownValuePoint');
  }

  return {
    async valuePoints(q: Db = db) {
      const rows = await q.selectFrom('value_points').selectAll().orderBy('name_en').orderBy('id').execute();
      return rows.map(toPoint);
    },

    async createValuePoint(actor: Actor, input: ValuePointInput) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('value_points')
          .values(pointColumns(input))
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'value_point', entityId: row.id, after: input });
        return toPoint(row);
      });
    },

    async updateValuePoint(actor: Actor, id: string, input: ValuePointInput) {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('value_points').selectAll().where('id', '=', id).executeTakeFirst();
        if (!before) throw notFound('valuePoint');
        const row = await trx
          .updateTable('value_points')
          .set({ ...pointColumns(input), updated_at: new Date() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'update', entity: 'value_point', entityId: id, before, after: input });
        return toPoint(row);
      });
    },

    async deleteValuePoint(actor: Actor, id: string) {
      await db.transaction().execute(async (trx) => {
        const row = await trx.deleteFrom('value_points').where('id', '=', id).returningAll().executeTakeFirst();
        if (!row) throw notFound('valuePoint');
        await audit.record(trx, actor, { action: 'delete', entity: 'value_point', entityId: id, before: row });
      });
      return { ok: true as const };
    },

    /** The customer's needs mapped to value points at handoff. */
    async needs(accountId: string): Promise<NeedsInput> {
      const rows = await db
        .selectFrom('account_value_needs')
        .select(['value_point_id', 'note'])
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('value_point_id')
        .execute();
      return { items: rows.map((r) => ({ valuePointId: r.value_point_id, note: r.note })) };
    },

    /** Replaces the mapping (the handoff form saves the whole list). */
    async saveNeeds(actor: Actor, accountId: string, input: NeedsInput) {
      await db.transaction().execute(async (trx) => {
        const account = await liveAccounts(trx as unknown as Kysely<DB>)
          .select('id')
          .where('id', '=', accountId)
          .executeTakeFirst();
        if (!account) throw notFound('account');
        await checkPoints(
          trx,
          input.items.map((i) => i.valuePointId),
          (i) => ['body', 'items', i, 'valuePointId'],
        );
        const before = await trx
          .deleteFrom('account_value_needs')
          .where('account_id', '=', accountId)
          .returningAll()
          .execute();
        if (input.items.length)
          await trx
            .insertInto('account_value_needs')
            .values(
              input.items.map((i) => ({ account_id: accountId, value_point_id: i.valuePointId, note: i.note ?? null })),
            )
            .execute();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'account_value_needs',
          entityId: accountId,
          before,
          after: input.items,
        });
      });
      return this.needs(accountId);
    },

    async templates() {
      return (await selectTemplates().execute()).map(toTemplate);
    },

    async template(id: string, q: Db = db) {
      const row = await selectTemplates(q).where('t.id', '=', id).executeTakeFirst();
      if (!row) throw notFound('successTemplate');
      return toTemplate(row);
    },

    /** The first template (by name) written for the segment. */
    async templateForSegment(segmentId: string) {
      const row = await db
        .selectFrom('success_plan_templates')
        .select(['id', 'name'])
        .where('segment_id', '=', segmentId)
        .orderBy('name')
        .orderBy('id')
        .executeTakeFirst();
      return row ?? null;
    },

    async saveTemplate(actor: Actor, id: string | null, input: TemplateInput) {
      return db.transaction().execute(async (trx) => {
        await checkSegment(trx, input.segmentId);
        await checkPoints(
          trx,
          input.objectives.map((o) => o.valuePointId),
          (i) => ['body', 'objectives', i, 'valuePointId'],
        );
        const values = {
          name: input.name,
          segment_id: input.segmentId ?? null,
          objectives: JSON.stringify(input.objectives),
        };
        let templateId = id;
        if (id) {
          const row = await trx
            .updateTable('success_plan_templates')
            .set({ ...values, updated_at: new Date() })
            .where('id', '=', id)
            .returning('id')
            .executeTakeFirst();
          if (!row) throw notFound('successTemplate');
        } else {
          templateId = (
            await trx.insertInto('success_plan_templates').values(values).returning('id').executeTakeFirstOrThrow()
          ).id;
        }
        await audit.record(trx, actor, {
          action: id ? 'update' : 'create',
          entity: 'success_plan_template',
          entityId: templateId as string,
          after: input,
        });
        return this.template(templateId as string, trx);
      });
    },

    async deleteTemplate(actor: Actor, id: string) {
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .deleteFrom('success_plan_templates')
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw notFound('successTemplate');
        await audit.record(trx, actor, {
          action: 'delete',
          entity: 'success_plan_template',
          entityId: id,
          before: row,
        });
      });
      return { ok: true as const };
    },
  };
}
