/** Scorecards, sentiments and snapshot reads (SQL only). */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { HealthColor, MeasureType, Scorecard, ScorecardValues } from '../../shared/health.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function listScorecards(db: Db, ids?: string[]): Promise<Scorecard[]> {
  let q = db
    .selectFrom('health_scorecards')
    .select([
      'id',
      'name',
      'description',
      'red_below',
      'green_from',
      'max_tenure_days',
      'active',
      'is_primary',
      'created_at',
      'updated_at',
      sql<string[]>`segment_ids::text[]`.as('segment_ids'),
    ])
    .orderBy('is_primary', 'desc')
    .orderBy('name');
  if (ids) q = q.where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
  const cards = await q.execute();
  if (!cards.length) return [];
  const measures = await db
    .selectFrom('health_measures')
    .selectAll()
    .where(
      'scorecard_id',
      'in',
      cards.map((c) => c.id),
    )
    .orderBy('position')
    .execute();
  return cards.map((c) => ({
    id: c.id,
    name: c.name,
    description: c.description,
    redBelow: Number(c.red_below),
    greenFrom: Number(c.green_from),
    segmentIds: c.segment_ids ?? [],
    maxTenureDays: c.max_tenure_days,
    active: c.active,
    primary: c.is_primary,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    measures: measures
      .filter((m) => m.scorecard_id === c.id)
      .map((m) => ({
        id: m.id,
        type: m.type as MeasureType,
        attributeKey: m.attribute_key,
        weight: Number(m.weight),
        bad: Number(m.bad),
        good: Number(m.good),
      })),
  }));
}

function columns(values: Partial<ScorecardValues>) {
  const out: Record<string, unknown> = {};
  if (values.name !== undefined) out.name = values.name;
  if (values.description !== undefined) out.description = values.description ?? null;
  if (values.redBelow !== undefined) out.red_below = values.redBelow;
  if (values.greenFrom !== undefined) out.green_from = values.greenFrom;
  if (values.segmentIds !== undefined) out.segment_ids = sql`${values.segmentIds}::uuid[]`;
  if (values.maxTenureDays !== undefined) out.max_tenure_days = values.maxTenureDays ?? null;
  if (values.active !== undefined) out.active = values.active;
  if (values.primary !== undefined) out.is_primary = values.primary;
  return out;
}

async function replaceMeasures(trx: Transaction<DB>, scorecardId: string, measures: ScorecardValues['measures']) {
  // Measures keep their ids when their position and type stay, so their history still joins.
  const existing = await trx
    .selectFrom('health_measures')
    .select(['id', 'position', 'type', 'attribute_key'])
    .where('scorecard_id', '=', scorecardId)
    .execute();
  const keep = new Set<string>();
  for (const [position, m] of measures.entries()) {
    const attributeKey = m.type === 'custom_attribute' ? (m.attributeKey ?? null) : null;
    const same = existing.find((e) => e.position === position && e.type === m.type && e.attribute_key === attributeKey);
    const row = { weight: m.weight, bad: m.bad, good: m.good, attribute_key: attributeKey, type: m.type, position };
    if (same) {
      keep.add(same.id);
      await trx.updateTable('health_measures').set(row).where('id', '=', same.id).execute();
    } else {
      const made = await trx
        .insertInto('health_measures')
        .values({ ...row, scorecard_id: scorecardId })
        .returning('id')
        .executeTakeFirstOrThrow();
      keep.add(made.id);
    }
  }
  const gone = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
  if (gone.length) await trx.deleteFrom('health_measures').where('id', 'in', gone).execute();
}

