import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The milestones read model: each account's success milestones and the templates they come from,
 * for set-based engines in other modules (CTA triggers, health measures) that compose them into
 * their own statement — join them or embed them in raw SQL (sql`… join ${accountMilestoneRows(db)} m on …`)
 * — without naming the tables the milestones module owns (src/db/ownership.ts). Writes go through
 * the milestones service.
 */

/** Every account milestone: account_id, template_id, due_on, completed_on, … */
export function accountMilestoneRows(db: Kysely<DB>) {
  return db.selectFrom('account_milestones').selectAll();
}

/** Every milestone template: id, key, name, position, auto_event, … */
export function milestoneTemplateRows(db: Kysely<DB>) {
  return db.selectFrom('milestone_templates').selectAll();
}
