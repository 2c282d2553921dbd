import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import type { OutcomeInput, RaciMatrix, RenewalCategory, RenewalListQuery } from '../../shared/renewals.js';
import type { AccountService } from '../accounts/accounts.service.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { SegmentService } from '../segments/segments.service.js';
import type { SubscriptionService } from '../subscriptions/subscriptions.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import type { UserService } from '../users/users.service.js';
import { addDays, daysBetween } from './days.js';
import {
  type HealthColor,
  defaultCategory,
  forecastWindow,
  renewalProbability,
  targetCalculation,
} from './forecast.js';
import { assertValidRaci, DEFAULT_RACI } from './raci.js';
import { renewalsRepository as repo } from './renewals.repository.js';

/** The health module (health.primaryForAccounts): each account's primary score and colour. */
export interface HealthSource {
  primaryForAccounts(accountIds: string[]): Promise<Map<string, { score: number | null; color: HealthColor | null }>>;
}
/** The prediction module, as services.ts adapts it: each account's latest renewal probability (0–1). */
export interface PredictionSource {
  latestForAccounts(accountIds: string[]): Promise<Map<string, { probability: number }>>;
}

export interface RenewalDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  baseCurrency: string;
  audit: Pick<AuditService, 'record'>;
  timeline: Pick<TimelineService, 'record' | 'lastTouches'>;
  subscriptions: Pick<SubscriptionService, 'contractTerms'>;
  metrics: Pick<MetricsService, 'mrrByAccount'>;
  accounts: Pick<AccountService, 'briefs'>;
  segments: Pick<SegmentService, 'primarySegments' | 'get'>;
  users: Pick<UserService, 'list'>;
  health?: HealthSource;
  prediction?: PredictionSource;
  /** Told after an outcome is recorded (the CTA module closes the renewal's CTA); after commit. */
  onOutcomes?: (actor: Actor, outcomes: RecordedOutcome[]) => Promise<unknown>;
}

export interface RecordedOutcome {
  accountId: string;
  renewsOn: string;
  outcome: NonNullable<BulkRenewal['outcome']>;
}

export interface BulkRenewal {
  accountId: string;
  renewsOn: string;
  category?: RenewalCategory | null;
  outcome?: OutcomeInput['outcome'] | null;
  churnReason?: OutcomeInput['churnReason'] | null;
  arrMinor?: number | null;
  newArrMinor?: number | null;
}

/** The widest window the centre and the forecast look at. */
export const MAX_WINDOW_DAYS = 180;

