import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import {
  MATURITY_PRACTICES,
  type MaturityAssessment,
  type MaturityInput,
  type MaturityLevels,
} from '../../shared/maturity.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { userRows } from '../users/users.read.js';

export interface MaturityDeps {
  db: Kysely<DB>;
  audit: Pick<AuditService, 'record'>;
}

/** How many assessments the history keeps on screen; older ones stay in the database. */
const HISTORY = 50;

const toLevels = (stored: Record<string, number>) =>
  Object.fromEntries(MATURITY_PRACTICES.map((p) => [p, stored[p] ?? 1])) as MaturityLevels;

/** The CS team's maturity self-assessments (docs/maturity.md): taken by a manager, kept as a history. */
export function createMaturityService({ db, audit }: MaturityDeps) {
  // Reads in the caller's transaction when given one (a new assessment is read back before commit).
  const select = (q: Kysely<DB> = db) =>
    q
      .selectFrom('maturity_assessments as m')
      .leftJoin(userRows(q).as('u'), 'u.id', 'm.taken_by')
      .select(['m.id', 'm.levels', 'm.note', 'm.taken_by', 'm.taken_at', 'u.name as taken_by_name']);
  type Row = Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>;
  const toAssessment = (r: Row): MaturityAssessment => {
    const levels = toLevels(r.levels);
    return {
      id: r.id,
      levels,
      total: MATURITY_PRACTICES.reduce((sum, p) => sum + levels[p], 0),
      note: r.note,
      takenBy: r.taken_by ? { id: r.taken_by, name: r.taken_by_name ?? '' } : null,
      takenAt: new Date(r.taken_at),
    };
  };

  return {
    /** The newest first. */
    async list() {
      const rows = await select().orderBy('m.taken_at', 'desc').orderBy('m.id', 'desc').limit(HISTORY).execute();
      return rows.map(toAssessment);
    },

    async create(actor: Actor, input: MaturityInput) {
      return db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('maturity_assessments')
          .values({
            levels: JSON.stringify(input.levels),
            note: input.note ?? null,
            taken_by: userIdOf(actor),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'maturity_assessment',
          entityId: id,
          before: null,
          after: { levels: input.levels, note: input.note ?? null },
        });
        const row = await select(trx).where('m.id', '=', id).executeTakeFirstOrThrow();
        return toAssessment(row);
      });
    },
  };
}
export type MaturityService = ReturnType<typeof createMaturityService>;
