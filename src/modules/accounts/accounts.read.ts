import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The accounts read model: how other modules read account facts without naming the `accounts` table
 * (which the accounts module owns, src/db/ownership.ts). Each is a query to compose — select from it,
 * join it (`.innerJoin(liveAccounts(db).as('a'), 'a.id', …)`) or embed it in raw SQL
 * (sql`… join ${liveAccounts(db)} a on …`) — so the database still plans one statement. Writes go
 * through the accounts service.
 */

/** Every account row, deleted ones included (to name the account a CTA, a send or a payment points at). */
export function accountRows(db: Kysely<DB>) {
  return db.selectFrom('accounts').selectAll();
}

/** Accounts that are not deleted. */
export function liveAccounts(db: Kysely<DB>) {
  return db.selectFrom('accounts').selectAll().where('deleted_at', 'is', null);
}

/**
 * Which accounts a read covers: these ids, or one owner's live accounts. By owner the statement finds the
 * book through the index on the owner instead of taking a CSM's 2,000 ids as a 73 KB parameter.
 */
export type AccountScope = readonly string[] | { ownerId: string };

/** Whether a scope names no account at all (an empty list of ids). */
export const isEmptyScope = (scope: AccountScope) => !('ownerId' in scope) && scope.length === 0;

/** A condition for raw SQL: the account id in `column` is in the scope. */
export function inAccountScope(db: Kysely<DB>, column: string, scope: AccountScope) {
  if (!('ownerId' in scope)) return sql<SqlBool>`${sql.ref(column)} = any(${[...scope]}::uuid[])`;
  const book = liveAccounts(db).clearSelect().select('id').where('owner_id', '=', scope.ownerId);
  // An array computed first, then probed by the index on `column`: as `in (…)` PostgreSQL planned a parallel
  // scan of the book's pages joined to the other side, three times slower for the Home's colour changes.
  return sql<SqlBool>`${sql.ref(column)} = any(array(${book}))`;
}

/**
 * The ids of deleted accounts. A long list of rows that point at accounts (the CTA list) skips the
 * deleted ones with `not exists` on this instead of joining every live account: the deleted are few
 * and indexed (migration 0030), where the join is a pass over all live accounts per statement.
 */
export function deletedAccountIds(db: Kysely<DB>) {
  return db.selectFrom('accounts').select('id').where('deleted_at', 'is not', null);
}

/** Each account's hot figures (account_facts: health score, renewal probability …), one row per account. */
export function accountFacts(db: Kysely<DB>) {
  return db.selectFrom('account_facts').selectAll();
}

/**
 * Live accounts with the figures a book is counted by (account_facts): ARR in base-currency minor units
 * and the primary scorecard's score, colour and 30-day change — what the Team page counts of every owner.
 * One indexed read instead of computing MRR and health again for every account of the book; the
 * figures are as fresh as account_facts (docs/lists.md: health at once, revenue through the signal).
 */
export function accountBookRows(db: Kysely<DB>) {
  return db
    .selectFrom(liveAccounts(db).as('a'))
    .leftJoin('account_facts as f', 'f.account_id', 'a.id')
    .select(['a.id', 'a.name', 'a.owner_id', 'f.arr_minor', 'f.health_score', 'f.health_color', 'f.health_trend']);
}

/**
 * One owner's live accounts with their facts, the columns of `accountBookRows`, the renewal date and the
 * health colour the day before, shaped
 * for a book of thousands: the ids and names come from the book index alone (migration 0058) and the facts
 * are probed by that array of ids. Joined on the owner instead, PostgreSQL read every account's facts to
 * hash them (50 ms against 11 on the bench).
 */
export function ownerBookRows(db: Kysely<DB>, ownerId: string) {
  const book = liveAccounts(db).clearSelect().where('owner_id', '=', ownerId);
  return db
    .selectFrom(book.select(['id', 'name', 'owner_id']).as('a'))
    .leftJoin(
      accountFacts(db)
        .where(sql<SqlBool>`account_id = any(array(${book.select('id')}))`)
        .as('f'),
      'f.account_id',
      'a.id',
    )
    .select([
      'a.id',
      'a.name',
      'a.owner_id',
      'f.arr_minor',
      'f.health_score',
      'f.health_color',
      'f.health_trend',
      'f.health_day',
      'f.health_color_before',
      'f.renewal_on',
    ]);
}
