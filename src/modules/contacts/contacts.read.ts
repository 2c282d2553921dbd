import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { LOCALES, type Locale } from '../../i18n/index.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { userRows } from '../users/users.read.js';

/**
 * Every contact row, removed ones included (`deleted_at` says when), to compose into set-based
 * statements over contacts such as the CTA trigger "a key contact left": join it or embed it in
 * raw SQL (sql`… join ${contactRows(db)} c on …`) instead of naming the `contacts` table.
 */
export function contactRows(db: Kysely<DB>) {
  return db.selectFrom('contacts').selectAll();
}

/**
 * Who a mail to a customer goes to: the account's primary contact with an email, else its oldest
 * contact with one; in the account's language (attribute `language`, as imports and the UI store
 * it), else the organisation's. Also the account owner, who signs such mails.
 */
export async function customerRecipient(db: Kysely<DB>, accountId: string, defaultLocale: Locale) {
  const account = await db
    .selectFrom(liveAccounts(db).as('a'))
    .leftJoin(userRows(db).as('u'), 'u.id', 'a.owner_id')
    .select([
      'a.id',
      'a.name',
      'a.attributes',
      'a.owner_id',
      'u.name as owner_name',
      'u.email as owner_email',
      'u.locale as owner_locale',
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  if (!account) throw notFound('account');
  const contact = await db
    .selectFrom('contacts')
    .select(['id', 'name', 'email'])
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .where('email', 'is not', null)
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .executeTakeFirst();
  const stated = (account.attributes as Record<string, unknown>)?.language;
  const locale: Locale = LOCALES.includes(stated as Locale) ? (stated as Locale) : defaultLocale;
  return { account, contact, locale };
}

/**
 * Everyone at the account a report to the customer goes to: its live contacts with an email, the primary
 * one first, then the oldest.
 */
export function customerEmailContacts(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('contacts')
    .select(['id', 'name', 'email'])
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .where('email', 'is not', null)
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute() as Promise<{ id: string; name: string; email: string }[]>;
}

/**
 * SQL for one column of a live contact, by an id expression — how a contact journey's branch tests the
 * participant's own fields (`contact.<field>`, src/shared/conditions.ts) inside the accounts module's
 * statement. `column` is one of CONTACT_CONDITION_FIELDS (the schema admits no other).
 */
export const contactColumn =
  (db: Kysely<DB>) =>
  (column: string, contactId: RawBuilder<unknown>): RawBuilder<unknown> =>
    sql`(select ${sql.ref(`c.${column}`)} from ${contactRows(db)} c where c.id = ${contactId} and c.deleted_at is null)`;
