import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The audit read model: every audit entry (entity, entity_id, action, before, after, at, …), for
 * set-based engines in other modules that react to a recorded change (the CTA trigger "key contact
 * left") in one statement, without naming the `audit_log` table the audit module owns
 * (src/db/ownership.ts). Entries are written only through the audit service.
 */
export function auditRows(db: Kysely<DB>) {
  return db.selectFrom('audit_log').selectAll();
}
