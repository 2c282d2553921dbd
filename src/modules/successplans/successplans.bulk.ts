import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import type { ObjectiveInput, TaskInput } from '../../shared/successplans.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface BulkPlan {
  accountId: string;
  objectives: (ObjectiveInput & { tasks?: TaskInput[] })[];
}

/** Rows a statement: ~12 parameters an objective stays far below PostgreSQL's 65,535. */
const CHUNK = 1000;

/**
 * Many accounts' plans at once (the demo company, imports): objectives and their tasks in a few set-based
 * statements and one audit entry, instead of a transaction per objective. The caller has validated owners
 * and value points (they come from its own catalogue); the accounts must be new to plans, since positions
 * start at 0.
 */
export function createBulkWriter({
  db,
  clock,
  audit,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
}) {
  return {
    async bulkCreate(actor: Actor, plans: readonly BulkPlan[], trx?: Db) {
      const q = trx ?? db;
      // Ids made here, so each task names its objective without relying on the order RETURNING gives.
      const objectives = plans.flatMap((p) =>
        p.objectives.map((o, position) => ({ id: randomUUID(), accountId: p.accountId, o, position })),
      );
      let tasks = 0;
      for (let i = 0; i < objectives.length; i += CHUNK) {
        const slice = objectives.slice(i, i + CHUNK);
        await q
          .insertInto('success_objectives')
          .values(
            slice.map(({ id, accountId, o, position }) => ({
              id,
              account_id: accountId,
              title: o.title,
              value_point_id: o.valuePointId ?? null,
              needed_outcome: o.neededOutcome ?? null,
              owner_id: o.ownerId ?? null,
              due_on: o.dueOn ?? null,
              status: o.status ?? 'not_started',
              position,
              metric_kind: o.target?.kind ?? null,
              metric_key:
                o.target && (o.target.kind === 'module_usage' || o.target.kind === 'attribute')
                  ? (o.target.key ?? null)
                  : null,
              comparator: o.target?.comparator ?? null,
              target_value: o.target?.value ?? null,
            })),
          )
          .execute();
        // Tasks list by creation time: a millisecond apart, they keep the order given.
        const now = clock.now().getTime();
        const taskRows = slice.flatMap(({ id, o }) =>
          (o.tasks ?? []).map((t, k) => ({
            objective_id: id,
            created_at: new Date(now + k),
            title: t.title,
            owner_id: t.ownerId ?? null,
            due_on: t.dueOn ?? null,
            done: t.done ?? false,
          })),
        );
        for (let j = 0; j < taskRows.length; j += CHUNK)
          await q
            .insertInto('success_tasks')
            .values(taskRows.slice(j, j + CHUNK))
            .execute();
        tasks += taskRows.length;
      }
      if (objectives.length)
        await audit.record(q, actor, {
          action: 'bulk_create',
          entity: 'success_objective',
          entityId: null,
          after: { accounts: plans.length, objectives: objectives.length, tasks },
        });
      return { objectives: objectives.length, tasks };
    },
  };
}
