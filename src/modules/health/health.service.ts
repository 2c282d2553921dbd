import { performance } from 'node:perf_hooks';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { withWorkMemory } from '../../db/work-memory.js';
import { AppError, invalidField, notFound } from '../../http/errors.js';
import type {
  AccountHealth,
  Backtest,
  BacktestQuery,
  CurrentHealth,
  Scorecard,
  ScorecardInput,
  ScorecardPatch,
  Sentiment,
} from '../../shared/health.js';
import { backtestQuerySchema, scorecardInputSchema } from '../../shared/health.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SegmentService } from '../segments/segments.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { userRows } from '../users/users.read.js';
import { explainChange, lowScoreAuc, rocCurve, trendOf, verdictOf } from './analysis.js';
import { renewalEvents } from './backtest.sql.js';
import { buildScope, type EngineScorecard, persistScored, type Scope, scoreScope, usageStart } from './engine.sql.js';
import {
  history,
  insertScorecard,
  latestPrimary,
  latestWithPast,
  listScorecards,
  measureSnapshots,
  updateScorecard,
} from './health.repository.js';
import type { MeasureContext } from './measures.js';
import { contactHealth, type ContactHealthDeps } from './contacts.health.js';
import { colourReads } from './health.colours.js';
import { currentHealthFacts } from './health.read.js';

/** PGlite has no JIT setting to turn off. */
async function isPostgres(trx: Kysely<DB> | Parameters<typeof scoreScope>[0]) {
  const r = await sql<{ on: string | null }>`select current_setting('jit', true) as on`.execute(trx);
  return r.rows[0]?.on !== null && r.rows[0]?.on !== undefined;
}

export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export interface HealthDeps extends ContactHealthDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  settings: Pick<SettingsService, 'get'>;
  segments: Pick<SegmentService, 'rules'>;
  timeZone: string;
  /**
   * Where the current primary score goes for lists (account_facts, docs/lists.md), written after each
   * recompute: the accounts service's writeFacts, named here so health does not import accounts.
   */
  facts?: { writeFacts(part: 'health', source: RawBuilder<unknown>, scope?: readonly string[]): Promise<unknown> };
}

export interface RecomputeOptions {
  /** Default: today in the organisation's zone. */
  asOfDay?: string;
  /** Several days in one pass (history); overrides asOfDay. */
  days?: string[];
  /** The last n days up to asOfDay (or today) in one pass: history for a new scorecard or the demo. */
  historyDays?: number;
  /** Default: every account. */
  accountIds?: string[];
}

