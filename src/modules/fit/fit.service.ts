import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import {
  type AccountFit,
  type CustomerMaturity,
  type CustomerMaturityInput,
  customerMaturityLevel,
  type FitCriterion,
  type FitCriterionInput,
  fitCriterionInputSchema,
  fitGrade,
} from '../../shared/fit.js';
import type { AccountService } from '../accounts/accounts.service.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { userRows } from '../users/users.read.js';
import { criterionMatches, fitFacts, maturityFacts } from './fit.read.js';

export interface FitDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  accounts: Pick<AccountService, 'get' | 'writeFacts'>;
}

/** How many maturity assessments an account's history shows; older ones stay in the database. */
const HISTORY = 20;

const num = (v: number | string | null) => (v === null ? null : Number(v));

/** ICP fit criteria and scores, and customer maturity assessments (docs/fit-and-maturity.md). */
export function createFitService({ db, clock, audit, accounts }: FitDeps) {
  async function criteria(q: Kysely<DB> = db): Promise<FitCriterion[]> {
    const rows = await q.selectFrom('fit_criteria').selectAll().orderBy('position').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      field: r.field,
      rule: r.rule,
      values: r.values,
      min: num(r.min),
      max: num(r.max),
      points: r.points,
      label: r.label,
      active: r.active,
    }));
  }

  /** Every account's fit score and grade into account_facts (all live accounts, or those in scope): one statement. */
  const refreshFit = (scope?: readonly string[]) => accounts.writeFacts('fit', fitFacts(db, scope), scope);
  const refreshMaturity = (scope?: readonly string[]) => accounts.writeFacts('maturity', maturityFacts(scope), scope);

  const selectMaturity = (q: Kysely<DB> = db) =>
    q
      .selectFrom('account_maturity_assessments as m')
      .leftJoin(userRows(q).as('u'), 'u.id', 'm.assessed_by')
      .select([
        'm.id',
        'm.account_id',
        'm.cognition',
        'm.strategy',
        'm.people',
        'm.tools',
        'm.level',
        'm.note',
        'm.assessed_by',
        'm.assessed_at',
        'u.name as assessed_by_name',
      ]);
  type MaturityRow = Awaited<ReturnType<ReturnType<typeof selectMaturity>['executeTakeFirstOrThrow']>>;
  const toMaturity = (r: MaturityRow): CustomerMaturity => ({
    id: r.id,
    accountId: r.account_id,
    cognition: r.cognition,
    strategy: r.strategy,
    people: r.people,
    tools: r.tools,
    level: r.level,
    note: r.note,
    assessedBy: r.assessed_by ? { id: r.assessed_by, name: r.assessed_by_name ?? '' } : null,
    assessedAt: new Date(r.assessed_at),
  });

  return {
    criteria,
    refreshFit,
    refreshMaturity,

    /** Replaces the whole set (the settings page saves it as one list), audited, and rescores every account. */
    async saveCriteria(actor: Actor, input: FitCriterionInput[]): Promise<FitCriterion[]> {
      const parsed = input.map((c) => fitCriterionInputSchema.parse(c));
      const saved = await db.transaction().execute(async (trx) => {
        const before = await criteria(trx);
        await trx.deleteFrom('fit_criteria').execute();
        if (parsed.length)
          await trx
            .insertInto('fit_criteria')
            .values(
              parsed.map((c, i) => ({
                field: c.field,
                rule: c.rule,
                values: c.rule === 'one_of' || c.rule === 'contains' ? c.values : [],
                min: c.rule === 'range' ? c.min : null,
                max: c.rule === 'range' ? c.max : null,
                points: c.points,
                label: c.label || null,
                position: i + 1,
                active: c.active,
                updated_at: clock.now(),
              })),
            )
            .execute();
        const after = await criteria(trx);
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'fit_criteria',
          entityId: null,
          before: { criteria: before },
          after: { criteria: after },
        });
        await accounts.writeFacts('fit', fitFacts(trx, undefined), undefined, trx);
        return after;
      });
      return saved;
    },

    /** One account's fit, criterion by criterion: what the handoff tab and the 360 show. */
    async accountFit(accountId: string): Promise<AccountFit> {
      await accounts.get(accountId);
      const [all, matches] = await Promise.all([criteria(), criterionMatches(db, [accountId]).execute(db)]);
      const byCriterion = new Map(matches.rows.map((m) => [m.criterion_id, m]));
      const active = all.filter((c) => c.active);
      const totalPoints = active.reduce((s, c) => s + c.points, 0);
      const rows = active.map((c) => {
        const m = byCriterion.get(c.id);
        const hit = m?.hit ?? null;
        return {
          ...c,
          value: m?.value ?? null,
          status: hit === null ? ('unknown' as const) : hit ? ('hit' as const) : ('missed' as const),
        };
      });
      const points = rows.filter((r) => r.status === 'hit').reduce((s, r) => s + r.points, 0);
      const score = totalPoints ? Math.round((100 * points) / totalPoints) : null;
      return {
        accountId,
        score,
        grade: score === null ? null : fitGrade(score),
        points,
        totalPoints,
        criteria: rows,
      };
    },

    async maturity(accountId: string) {
      await accounts.get(accountId);
      const rows = await selectMaturity()
        .where('m.account_id', '=', accountId)
        .orderBy('m.assessed_at', 'desc')
        .orderBy('m.seq', 'desc')
        .limit(HISTORY)
        .execute();
      const history = rows.map(toMaturity);
      return { current: history[0] ?? null, history };
    },

    /** A CSM's assessment: the level follows the rule of src/shared/fit.ts; audited; the list figure at once. */
    async assessMaturity(actor: Actor, accountId: string, input: CustomerMaturityInput): Promise<CustomerMaturity> {
      await accounts.get(accountId);
      const level = customerMaturityLevel(input);
      return db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('account_maturity_assessments')
          .values({
            account_id: accountId,
            cognition: input.cognition,
            strategy: input.strategy,
            people: input.people,
            tools: input.tools,
            level,
            note: input.note || null,
            assessed_by: userIdOf(actor),
            // The organisation's clock (TENURE_NOW in tests and demos), like every other recorded moment.
            assessed_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'account_maturity',
          entityId: id,
          before: null,
          after: { accountId, ...input, level },
        });
        await accounts.writeFacts('maturity', maturityFacts([accountId]), [accountId], trx);
        return toMaturity(await selectMaturity(trx).where('m.id', '=', id).executeTakeFirstOrThrow());
      });
    },
  };
}
export type FitService = ReturnType<typeof createFitService>;