export async function insertScorecard(trx: Transaction<DB>, values: ScorecardValues): Promise<string> {
  if (values.primary)
    await trx.updateTable('health_scorecards').set({ is_primary: false }).where('is_primary', '=', true).execute();
  const row = await trx
    .insertInto('health_scorecards')
    .values(columns(values) as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceMeasures(trx, row.id, values.measures);
  return row.id;
}

export async function updateScorecard(trx: Transaction<DB>, id: string, patch: Partial<ScorecardValues>) {
  if (patch.primary)
    await trx
      .updateTable('health_scorecards')
      .set({ is_primary: false })
      .where('is_primary', '=', true)
      .where('id', '<>', id)
      .execute();
  await trx
    .updateTable('health_scorecards')
    .set({ ...(columns(patch) as object), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  if (patch.measures) await replaceMeasures(trx, id, patch.measures);
}

export interface SnapshotRow {
  scorecard_id: string;
  account_id: string;
  day: string;
  score: number;
  color: HealthColor;
}

/** The account's latest score on the primary scorecard, as an SQL expression (the accounts list sorts by it). */
export function primaryScoreOf(accountId: RawBuilder<unknown>) {
  return sql`(select h.score from health_snapshots h join health_scorecards c on c.id = h.scorecard_id and c.is_primary and c.active
    where h.account_id = ${accountId} order by h.day desc limit 1)`;
}

/** The latest snapshot of each (account, scorecard), with the scores 7 and 30 days before it. */
export async function latestWithPast(db: Db, accountIds: string[]) {
  if (!accountIds.length) return [];
  const result = await sql<SnapshotRow & { score7: number | null; score30: number | null }>`
    select l.scorecard_id, l.account_id, l.day, l.score, l.color, p7.score as score7, p30.score as score30
    from (
      select distinct on (h.account_id, h.scorecard_id) h.*
      from health_snapshots h where h.account_id = any(${accountIds}::uuid[])
      order by h.account_id, h.scorecard_id, h.day desc
    ) l
    left join health_snapshots p7 on p7.scorecard_id = l.scorecard_id and p7.account_id = l.account_id and p7.day = l.day - 7
    left join health_snapshots p30 on p30.scorecard_id = l.scorecard_id and p30.account_id = l.account_id and p30.day = l.day - 30`.execute(
    db,
  );
  return result.rows.map((r) => ({
    ...r,
    score: Number(r.score),
    score7: r.score7 === null ? null : Number(r.score7),
    score30: r.score30 === null ? null : Number(r.score30),
  }));
}

/**
 * Each account's latest snapshot on the active primary scorecard: one index-only probe of
 * health_snapshots_latest_idx per account (newest day first, stopping at the first primary row; migration
 * 0053), so 35,000 renewals cost one short index walk each instead of every scorecard's latest row and
 * its past.
 */
export async function latestPrimary(db: Db, accountIds: readonly string[]) {
  if (!accountIds.length) return [];
  const result = await sql<{ account_id: string; score: number; color: HealthColor }>`
    select u.id as account_id, l.score, l.color
    from (select distinct unnest(${[...accountIds]}::uuid[]) as id) u
    cross join lateral (
      select h.score, h.color from health_snapshots h
      join health_scorecards c on c.id = h.scorecard_id and c.is_primary and c.active
      where h.account_id = u.id
      order by h.day desc limit 1
    ) l`.execute(db);
  return result.rows.map((r) => ({ accountId: r.account_id, score: Number(r.score), color: r.color }));
}

export async function history(db: Db, accountId: string, fromDay: string) {
  const rows = await db
    .selectFrom('health_snapshots')
    .select(['scorecard_id', 'day', 'score', 'color'])
    .where('account_id', '=', accountId)
    .where('day', '>=', fromDay)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

export async function measureSnapshots(db: Db, accountId: string, days: string[]) {
  if (!days.length) return [];
  const rows = await db
    .selectFrom('health_measure_snapshots')
    .select(['scorecard_id', 'day', 'measure_id', 'value', 'score', 'weight'])
    .where('account_id', '=', accountId)
    .where('day', 'in', days)
    .execute();
  return rows.map((r) => ({
    ...r,
    value: r.value === null ? null : Number(r.value),
    score: r.score === null ? null : Number(r.score),
    weight: Number(r.weight),
  }));
}
