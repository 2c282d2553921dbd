import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.js';

type Db = Kysely<DB> | Transaction<DB>;

/** The one configuration row, or undefined before an admin saved one. */
export const readSsoConfig = (db: Db) => db.selectFrom('sso_config').selectAll().executeTakeFirst();

export type SsoConfigRow = NonNullable<Awaited<ReturnType<typeof readSsoConfig>>>;

/** The domain of an email whose people must sign in through SSO, if SSO is on and enforces it. */
export async function enforcedDomainOf(db: Db, email: string): Promise<string | undefined> {
  const domain = email.trim().toLowerCase().split('@').pop() ?? '';
  const row = await db.selectFrom('sso_config').select(['enabled', 'enforced_domains']).executeTakeFirst();
  return row?.enabled && row.enforced_domains.includes(domain) ? domain : undefined;
}

export async function saveSsoConfig(db: Db, values: Omit<SsoConfigRow, 'id' | 'updated_at'>, now: Date) {
  const row = {
    ...values,
    role_map: JSON.stringify(values.role_map),
    enforced_domains: JSON.stringify(values.enforced_domains),
  };
  return db
    .insertInto('sso_config')
    .values({ id: true, ...row, updated_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertSsoRequest(
  db: Db,
  request: { state_hash: string; nonce: string; code_verifier: string; expires_at: Date },
  now: Date,
) {
  await db.deleteFrom('sso_requests').where('expires_at', '<', now).execute();
  await db.insertInto('sso_requests').values(request).execute();
}

/** Takes a sign-in under way once: a replayed callback finds nothing. */
export const takeSsoRequest = (db: Db, stateHash: string, now: Date) =>
  db
    .deleteFrom('sso_requests')
    .where('state_hash', '=', stateHash)
    .where('expires_at', '>', now)
    .returning(['nonce', 'code_verifier'])
    .executeTakeFirst();
