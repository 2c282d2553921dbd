import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { HealthColor } from '../../shared/health.js';
import { accountBookRows } from '../accounts/accounts.read.js';
import type { CtaService } from '../ctas/ctas.service.js';

export interface BookDeps {
  /** Only to compose the accounts read model (accounts.read.ts). */
  db: Kysely<DB>;
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
 * Every owner's book — accounts, ARR (MRR × 12 in base-currency minor units), ARR at risk (red primary
 * health) and to watch (yellow), CTA load — from the account facts and the CTA module's load, read once.
 * Shared by the Home's team view and the Team page so the two never disagree.
 */
export function createBookService(deps: BookDeps) {
  const { db } = deps;

  async function byOwner(): Promise<{ accounts: BookAccount[]; owners: BookFigures[] }> {
    const [rows, load] = await Promise.all([accountBookRows(db).execute(), deps.ctas.ownerLoad()]);
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
      arrMinor: Number(a.arr_minor ?? 0),
      color: a.health_color,
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

  return { byOwner };
}

export type BookService = ReturnType<typeof createBookService>;
