import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { type RuleSet, ruleSetSchema, segmentIdsIn } from '../../shared/conditions.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The saved segments read model: each segment's id and name, for modules that check a reference to a
 * segment or name it next to their own rows in one statement, without naming the `segments` table the
 * segments module owns (src/db/ownership.ts). Rules and members come from the segments service.
 */
export function segmentRows(db: Kysely<DB>) {
  return db.selectFrom('segments').select(['id', 'name']);
}

/**
 * The rules of the given segments and of every segment their rules test membership of, transitively (one
 * query per level): what compiling a `segment` condition needs (docs/lists.md). A segment whose stored
 * rules can no longer be evaluated maps to null (it has no rule members); an unknown id is absent.
 */
export async function segmentDefinitions(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, RuleSet | null>> {
  const out = new Map<string, RuleSet | null>();
  let wanted = [...new Set(ids)].filter((id) => UUID.test(id));
  while (wanted.length) {
    const rows = await db
      .selectFrom('segments')
      .select(['id', 'rules'])
      .where('id', '=', sql<string>`any(${wanted}::uuid[])`)
      .execute();
    for (const row of rows) {
      const parsed = ruleSetSchema.safeParse(row.rules);
      out.set(row.id, parsed.success ? parsed.data : null);
    }
    wanted = rows
      .flatMap((r) => segmentIdsIn(out.get(r.id)?.conditions ?? []))
      .filter((id) => !out.has(id) && UUID.test(id));
    wanted = [...new Set(wanted)];
  }
  return out;
}

/**
 * SQL: whether the account was put in the segment by hand (true), taken out (false), or neither (null) —
 * segment_manual_members, which only this module names.
 */
export function manualMembership(segmentId: string, accountId: RawBuilder<unknown>): RawBuilder<boolean | null> {
  return sql<boolean | null>`(select m.included from segment_manual_members m
    where m.segment_id = ${segmentId}::uuid and m.account_id = ${accountId})`;
}
