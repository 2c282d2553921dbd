import { type Kysely, sql } from 'kysely';
import { conditionsExpression } from './conditions.sql.js';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { type RuleSet, ruleSetSchema } from '../../shared/conditions.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

export interface SegmentInput {
  name: string;
  description?: string | null;
  rules: RuleSet;
}

type SegmentRow = { id: string; name: string; description: string | null; rules: unknown; created_at: Date; updated_at: Date };

export function createSegmentService({ db, clock, audit, accounts }: {
  db: Kysely<DB>; clock: Clock; audit: Pick<AuditService, 'record'>; accounts: Pick<AccountService, 'countMatching' | 'idsMatching'>;
}) {
  /** A segment with its live member count, computed now rather than stored so it never goes stale. */
  const withCount = async (row: SegmentRow) => {
    const rules = ruleSetSchema.parse(row.rules);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      rules,
      memberCount: await accounts.countMatching(rules),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  };

  async function findRow(id: string) {
    const row = await db.selectFrom('segments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('segment');
    return row;
  }

  return {
    async list() {
      const rows = await db.selectFrom('segments').selectAll().orderBy('name').execute();
      return Promise.all(rows.map(withCount));
    },

    async get(id: string) {
      return withCount(await findRow(id));
    },

    /**
     * Each account's primary segment: the first saved segment (by name) whose rules it matches,
     * decided for all accounts in one statement. Accounts in no segment are absent.
     */
    async primarySegments(accountIds?: string[]): Promise<Map<string, { id: string; name: string }>> {
      const saved = await db.selectFrom('segments').select(['id', 'name', 'rules']).orderBy('name').orderBy('id').execute();
      if (!saved.length) return new Map();
      const names = new Map(saved.map((s) => [s.id, s.name]));
      let q = db.selectFrom('accounts').where('accounts.deleted_at', 'is', null);
      if (accountIds) q = q.where('accounts.id', '=', sql<string>`any(${accountIds}::uuid[])`);
      const rows = await q
        .select((eb) => {
          const branches = saved.map((s) => {
            const rules = ruleSetSchema.parse(s.rules);
            return sql`when ${conditionsExpression(eb, rules.conditions, rules.match)} then ${s.id}::text`;
          });
          return sql<string | null>`case ${sql.join(branches, sql` `)} end`.as('segment_id');
        })
        .select('accounts.id')
        .execute();
      const out = new Map<string, { id: string; name: string }>();
      for (const r of rows) if (r.segment_id) out.set(r.id, { id: r.segment_id, name: names.get(r.segment_id)! });
      return out;
    },

    /** The segment's member ids, evaluated now (one query). */
    async memberIds(id: string): Promise<string[]> {
      return accounts.idsMatching(ruleSetSchema.parse((await findRow(id)).rules));
    },

    async rules(id: string): Promise<RuleSet> {
      return ruleSetSchema.parse((await findRow(id)).rules);
    },

    async create(actor: Actor, input: SegmentInput) {
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('segments')
          .values({ name: input.name, description: input.description ?? null, rules: JSON.stringify(input.rules), created_by: actor.type === 'user' ? actor.id : null })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'segment', entityId: inserted.id, after: inserted });
        return inserted;
      });
      return withCount(row);
    },

    async update(actor: Actor, id: string, patch: Partial<SegmentInput>) {
      const row = await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('segments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) throw notFound('segment');
        const after = await trx
          .updateTable('segments')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.rules ? { rules: JSON.stringify(patch.rules) } : {}),
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'update', entity: 'segment', entityId: id, before, after });
        return after;
      });
      return withCount(row);
    },

    async remove(actor: Actor, id: string) {
      await db.transaction().execute(async (trx) => {
        const before = await trx.deleteFrom('segments').where('id', '=', id).returningAll().executeTakeFirst();
        if (!before) throw notFound('segment');
        await audit.record(trx, actor, { action: 'delete', entity: 'segment', entityId: id, before });
      });
    },
  };
}

export type SegmentService = ReturnType<typeof createSegmentService>;
