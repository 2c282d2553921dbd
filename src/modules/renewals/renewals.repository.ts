import { type Insertable, type Kysely, type Transaction, sql } from 'kysely';
import type { DB, RenewalRaciTable } from '../../db/types.js';
import type { RaciMatrix } from '../../shared/renewals.js';

type Db = Kysely<DB> | Transaction<DB>;

/** SQL of the renewal centre: per-renewal rows, the RACI and the per-segment settings. */
export const renewalsRepository = {
  /** Stored rows for these (account, renewal date) pairs, one statement. */
  async rowsFor(db: Db, accountIds: string[]) {
    if (!accountIds.length) return [];
    return db
      .selectFrom('renewals')
      .selectAll()
      .where('account_id', '=', sql<string>`any(${accountIds}::uuid[])`)
      .execute();
  },

  /** (account, renewal date) pairs with a recorded outcome, one statement. */
  async decided(db: Db, accountIds: string[]) {
    if (!accountIds.length) return [];
    return db
      .selectFrom('renewals')
      .select(['account_id', 'renews_on'])
      .where('outcome', 'is not', null)
      .where('account_id', '=', sql<string>`any(${accountIds}::uuid[])`)
      .execute();
  },

  findForUpdate(trx: Transaction<DB>, accountId: string, renewsOn: string) {
    return trx
      .selectFrom('renewals')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('renews_on', '=', renewsOn)
      .forUpdate()
      .executeTakeFirst();
  },

  /** Creates the row for a renewal when it is first needed, then returns it locked. */
  async ensure(trx: Transaction<DB>, accountId: string, renewsOn: string) {
    await trx
      .insertInto('renewals')
      .values({ account_id: accountId, renews_on: renewsOn })
      .onConflict((oc) => oc.columns(['account_id', 'renews_on']).doNothing())
      .execute();
    return (await this.findForUpdate(trx, accountId, renewsOn))!;
  },

  /** Many categories or outcomes at once (the demo, imports): one statement, upserting by renewal. */
  async bulkUpsert(db: Db, rows: Insertable<DB['renewals']>[]) {
    if (!rows.length) return 0;
    const result = await db
      .insertInto('renewals')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['account_id', 'renews_on']).doUpdateSet((eb) => ({
          category: eb.fn.coalesce('excluded.category', 'renewals.category'),
          category_set_by: eb.fn.coalesce('excluded.category_set_by', 'renewals.category_set_by'),
          category_set_by_name: eb.fn.coalesce('excluded.category_set_by_name', 'renewals.category_set_by_name'),
          category_set_at: eb.fn.coalesce('excluded.category_set_at', 'renewals.category_set_at'),
          outcome: eb.fn.coalesce('excluded.outcome', 'renewals.outcome'),
          churn_reason: eb.fn.coalesce('excluded.churn_reason', 'renewals.churn_reason'),
          arr_minor: eb.fn.coalesce('excluded.arr_minor', 'renewals.arr_minor'),
          new_arr_minor: eb.fn.coalesce('excluded.new_arr_minor', 'renewals.new_arr_minor'),
          outcome_recorded_by_name: eb.fn.coalesce(
            'excluded.outcome_recorded_by_name',
            'renewals.outcome_recorded_by_name',
          ),
          outcome_recorded_at: eb.fn.coalesce('excluded.outcome_recorded_at', 'renewals.outcome_recorded_at'),
        })),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  },

  async outcomes(db: Db, from: string, to: string) {
    const { rows } = await sql<{
      outcome: string;
      churn_reason: string | null;
      n: number;
      arr: number;
      new_arr: number;
    }>`
      select outcome, churn_reason, count(*)::int as n, coalesce(sum(arr_minor), 0)::bigint as arr, coalesce(sum(coalesce(new_arr_minor, case when outcome = 'churned' then 0 else arr_minor end)), 0)::bigint as new_arr
      from renewals where outcome is not null and renews_on between ${from}::date and ${to}::date
      group by outcome, churn_reason order by outcome, churn_reason`.execute(db);
    return rows.map((r) => ({
      outcome: r.outcome,
      churnReason: r.churn_reason,
      count: Number(r.n),
      arrMinor: Number(r.arr),
      newArrMinor: Number(r.new_arr),
    }));
  },

  /** Accounts with a recorded renewal (renewed or expanded), for advocacy. */
  async renewedAccounts(db: Db) {
    const rows = await db
      .selectFrom('renewals')
      .select('account_id')
      .distinct()
      .where('outcome', 'in', ['renewed', 'expanded'])
      .execute();
    return new Set(rows.map((r) => r.account_id));
  },

  async raciRows(db: Db) {
    return db.selectFrom('renewal_raci').select(['segment_id', 'activity', 'party', 'letter']).execute();
  },

  async replaceRaci(trx: Transaction<DB>, segmentId: string | null, matrix: RaciMatrix) {
    await (segmentId
      ? trx.deleteFrom('renewal_raci').where('segment_id', '=', segmentId)
      : trx.deleteFrom('renewal_raci').where('segment_id', 'is', null)
    ).execute();
    const values: Insertable<RenewalRaciTable>[] = Object.entries(matrix).flatMap(([activity, parties]) =>
      Object.entries(parties ?? {}).map(([party, letter]) => ({
        segment_id: segmentId,
        activity: activity as RenewalRaciTable['activity'],
        party: party as RenewalRaciTable['party'],
        letter: letter as RenewalRaciTable['letter'],
      })),
    );
    if (values.length) await trx.insertInto('renewal_raci').values(values).execute();
  },

  async segmentSettings(db: Db) {
    return db.selectFrom('renewal_segment_settings').select(['segment_id', 'renewal_manager_id']).execute();
  },

  async setRenewalManager(trx: Transaction<DB>, segmentId: string, userId: string | null, at: Date) {
    await trx
      .insertInto('renewal_segment_settings')
      .values({ segment_id: segmentId, renewal_manager_id: userId, updated_at: at })
      .onConflict((oc) => oc.column('segment_id').doUpdateSet({ renewal_manager_id: userId, updated_at: at }))
      .execute();
  },
};