export function createRenewalService(deps: RenewalDeps) {
  const {
    db,
    clock,
    timeZone,
    baseCurrency,
    audit,
    timeline,
    subscriptions,
    metrics,
    accounts,
    segments,
    users,
    health,
    prediction,
    onOutcomes,
  } = deps;
  const userNames = async () => new Map((await users.list()).map((u) => [u.id, u.name]));
  const today = () => clock.today(timeZone);

  /**
   * Every renewal in the next `days`, with all its columns, built from a handful of set-based
   * reads over the accounts concerned (never one query per account). With an owner, only their
   * accounts' renewals are read (a CSM's Home and book), not the whole organisation's. The last
   * touches are read only for a list (`withTouches`): the forecast and the target never show them.
   * With `accountIds`, only those accounts' renewals (the Home's few rows of a window counted elsewhere).
   */
  async function rows(
    days: number,
    {
      ownerId,
      accountIds,
      withTouches = false,
    }: { ownerId?: string; accountIds?: string[]; withTouches?: boolean } = {},
  ) {
    const day = today();
    const until = addDays(day, days);
    if (accountIds && !accountIds.length) return [];
    const scope = accountIds ?? (ownerId ? { ownerId } : undefined);
    const terms = (await subscriptions.contractTerms(day, scope)).filter(
      (t) => t.renewsOn !== null && t.renewsOn <= until,
    );
    const ids = terms.map((t) => t.accountId);
    if (!ids.length) return [];
    const [mrr, briefs, primary, touches, stored, scores, predictions, settings, names] = await Promise.all([
      metrics.mrrByAccount(day, ids),
      accounts.briefs(ids),
      segments.primarySegments(ids),
      withTouches ? timeline.lastTouches(ids) : Promise.resolve(new Map<string, Date>()),
      repo.rowsFor(db, ids),
      health ? health.primaryForAccounts(ids) : Promise.resolve(undefined),
      prediction ? prediction.latestForAccounts(ids) : Promise.resolve(undefined),
      repo.segmentSettings(db),
      userNames(),
    ]);
    const storedBy = new Map(stored.map((r) => [`${r.account_id}|${r.renews_on}`, r]));
    const managers = new Map(settings.map((s) => [s.segment_id, s]));
    return terms.flatMap((t) => {
      const brief = briefs.get(t.accountId);
      if (!brief) return [];
      const s = storedBy.get(`${t.accountId}|${t.renewsOn}`);
      const h = scores?.get(t.accountId) ?? null;
      const modelProbability = predictions?.get(t.accountId)?.probability ?? null;
      const category: RenewalCategory = s?.category ?? defaultCategory(modelProbability, h?.color ?? null);
      const segment = primary.get(t.accountId) ?? null;
      const manager = segment ? managers.get(segment.id) : undefined;
      const base = {
        accountId: t.accountId,
        accountName: brief.name,
        externalId: brief.externalId,
        renewsOn: t.renewsOn!,
        daysLeft: daysBetween(day, t.renewsOn!),
        termMonths: t.termMonths,
        fixedEnd: t.fixedEnd,
        arrMinor: (mrr.get(t.accountId) ?? 0) * 12,
        currency: baseCurrency,
        health: h,
        modelProbability,
        category,
        categorySetByHand: Boolean(s?.category),
        categorySetByName: s?.category ? s.category_set_by_name : null,
        ownerId: brief.ownerId,
        ownerName: brief.ownerName,
        segmentId: segment?.id ?? null,
        segmentName: segment?.name ?? null,
        renewalManagerId: manager?.renewal_manager_id ?? null,
        renewalManagerName: manager?.renewal_manager_id ? (names.get(manager.renewal_manager_id) ?? null) : null,
        lastTouchAt: touches.get(t.accountId) ?? null,
        outcome: s?.outcome ?? null,
        churnReason: s?.churn_reason ?? null,
      };
      const { probability, source } = renewalProbability(base);
      return [{ ...base, probability, probabilitySource: source }];
    });
  }
  type RenewalRow = Awaited<ReturnType<typeof rows>>[number];

  const SORTS: Record<RenewalListQuery['sort'], (a: RenewalRow, b: RenewalRow) => number> = {
    renewsOn: (a, b) => a.renewsOn.localeCompare(b.renewsOn),
    arr: (a, b) => a.arrMinor - b.arrMinor,
    name: (a, b) => a.accountName.localeCompare(b.accountName),
    probability: (a, b) => a.probability - b.probability,
    lastTouch: (a, b) => (a.lastTouchAt?.getTime() ?? 0) - (b.lastTouchAt?.getTime() ?? 0),
  };

  function filtered(all: RenewalRow[], query: Partial<RenewalListQuery>) {
    const q = query.q?.toLowerCase();
    return all.filter(
      (r) =>
        (!query.ownerId || r.ownerId === query.ownerId) &&
        (!query.segmentId || r.segmentId === query.segmentId) &&
        (!query.category || r.category === query.category) &&
        (!q || r.accountName.toLowerCase().includes(q) || (r.externalId ?? '').toLowerCase().includes(q)),
    );
  }

  /** The renewal a date names must be the account's next one, or one already past. */
  async function assertRenewalDate(accountId: string, renewsOn: string, allowPast: boolean) {
    const [term] = await subscriptions.contractTerms(today(), [accountId]);
    if (term?.renewsOn === renewsOn) return;
    if (allowPast && renewsOn <= today()) return;
    throw invalidField(['body', 'renewsOn'], 'errors.notARenewalDate');
  }

  async function raci() {
    const stored = await repo.raciRows(db);
    const bySegment = new Map<string | null, RaciMatrix>();
    for (const r of stored) {
      const m = bySegment.get(r.segment_id) ?? ({} as RaciMatrix);
      (m[r.activity] ??= {})[r.party] = r.letter;
      bySegment.set(r.segment_id, m);
    }
    return {
      defaultMatrix: bySegment.get(null) ?? DEFAULT_RACI,
      segments: [...bySegment.entries()]
        .filter(([k]) => k !== null)
        .map(([segmentId, matrix]) => ({ segmentId: segmentId!, matrix })),
    };
  }

  /** Between renewals a sort finds equal: by account name, then id. */
  const tieBreak = (a: RenewalRow, b: RenewalRow) =>
    a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId);
  /** The centre's default order, and the Home's. */
  const byDate = (a: RenewalRow, b: RenewalRow) => SORTS.renewsOn(a, b) || tieBreak(a, b);

  return {
    /**
     * These accounts' renewals in the next `days`, in full and by date: the few rows the Home shows of a
     * window it counts from the account facts (a CSM's 2,000 accounts are not read in full for 8 rows).
     */
    async forAccounts(accountIds: string[], days: number) {
      return (await rows(Math.min(days, MAX_WINDOW_DAYS), { accountIds })).sort(byDate);
    },

    /** Renewals in the next `days` (≤ 180), filtered, sorted and paged. Other modules call this. */
    async upcoming(query: Partial<RenewalListQuery> & { days: number }) {
      const all = filtered(
        await rows(Math.min(query.days, MAX_WINDOW_DAYS), { ownerId: query.ownerId, withTouches: true }),
        query,
      );
      const sort = SORTS[query.sort ?? 'renewsOn'];
      all.sort((a, b) => (query.order === 'desc' ? -1 : 1) * sort(a, b) || tieBreak(a, b));
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 50;
      return {
        items: all.slice((page - 1) * pageSize, page * pageSize),
        total: all.length,
        arrMinor: all.reduce((s, r) => s + r.arrMinor, 0),
        currency: baseCurrency,
        // Whether any renewal in the window has a score from each source (wired, and with data).
        sources: {
          health: all.some((r) => r.health !== null),
          prediction: all.some((r) => r.modelProbability !== null),
        },
      };
    },

    /**
     * Renewal ARR forecast for the next 90 and 180 days, by CSM and by segment; `windows` asks for fewer
     * (the manager's Home shows 90 days only, and reads half the renewals for it).
     */
    async forecast(
      filter: Pick<Partial<RenewalListQuery>, 'ownerId' | 'segmentId'> = {},
      windows: readonly number[] = [90, MAX_WINDOW_DAYS],
    ) {
      const widest = Math.min(Math.max(...windows), MAX_WINDOW_DAYS);
      const all = filtered(await rows(widest, { ownerId: filter.ownerId }), filter);
      return {
        asOf: today(),
        currency: baseCurrency,
        modelAvailable: all.some((r) => r.modelProbability !== null),
        windows: windows.map((days) => forecastWindow(all, days)),
      };
    },

    /** The fewest at-risk renewals that must turn healthy for the window's forecast to reach a target. */
    async target(days: number, targetMinor: number) {
      const all = (await rows(Math.min(days, MAX_WINDOW_DAYS))).filter((r) => r.daysLeft <= days);
      return { days, currency: baseCurrency, ...targetCalculation(all, targetMinor) };
    },

    async setCategory(actor: Actor, accountId: string, input: { renewsOn: string; category: RenewalCategory | null }) {
      await assertRenewalDate(accountId, input.renewsOn, false);
      await db.transaction().execute(async (trx) => {
        const before = await repo.ensure(trx, accountId, input.renewsOn);
        const after = await trx
          .updateTable('renewals')
          .set({
            category: input.category,
            category_set_by: input.category ? userIdOf(actor) : null,
            category_set_by_name: input.category ? actor.name : null,
            category_set_at: input.category ? clock.now() : null,
            updated_at: clock.now(),
          })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'update', entity: 'renewal', entityId: before.id, before, after });
        await timeline.record(trx, actor, accountId, {
          type: 'system',
          data: {
            key: 'timeline.renewalCategory',
            params: { category: input.category ?? 'default', renewsOn: input.renewsOn },
          },
        });
      });
      return { ok: true as const };
    },

    /**
     * Records how a renewal ended, with the ARR up for renewal (as of the day before it, or today
     * when it is still ahead) kept beside it for the outcomes report; written to the timeline.
     */
    async recordOutcome(actor: Actor, accountId: string, input: OutcomeInput) {
      if (!(await accounts.briefs([accountId])).has(accountId)) throw notFound('account');
      await assertRenewalDate(accountId, input.renewsOn, true);
      const asOf = input.renewsOn <= today() ? addDays(input.renewsOn, -1) : today();
      const arrMinor = ((await metrics.mrrByAccount(asOf, [accountId])).get(accountId) ?? 0) * 12;
      const newArr =
        input.outcome === 'churned'
          ? 0
          : input.outcome === 'renewed'
            ? (input.newArrMinor ?? arrMinor)
            : (input.newArrMinor ?? null);
      const recorded = await db.transaction().execute(async (trx) => {
        const before = await repo.ensure(trx, accountId, input.renewsOn);
        const after = await trx
          .updateTable('renewals')
          .set({
            outcome: input.outcome,
            churn_reason:
              input.outcome === 'churned' || input.outcome === 'downgraded' ? (input.churnReason ?? null) : null,
            outcome_comment: input.comment ?? null,
            arr_minor: arrMinor,
            new_arr_minor: newArr,
            outcome_recorded_by: userIdOf(actor),
            outcome_recorded_by_name: actor.name,
            outcome_recorded_at: clock.now(),
            updated_at: clock.now(),
          })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'update', entity: 'renewal', entityId: before.id, before, after });
        await timeline.record(trx, actor, accountId, {
          type: 'system',
          body: input.comment ?? null,
          data: {
            key: 'timeline.renewalOutcome',
            params: { outcome: input.outcome, reason: after.churn_reason, renewsOn: input.renewsOn },
          },
        });
        return {
          id: after.id,
          accountId,
          renewsOn: input.renewsOn,
          outcome: after.outcome!,
          churnReason: after.churn_reason,
          arrMinor,
          newArrMinor: after.new_arr_minor,
          recordedBy: actor.name,
          recordedAt: after.outcome_recorded_at!,
        };
      });
      await onOutcomes?.(actor, [{ accountId, renewsOn: input.renewsOn, outcome: recorded.outcome }]);
      return recorded;
    },

    /** Counts and ARR per outcome and per churn reason for renewals dated in a period. */
    async outcomesReport(from: string, to: string) {
      const groups = await repo.outcomes(db, from, to);
      const sum = <K extends string>(key: (g: (typeof groups)[number]) => K | null) => {
        const out = new Map<K, { count: number; arrMinor: number; newArrMinor: number }>();
        for (const g of groups) {
          const k = key(g);
          if (k === null) continue;
          const e = out.get(k) ?? { count: 0, arrMinor: 0, newArrMinor: 0 };
          e.count += g.count;
          e.arrMinor += g.arrMinor;
          e.newArrMinor += g.newArrMinor;
          out.set(k, e);
        }
        return [...out.entries()].map(([k, v]) => ({ key: k, ...v }));
      };
      const byOutcome = sum((g) => g.outcome);
      const total = byOutcome.reduce(
        (s, g) => ({
          count: s.count + g.count,
          arrMinor: s.arrMinor + g.arrMinor,
          newArrMinor: s.newArrMinor + g.newArrMinor,
        }),
        { count: 0, arrMinor: 0, newArrMinor: 0 },
      );
      return { from, to, currency: baseCurrency, total, byOutcome, byReason: sum((g) => g.churnReason) };
    },

    raci,

    /** Replaces one segment's RACI (segmentId null: the default); admins only. */
    async setRaci(actor: Actor, segmentId: string | null, matrix: RaciMatrix) {
      assertValidRaci(matrix);
      if (segmentId) await segments.get(segmentId); // 404 for an unknown segment
      await db.transaction().execute(async (trx) => {
        await repo.replaceRaci(trx, segmentId, matrix);
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'renewal_raci',
          entityId: segmentId,
          after: matrix,
        });
      });
      return raci();
    },

    async renewalManagers() {
      const [settings, names] = await Promise.all([repo.segmentSettings(db), userNames()]);
      return settings.map((s) => ({
        segmentId: s.segment_id,
        userId: s.renewal_manager_id,
        name: s.renewal_manager_id ? (names.get(s.renewal_manager_id) ?? null) : null,
      }));
    },

    async setRenewalManager(actor: Actor, segmentId: string, userId: string | null) {
      await segments.get(segmentId); // 404 for an unknown segment
      await db.transaction().execute(async (trx) => {
        await repo.setRenewalManager(trx, segmentId, userId, clock.now());
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'renewal_manager',
          entityId: segmentId,
          after: { userId },
        });
      });
      return { ok: true as const };
    },

    /**
     * Categories and outcomes for many renewals in one statement (the demo's history, imports of
     * past renewals); one audit entry. Timeline entries are the caller's: bulk history is not news.
     */
    async bulkRecord(actor: Actor, items: BulkRenewal[]) {
      const at = clock.now();
      const written = await repo.bulkUpsert(
        db,
        items.map((i) => ({
          account_id: i.accountId,
          renews_on: i.renewsOn,
          category: i.category ?? null,
          category_set_by_name: i.category ? actor.name : null,
          category_set_at: i.category ? at : null,
          outcome: i.outcome ?? null,
          churn_reason: i.churnReason ?? null,
          arr_minor: i.arrMinor ?? null,
          new_arr_minor: i.newArrMinor ?? null,
          outcome_recorded_by_name: i.outcome ? actor.name : null,
          outcome_recorded_at: i.outcome ? at : null,
        })),
      );
      await audit.record(db, actor, {
        action: 'bulk_upsert',
        entity: 'renewal',
        entityId: null,
        after: { rows: items.length, written },
      });
      const outcomes = items.flatMap((i) =>
        i.outcome ? [{ accountId: i.accountId, renewsOn: i.renewsOn, outcome: i.outcome }] : [],
      );
      if (outcomes.length) await onOutcomes?.(actor, outcomes);
      return written;
    },

    /** Renewals of these accounts whose outcome is recorded (the CTA rules open nothing for them). */
    async decided(accountIds: string[]) {
      return (await repo.decided(db, accountIds)).map((r) => ({ accountId: r.account_id, renewsOn: r.renews_on }));
    },

    /** Accounts that renewed at least once (a recorded renewed/expanded outcome). */
    renewedAccounts: () => repo.renewedAccounts(db),
  };
}

export type RenewalService = ReturnType<typeof createRenewalService>;
