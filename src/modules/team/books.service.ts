import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { accountBookRows, liveAccounts } from '../accounts/accounts.read.js';
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

/** A live account and its owner: the Team page sums each account's own figures (revenue moves, touches) per owner. */
export interface BookAccount {
  id: string;
  ownerId: string | null;
}

/**
 * Every owner's book — accounts, ARR (MRR × 12 in base-currency minor units), ARR at risk (red primary
 * health) and to watch (yellow), CTA load — from the account facts and the CTA module's load, read once.
 * Shared by the Home's team view and the Team page so the two never disagree.
 */
export function createBookService(deps: BookDeps) {
  const { db } = deps;

  /** Every owner's figures, summed in the database (the Home needs no account of them). */
  async function owners(): Promise<BookFigures[]> {
    const [rows, load] = await Promise.all([
      db
        .selectFrom(accountBookRows(db).as('a'))
        .select([
          'a.owner_id',
          sql<number>`count(*)::int`.as('accounts'),
          sql<string>`coalesce(sum(a.arr_minor), 0)`.as('arr'),
          sql<string>`coalesce(sum(a.arr_minor) filter (where a.health_color = 'red'), 0)`.as('at_risk'),
          sql<string>`coalesce(sum(a.arr_minor) filter (where a.health_color = 'yellow'), 0)`.as('watch'),
        ])
        .groupBy('a.owner_id')
        .execute(),
      deps.ctas.ownerLoad(),
    ]);
    const figures = new Map<string, BookFigures>();
    const rowOf = (ownerId: string | null) => {
      const key = ownerId ?? '';
      let row = figures.get(key);
      if (!row) {
        row = { ownerId, accounts: 0, arrMinor: 0, arrAtRiskMinor: 0, arrWatchMinor: 0, activeCtas: 0, overdueCtas: 0 };
        figures.set(key, row);
      }
      return row;
    };
    for (const r of rows)
      Object.assign(rowOf(r.owner_id), {
        accounts: r.accounts,
        arrMinor: Number(r.arr),
        arrAtRiskMinor: Number(r.at_risk),
        arrWatchMinor: Number(r.watch),
      });
    for (const l of load) Object.assign(rowOf(l.ownerId), { activeCtas: l.active, overdueCtas: l.overdue });
    return [...figures.values()];
  }

  /** Every owner's figures, and every live account with its owner (the Team page's per-account sums). */
  async function byOwner(): Promise<{ accounts: BookAccount[]; owners: BookFigures[] }> {
    const [rows, figures] = await Promise.all([
      db.selectFrom(liveAccounts(db).as('a')).select(['a.id', 'a.owner_id']).execute(),
      owners(),
    ]);
    return { accounts: rows.map((a) => ({ id: a.id, ownerId: a.owner_id })), owners: figures };
  }

  return { byOwner, owners };
}

export type BookService = ReturnType<typeof createBookService>;
