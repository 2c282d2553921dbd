import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { HealthColor } from '../../shared/health.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import type { CtaService } from '../ctas/ctas.service.js';
import type { HealthService } from '../health/health.service.js';
import type { MetricsService } from '../metrics/metrics.service.js';

export interface BookDeps {
  /** Only to compose the accounts read model (accounts.read.ts). */
  db: Kysely<DB>;
  metrics: Pick<MetricsService, 'mrrByAccount'>;
  health: Pick<HealthService, 'currentForAccounts'>;
  ctas: Pick<CtaService, 'ownerLoad'>;
}

/** One owner's book as the Home's team view and the Team page both count it (docs/home.md, docs/team.md). */
export interface BookFigures {
  ownerId: string | null;
  accounts: number;
  arrMinor: number;
  /** ARR of accounts whose primary health is red. */
  arrAtRiskMinor: number;
  /** ARR of accounts whose primary health is yellow. */
  arrWatchMinor: number;
  /** Open and snoozed CTAs the owner holds, and those past due. */
  activeCtas: number;
  overdueCtas: number;
}

export interface BookAccount {
  id: string;
  ownerId: string | null;
  arrMinor: number;
  color: HealthColor | null;
}

/**
 * Every owner's book on a day — accounts, ARR (MRR × 12 in base-currency minor units), ARR at risk (red
 * primary health) and to watch (yellow), CTA load — each figure one read from the module that owns it.
 * Shared by the Home's team view and the Team page so the two never disagree.
 */
export function createBookService(deps: BookDeps) {
  const { db } = deps;

  /** The primary scorecard's current score of each account (scorecards other than the primary are left out). */
  async function primaryHealth(ids: string[]) {
    const current = ids.length ? await deps.health.currentForAccounts(ids) : [];
    return new Map(current.filter((h) => h.primary).map((h) => [h.accountId, h]));
  }

  async function byOwner(day: string): Promise<{ accounts: BookAccount[]; owners: BookFigures[] }> {
    const rows = await db.selectFrom(liveAccounts(db).as('a')).select(['a.id', 'a.owner_id']).execute();
    const ids = rows.map((a) => a.id);
    const [mrr, health, load] = await Promise.all([
      deps.metrics.mrrByAccount(day),
      primaryHealth(ids),
      deps.ctas.ownerLoad(),
    ]);
    const owners = new Map<string, BookFigures>();
    const rowOf = (ownerId: string | null) => {
      const key = ownerId ?? '';
      let row = owners.get(key);
      if (!row) {
        row = { ownerId, accounts: 0, arrMinor: 0, arrAtRiskMinor: 0, arrWatchMinor: 0, activeCtas: 0, overdueCtas: 0 };
        owners.set(key, row);
      }
      return row;
    };
    const accounts = rows.map((a) => ({
      id: a.id,
      ownerId: a.owner_id,
      arrMinor: (mrr.get(a.id) ?? 0) * 12,
      color: health.get(a.id)?.color ?? null,
    }));
    for (const a of accounts) {
      const row = rowOf(a.ownerId);
      row.accounts += 1;
      row.arrMinor += a.arrMinor;
      if (a.color === 'red') row.arrAtRiskMinor += a.arrMinor;
      if (a.color === 'yellow') row.arrWatchMinor += a.arrMinor;
    }
    for (const l of load) {
      const row = rowOf(l.ownerId);
      row.activeCtas = l.active;
      row.overdueCtas = l.overdue;
    }
    return { accounts, owners: [...owners.values()] };
  }

  return { primaryHealth, byOwner };
}

export type BookService = ReturnType<typeof createBookService>;
