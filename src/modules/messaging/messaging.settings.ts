import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { newSecret } from '../../secrets.js';

/** The messaging settings row (one per workspace): made on first use with a fresh signing secret. */
export async function messagingSettings(db: Kysely<DB>) {
  const found = await db.selectFrom('messaging_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  if (found) return found;
  // Two processes making it at once: the first insert wins and both read it back.
  await db
    .insertInto('messaging_settings')
    .values({ id: 1, secret: newSecret(32), sms_config: '{}' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return db.selectFrom('messaging_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}
