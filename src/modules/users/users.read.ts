import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The users read model: the people rows point at (an owner, a CSM, who closed a task or wrote a
 * note), for modules that name them or write to them without naming the `users` table, which the
 * users module owns (src/db/ownership.ts). Compose it into the caller's statement — join it
 * (`.leftJoin(userRows(db).as('u'), 'u.id', 'x.owner_id')`) or embed it in raw SQL
 * (sql`… join ${userRows(db)} u on …`) — so the database still plans one statement. It carries what
 * may be shown or used to address someone, never credentials; writes go through the users service.
 */
export function userRows(db: Kysely<DB>) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'role', 'locale', 'active', 'created_at', 'updated_at']);
}
