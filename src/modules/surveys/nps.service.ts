import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Actor } from '../audit/actor.js';
import { createNpsAnswers, type NpsAnswerDeps } from './nps.answers.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface NpsInput {
  accountId: string;
  /** The survey tool's response id; a response already stored under it is left as it is. */
  externalId?: string | null;
  contactId?: string | null;
  score: number;
  comment?: string | null;
  respondedAt: Date | string;
}

interface LatestAnswer {
  score: number;
  respondedAt: Date;
}

/** 6 parameters a row. */
const CHUNK = 3000;

export function createNpsService(deps: NpsAnswerDeps) {
  const { db, audit } = deps;
  const answers = createNpsAnswers(deps);
  const answerRows = () => db.selectFrom('nps_responses').select(['account_id', 'score', 'responded_at']);

  /** The latest answer of each account among the answers `narrow` keeps. */
  async function latestAnswers(narrow: (q: ReturnType<typeof answerRows>) => ReturnType<typeof answerRows>) {
    const rows = await narrow(answerRows())
      .distinctOn('account_id')
      .orderBy('account_id')
      .orderBy('responded_at', 'desc')
      .execute();
    return new Map<string, LatestAnswer>(
      rows.map((r) => [r.account_id, { score: r.score, respondedAt: r.responded_at as Date }]),
    );
  }
  return {
    /** One account's answers, newest first (the Support tab). */
    list: answers.list,
    /** One answer entered by hand or sent by a survey tool; audited and signalled. */
    record: answers.record,

    /** Each account's latest NPS answer (score and when), one statement over the accounts given (else all). */
    async latestByAccount(accountIds?: readonly string[]) {
      if (accountIds && !accountIds.length) return new Map<string, LatestAnswer>();
      return latestAnswers((q) =>
        accountIds ? q.where(sql<boolean>`account_id = any(${[...accountIds]}::uuid[])`) : q,
      );
    },

    /**
     * Each account's latest answer, for the accounts that answered since `since` (the Home's new
     * detractors): the latest answer since a moment is the latest of all for those accounts. Read by the
     * time of the answer (migration 0058), not by a book's ids.
     */
    latestSince: (since: Date) => latestAnswers((q) => q.where('responded_at', '>=', since)),

    /**
     * Stores NPS answers in set-based chunks. An answer is a fact: one already stored under the
     * same external id is kept, so a repeated import inserts nothing twice. One audit entry per
     * call. Returns the number of rows inserted.
     */
    async bulkInsert(actor: Actor, rows: readonly NpsInput[], trx?: Db): Promise<number> {
      for (const r of rows) {
        if (!Number.isInteger(r.score) || r.score < 0 || r.score > 10)
          throw new RangeError(`NPS score must be an integer 0–10, got ${r.score}`);
      }
      const target = trx ?? db;
      let inserted = 0;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const result = await target
          .insertInto('nps_responses')
          .values(
            rows.slice(i, i + CHUNK).map((r) => ({
              account_id: r.accountId,
              external_id: r.externalId ?? null,
              contact_id: r.contactId ?? null,
              score: r.score,
              comment: r.comment ?? null,
              responded_at: r.respondedAt,
            })),
          )
          .onConflict((oc) => oc.column('external_id').doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      if (rows.length)
        await audit.record(target, actor, {
          action: 'bulk_insert',
          entity: 'nps_response',
          entityId: null,
          after: { rows: rows.length, inserted },
        });
      return inserted;
    },
  };
}

export type NpsService = ReturnType<typeof createNpsService>;