export function createHealthService(deps: HealthDeps) {
  const { db, clock, audit, settings, segments, timeZone } = deps;
  const today = () => clock.today(timeZone);

  async function accountExists(accountId: string) {
    const row = await db
      .selectFrom(liveAccounts(db).as('a'))
      .select('a.id')
      .where('a.id', '=', accountId)
      .executeTakeFirst();
    if (!row) throw notFound('account');
  }

  async function get(id: string): Promise<Scorecard> {
    const [card] = await listScorecards(db, [id]);
    if (!card) throw notFound('scorecard');
    return card;
  }

  async function engineCards(cards: Scorecard[]): Promise<EngineScorecard[]> {
    return Promise.all(
      cards.map(async (c) => ({
        id: c.id,
        redBelow: c.redBelow,
        greenFrom: c.greenFrom,
        // A segment deleted since it was assigned no longer narrows the scorecard.
        segments: (await Promise.all(c.segmentIds.map((s) => segments.rules(s).catch(() => null)))).filter(
          (r) => r !== null,
        ),
        maxTenureDays: c.maxTenureDays,
        measures: c.measures,
      })),
    );
  }

  async function context(): Promise<MeasureContext> {
    const [modules, keyBehaviour, start] = await Promise.all([
      settings.get('product_modules'),
      settings.get('key_behaviour'),
      usageStart(db),
    ]);
    return { timeZone, coreModules: modules.filter((m) => m.core).map((m) => m.key), keyBehaviour, usageStart: start };
  }

  /** Scores a scope in one transaction; `read` sees hs_scored / hs_measured before they are dropped. */
  async function run<T>(
    cards: Scorecard[],
    scope: Scope,
    persist: boolean,
    read: (trx: Parameters<typeof scoreScope>[0]) => Promise<T>,
  ) {
    const [engine, base] = await Promise.all([engineCards(cards), context()]);
    const ctx = {
      ...base,
      single:
        'days' in scope && scope.days.length === 1
          ? { day: scope.days[0]!, accountIds: scope.accountIds ?? null }
          : null,
    };
    // Large recomputes sort and hash far more than the default 4 MB allows.
    return withWorkMemory(db, '64MB', async (trx) => {
      // JIT compilation cost seconds per statement here and saved none: these are scans and aggregates.
      if (await isPostgres(trx)) await sql`set local jit = off`.execute(trx);
      const rows = await buildScope(trx, scope);
      await scoreScope(trx, engine, ctx);
      if (persist) await persistScored(trx);
      return { rows, value: await read(trx) };
    });
  }

  async function recompute(options: RecomputeOptions = {}) {
    const started = performance.now();
    const cards = (await listScorecards(db)).filter((c) => c.active);
    const end = options.asOfDay ?? today();
    const days =
      options.days ??
      Array.from({ length: options.historyDays ?? 1 }, (_, i) => addDays(end, i - (options.historyDays ?? 1) + 1));
    const { value: accounts } = await run(cards, { days, accountIds: options.accountIds }, true, async (trx) => {
      const r = await sql<{ n: number }>`select count(distinct account_id)::int as n from hs_scope`.execute(trx);
      return r.rows[0]?.n ?? 0;
    });
    await deps.facts?.writeFacts('health', currentHealthFacts(options.accountIds), options.accountIds);
    return {
      accounts,
      scorecards: cards.length,
      days: days.length,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
  }

  async function currentForAccounts(accountIds: string[]): Promise<CurrentHealth[]> {
    const rows = await latestWithPast(db, accountIds);
    if (!rows.length) return [];
    const cards = new Map((await listScorecards(db)).map((c) => [c.id, c]));
    return rows
      .filter((r) => cards.get(r.scorecard_id)?.active)
      .map((r) => {
        const card = cards.get(r.scorecard_id)!;
        return {
          accountId: r.account_id,
          scorecardId: r.scorecard_id,
          scorecardName: card.name,
          primary: card.primary,
          score: r.score,
          color: r.color,
          day: r.day,
          trend7: trendOf(r.score, r.score7),
          trend30: trendOf(r.score, r.score30),
        };
      })
      .sort((a, b) => Number(b.primary) - Number(a.primary) || a.scorecardName.localeCompare(b.scorecardName));
  }

  /** Each account's current primary score and colour (renewals, advocacy); accounts never scored are absent. */
  async function primaryForAccounts(accountIds: string[]) {
    return new Map((await latestPrimary(db, accountIds)).map((r) => [r.accountId, { score: r.score, color: r.color }]));
  }

  /** Accounts whose primary scorecard was red on every one of the weeks × 7 days up to asOfDay (a missing day breaks the run). */
  async function accountsRedForWeeks(weeks: number, asOfDay: string): Promise<string[]> {
    const from = addDays(asOfDay, -(weeks * 7 - 1));
    const result = await sql<{ account_id: string }>`
      select h.account_id from health_snapshots h join health_scorecards c on c.id = h.scorecard_id and c.is_primary
      where h.day between ${from}::date and ${asOfDay}::date
      group by 1 having count(*) filter (where h.color = 'red') = ${weeks * 7}::int
      order by 1`.execute(db);
    return result.rows.map((r) => r.account_id);
  }

  async function sentiment(accountId: string): Promise<Sentiment | null> {
    const row = await db
      .selectFrom('health_sentiments as h')
      .leftJoin(userRows(db).as('u'), 'u.id', 'h.created_by')
      .select(['h.value', 'h.comment', 'h.set_on', 'h.expires_on', 'u.name'])
      .where('h.account_id', '=', accountId)
      .orderBy('h.set_on', 'desc')
      .orderBy('h.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    return {
      value: row.value,
      comment: row.comment,
      setOn: row.set_on,
      expiresOn: row.expires_on,
      setBy: row.name,
      current: row.expires_on > today(),
    };
  }

  async function accountHealth(
    accountId: string,
    options: { since?: string; days?: number } = {},
  ): Promise<AccountHealth> {
    await accountExists(accountId);
    const current = await currentForAccounts([accountId]);
    const past = await history(db, accountId, addDays(today(), -(options.days ?? 90)));
    const cards = new Map(
      (
        await listScorecards(
          db,
          current.map((c) => c.scorecardId),
        )
      ).map((c) => [c.id, c]),
    );
    const scorecards = await Promise.all(
      current.map(async (c) => {
        const card = cards.get(c.scorecardId)!;
        const own = past.filter((h) => h.scorecard_id === c.scorecardId);
        const wanted = options.since ?? addDays(c.day, -7);
        // The latest snapshot on or before the day asked for.
        const since = [...own].reverse().find((h) => h.day <= wanted && h.day < c.day)?.day ?? null;
        const snaps = await measureSnapshots(db, accountId, since ? [c.day, since] : [c.day]);
        const at = (day: string) => snaps.filter((s) => s.scorecard_id === c.scorecardId && s.day === day);
        const now = at(c.day);
        const total = now.filter((s) => s.score !== null).reduce((sum, s) => sum + s.weight, 0);
        const byId = new Map(card.measures.map((m) => [m.id, m]));
        const measures = card.measures.map((m) => {
          const s = now.find((x) => x.measure_id === m.id);
          const score = s?.score ?? null;
          return {
            measureId: m.id,
            type: m.type,
            attributeKey: m.attributeKey,
            value: s?.value ?? null,
            score,
            weight: s?.weight ?? m.weight,
            share: score === null || !total ? 0 : s!.weight / total,
          };
        });
        const toPoints = (rows: typeof now) =>
          rows.map((s) => ({ measureId: s.measure_id, score: s.score, weight: s.weight }));
        const changes = since
          ? explainChange(toPoints(at(since)), toPoints(now))
              .filter((x) => byId.has(x.measureId))
              .map((x) => ({
                ...x,
                type: byId.get(x.measureId)!.type,
                attributeKey: byId.get(x.measureId)!.attributeKey,
              }))
          : [];
        return {
          ...c,
          measures,
          history: own.map((h) => ({ day: h.day, score: h.score, color: h.color })),
          since,
          changes,
        };
      }),
    );
    return {
      accountId,
      scorecards,
      sentiment: await sentiment(accountId),
      contacts: await contactHealth(deps, accountId, today()),
    };
  }

  /**
   * The primary scorecard's score of each account as of its own past day, from the data as it was
   * then (nothing stored): the prediction model's health feature, free of look-ahead. Keyed by
   * `${accountId}|${day}`; an account the scorecard cannot score then is absent.
   */
  async function primaryScoresAt(points: { accountId: string; day: string }[]): Promise<Map<string, number>> {
    const card = (await listScorecards(db)).find((c) => c.primary && c.active);
    if (!card || !points.length) return new Map();
    const { value } = await run(
      [card],
      { pairs: points },
      false,
      async (trx) =>
        (
          await sql<{
            account_id: string;
            day: string;
            score: number;
          }>`select account_id, day, score from hs_scored`.execute(trx)
        ).rows,
    );
    return new Map(value.map((r) => [`${r.account_id}|${r.day}`, Number(r.score)]));
  }

  async function backtest(query: BacktestQuery = {}): Promise<Backtest> {
    const q = backtestQuerySchema.parse(query);
    const all = await listScorecards(db);
    const card = q.scorecardId
      ? all.find((c) => c.id === q.scorecardId)
      : (all.find((c) => c.primary) ?? all.find((c) => c.active));
    if (!card) throw notFound('scorecard');
    const to = q.to ?? today();
    const lead = q.leadDays;
    // By default the last year — but not before the as-of day can see usage data, when there is some.
    const start = await usageStart(db);
    const from = q.from ?? [addDays(to, -365), start ? addDays(start, lead) : ''].sort().at(-1)!;
    const events = await renewalEvents(db, from, to);
    const scores = events.length
      ? (
          await run(
            [card],
            { pairs: events.map((e) => ({ accountId: e.accountId, day: addDays(e.day, -lead) })) },
            false,
            async (trx) => {
              const r = await sql<{
                account_id: string;
                day: string;
                score: number;
                color: 'red' | 'yellow' | 'green';
              }>`select account_id, day, score, color from hs_scored`.execute(trx);
              return r.rows;
            },
          )
        ).value
      : [];
    const byKey = new Map(scores.map((s) => [`${s.account_id}|${s.day}`, s]));
    const rated = events
      .map((e) => ({ ...e, scored: byKey.get(`${e.accountId}|${addDays(e.day, -lead)}`) }))
      .filter((e) => e.scored)
      .map((e) => ({ churned: e.churned, score: Number(e.scored!.score), color: e.scored!.color }));
    const auc = lowScoreAuc(rated);
    const bands = (['red', 'yellow', 'green'] as const).map((color) => {
      const inBand = rated.filter((r) => r.color === color);
      const churned = inBand.filter((r) => r.churned).length;
      return { color, accounts: inBand.length, churned, churnRate: inBand.length ? churned / inBand.length : null };
    });
    return {
      scorecardId: card.id,
      scorecardName: card.name,
      from,
      to,
      leadDays: lead,
      events: events.length,
      scored: rated.length,
      churned: rated.filter((r) => r.churned).length,
      renewed: rated.filter((r) => !r.churned).length,
      auc: auc === null ? null : Math.round(auc * 1000) / 1000,
      verdict: verdictOf(auc),
      bands,
      roc: rocCurve(rated),
    };
  }

  /**
   * Lists, Home, the rules and the forecast all read the primary scorecard: without an active one every
   * account would lose its health at once. Another card takes the role by being made primary instead.
   */
  function keepsPrimaryActive(card: { primary: boolean; active: boolean }) {
    if (card.primary && !card.active) throw invalidField(['body', 'active'], 'errors.primaryScorecardInactive');
  }

  return {
    ...colourReads(db),
    list: () => listScorecards(db),
    get,
    async create(actor: Actor, input: ScorecardInput): Promise<Scorecard> {
      const values = scorecardInputSchema.parse(input);
      keepsPrimaryActive(values);
      const id = await db.transaction().execute(async (trx) => {
        const made = await insertScorecard(trx, values);
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'scorecard',
          entityId: made,
          before: null,
          after: values,
        });
        return made;
      });
      return get(id);
    },
    async update(actor: Actor, id: string, patch: ScorecardPatch): Promise<Scorecard> {
      const before = await get(id);
      const merged = { redBelow: before.redBelow, greenFrom: before.greenFrom, ...patch };
      scorecardInputSchema.parse({ ...before, ...merged, measures: patch.measures ?? before.measures });
      if (before.primary && patch.primary === false)
        throw invalidField(['body', 'primary'], 'errors.primaryScorecardDemote');
      keepsPrimaryActive({ primary: patch.primary ?? before.primary, active: patch.active ?? before.active });
      await db.transaction().execute(async (trx) => {
        await updateScorecard(trx, id, patch);
        await audit.record(trx, actor, { action: 'update', entity: 'scorecard', entityId: id, before, after: patch });
      });
      return get(id);
    },
    async remove(actor: Actor, id: string) {
      const before = await get(id);
      if (before.primary) throw new AppError(409, 'primary_scorecard', 'errors.primaryScorecardDelete');
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('health_scorecards').where('id', '=', id).execute();
        await audit.record(trx, actor, { action: 'delete', entity: 'scorecard', entityId: id, before, after: null });
      });
    },
    async setSentiment(
      actor: Actor,
      accountId: string,
      input: { value: number; comment?: string | null; expiresOn: string },
    ): Promise<Sentiment> {
      const setOn = today();
      if (input.expiresOn <= setOn) throw invalidField(['body', 'expiresOn'], 'errors.healthExpiry');
      await accountExists(accountId);
      await db.transaction().execute(async (trx) => {
        const row = {
          account_id: accountId,
          value: input.value,
          comment: input.comment ?? null,
          set_on: setOn,
          expires_on: input.expiresOn,
          created_by: userIdOf(actor),
        };
        await trx.insertInto('health_sentiments').values(row).execute();
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'health_sentiment',
          entityId: accountId,
          before: null,
          after: row,
        });
      });
      // The account's scores follow at once: one narrowed pass.
      await recompute({ accountIds: [accountId] });
      return (await sentiment(accountId))!;
    },
    sentiment,
    recompute,
    currentForAccounts,
    primaryForAccounts,
    accountsRedForWeeks,
    accountHealth,
    backtest,
    primaryScoresAt,
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
