import { type Kysely, sql } from 'kysely';
import type { $ZodIssue } from 'zod/v4/core';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { AppError, notFound } from '../../http/errors.js';
import { type RuleSet, ruleSetSchema } from '../../shared/conditions.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

export interface SegmentInput {
  name: string;
  description?: string | null;
  rules: RuleSet;
}

type SegmentRow = {
  id: string;
  name: string;
  description: string | null;
  rules: unknown;
  created_at: Date;
  updated_at: Date;
};

/**
 * Stored rules as they can be evaluated now, or why they cannot: a segment saved before today's
 * checks (or edited by hand) must not take the lists that read segments down with it.
 */
export function readRules(
  raw: unknown,
): { rules: RuleSet; issues?: undefined } | { rules?: undefined; issues: $ZodIssue[] } {
  const parsed = ruleSetSchema.safeParse(raw, { reportInput: true });
  return parsed.success
    ? { rules: parsed.data }
    : { issues: parsed.error.issues.map((i) => ({ ...i, path: ['rules', ...i.path] }) as $ZodIssue) };
}

/** As much of unusable rules as can be shown (conditions with a field and an operator), so they can be fixed. */
function salvage(raw: unknown) {
  const r = (raw && typeof raw === 'object' ? raw : {}) as { match?: unknown; conditions?: unknown };
  const conditions = (Array.isArray(r.conditions) ? r.conditions : [])
    .filter(
      (c): c is { field: string; op: string; value?: unknown } =>
        Boolean(c) && typeof c.field === 'string' && typeof c.op === 'string',
    )
    .map((c) => ({ field: c.field, op: c.op, value: c.value }));
  return { match: r.match === 'any' ? ('any' as const) : ('all' as const), conditions };
}

/** 409 for a request that needs a segment's rules when they can no longer be evaluated; the issues say why. */
export const segmentInvalid = (name: string, issues: $ZodIssue[]) =>
  new AppError(409, 'segment_invalid', 'errors.segmentInvalid', { name }, issues);

/**
 * What segments need of the accounts module, which provides it from its service: the accounts that
 * match rules, counted or listed. Named here as functions, not as the accounts service's type, so
 * segments does not depend on the accounts module that depends on it (for the condition language).
 */
export interface MatchingAccounts {
  countMatching(rules: RuleSet): Promise<number>;
  idsMatching(rules: RuleSet): Promise<string[]>;
  ruleSetsMatched(
    sets: readonly ({ id: string } & RuleSet)[],
    accountIds?: readonly string[],
  ): Promise<Map<string, string[]>>;
  /** A 400 for a `segment` condition naming no segment, or leading back to segment `self`. */
  checkSegmentConditions(conditions: RuleSet['conditions'], path: (string | number)[], self?: string): Promise<void>;
}

export function createSegmentService({
  db,
  clock,
  audit,
  accounts,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  accounts: MatchingAccounts;
}) {
  /**
   * Accounts put in (included) or taken out of segments by hand or by a journey, on top of their rules
   * (segment_manual_members); live accounts only, so a deleted account never counts.
   */
  async function manualRows(filter: { segmentIds?: readonly string[]; accountIds?: readonly string[] }) {
    let q = db.selectFrom('segment_manual_members as m').select(['m.segment_id', 'm.account_id', 'm.included']);
    if (filter.segmentIds) q = q.where('m.segment_id', '=', sql<string>`any(${[...filter.segmentIds]}::uuid[])`);
    if (filter.accountIds) q = q.where('m.account_id', '=', sql<string>`any(${[...filter.accountIds]}::uuid[])`);
    const rows = await q.execute();
    if (!rows.length) return rows;
    // An empty rule set matches every live account: the accounts module says which are live.
    const live = await accounts.ruleSetsMatched(
      [{ id: 'live', match: 'all', conditions: [] }],
      [...new Set(rows.map((r) => r.account_id))],
    );
    return rows.filter((r) => live.has(r.account_id));
  }

  /** Rule matches (account → segment ids) with the manual rows applied. */
  function applyManual(matched: Map<string, string[]>, rows: Awaited<ReturnType<typeof manualRows>>) {
    for (const r of rows) {
      const ids = (matched.get(r.account_id) ?? []).filter((id) => id !== r.segment_id);
      if (r.included) ids.push(r.segment_id);
      if (ids.length) matched.set(r.account_id, ids);
      else matched.delete(r.account_id);
    }
    return matched;
  }

  /** A segment with its live member count, computed now rather than stored so it never goes stale. */
  const withCount = async (row: SegmentRow, rules: RuleSet) => {
    let memberCount = await accounts.countMatching(rules);
    const manual = await manualRows({ segmentIds: [row.id] });
    if (manual.length) {
      const matched = await accounts.ruleSetsMatched(
        [{ id: row.id, ...rules }],
        manual.map((m) => m.account_id),
      );
      for (const m of manual) if (m.included !== matched.has(m.account_id)) memberCount += m.included ? 1 : -1;
    }
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      rules,
      memberCount,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  };

  /** Any stored segment, flagged `invalid` (member count null, issues given) when its rules cannot be evaluated. */
  const present = async (row: SegmentRow) => {
    const read = readRules(row.rules);
    if (read.rules)
      return { ...(await withCount(row, read.rules)), invalid: false as const, issues: [] as $ZodIssue[] };
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      rules: salvage(row.rules),
      memberCount: null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      invalid: true as const,
      issues: read.issues,
    };
  };

  /** Only the rules that can be evaluated, each with its segment (id order kept by the query). */
  const evaluable = <R extends { rules: unknown }>(rows: R[]) =>
    rows.flatMap((row) => {
      const { rules } = readRules(row.rules);
      return rules ? [{ ...row, rules }] : [];
    });

  async function findRow(id: string) {
    const row = await db.selectFrom('segments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('segment');
    return row;
  }

  return {
    /** The segments that can be evaluated, with their member counts (what other modules compute with). */
    async list() {
      const rows = await db.selectFrom('segments').selectAll().orderBy('name').execute();
      return Promise.all(evaluable(rows).map((row) => withCount(row, row.rules)));
    },

    /** Every segment for people to see, the unusable ones flagged. */
    async listAll() {
      const rows = await db.selectFrom('segments').selectAll().orderBy('name').execute();
      return Promise.all(rows.map(present));
    },

    async get(id: string) {
      return present(await findRow(id));
    },

    /**
     * Each account's primary segment: the first saved segment (by name) whose rules it matches,
     * decided for all accounts in one statement. Accounts in no segment are absent.
     */
    async primarySegments(accountIds?: string[]): Promise<Map<string, { id: string; name: string }>> {
      // A segment that can no longer be evaluated is skipped: it decides nobody's primary segment.
      const saved = evaluable(
        await db.selectFrom('segments').select(['id', 'name', 'rules']).orderBy('name').orderBy('id').execute(),
      );
      const names = new Map(saved.map((s) => [s.id, s.name]));
      const matched = applyManual(
        await accounts.ruleSetsMatched(
          saved.map((s) => ({ id: s.id, ...s.rules })),
          accountIds,
        ),
        await manualRows({ segmentIds: saved.map((s) => s.id), accountIds }),
      );
      const order = new Map(saved.map((s, i) => [s.id, i]));
      for (const ids of matched.values()) ids.sort((a, b) => order.get(a)! - order.get(b)!);
      const out = new Map<string, { id: string; name: string }>();
      for (const [accountId, ids] of matched) out.set(accountId, { id: ids[0]!, name: names.get(ids[0]!)! });
      return out;
    },

    /** The segments one account is in now, by name, decided in one statement (the Customer 360 header). */
    async membershipsOf(accountId: string): Promise<{ id: string; name: string }[]> {
      const saved = evaluable(
        await db.selectFrom('segments').select(['id', 'name', 'rules']).orderBy('name').orderBy('id').execute(),
      );
      const matched = applyManual(
        await accounts.ruleSetsMatched(
          saved.map((s) => ({ id: s.id, ...s.rules })),
          [accountId],
        ),
        await manualRows({ segmentIds: saved.map((s) => s.id), accountIds: [accountId] }),
      );
      const inside = new Set(matched.get(accountId) ?? []);
      return saved.filter((s) => inside.has(s.id)).map((s) => ({ id: s.id, name: s.name }));
    },

    /** The segment's member ids, evaluated now (one query); none while its rules cannot be evaluated, so a scope never widens to everyone. */
    async memberIds(id: string): Promise<string[]> {
      const { rules } = readRules((await findRow(id)).rules);
      if (!rules) return [];
      const ids = new Set(await accounts.idsMatching(rules));
      for (const m of await manualRows({ segmentIds: [id] }))
        if (m.included) ids.add(m.account_id);
        else ids.delete(m.account_id);
      return [...ids];
    },

    /**
     * Puts accounts in a segment (`included`) or takes them out, whatever its rules say, in one statement
     * (a journey's segment step, docs/journeys.md).
     */
    async setManualMembers(id: string, accountIds: readonly string[], included: boolean) {
      if (!accountIds.length) return;
      await sql`
        insert into segment_manual_members (segment_id, account_id, included, updated_at)
        select ${id}::uuid, t.id, ${included}, ${clock.now()} from unnest(${[...new Set(accountIds)]}::uuid[]) as t(id)
        on conflict (segment_id, account_id) do update set included = excluded.included, updated_at = excluded.updated_at`.execute(
        db,
      );
    },

    /** The rules to filter by; a 409 naming the segment when they can no longer be evaluated. */
    async rules(id: string): Promise<RuleSet> {
      const row = await findRow(id);
      const read = readRules(row.rules);
      if (!read.rules) throw segmentInvalid(row.name, read.issues);
      return read.rules;
    },

    async create(actor: Actor, input: SegmentInput) {
      checkRules(input.rules);
      await accounts.checkSegmentConditions(input.rules.conditions, ['body', 'rules', 'conditions']);
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('segments')
          .values({
            name: input.name,
            description: input.description ?? null,
            rules: JSON.stringify(input.rules),
            created_by: userIdOf(actor),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'segment', entityId: inserted.id, after: inserted });
        return inserted;
      });
      return present(row);
    },

    async update(actor: Actor, id: string, patch: Partial<SegmentInput>) {
      if (patch.rules) {
        checkRules(patch.rules);
        await accounts.checkSegmentConditions(patch.rules.conditions, ['body', 'rules', 'conditions'], id);
      }
      const row = await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('segments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) throw notFound('segment');
        const after = await trx
          .updateTable('segments')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.rules ? { rules: JSON.stringify(patch.rules) } : {}),
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'update', entity: 'segment', entityId: id, before, after });
        return after;
      });
      return present(row);
    },

    async remove(actor: Actor, id: string) {
      await db.transaction().execute(async (trx) => {
        const before = await trx.deleteFrom('segments').where('id', '=', id).returningAll().executeTakeFirst();
        if (!before) throw notFound('segment');
        await audit.record(trx, actor, { action: 'delete', entity: 'segment', entityId: id, before });
      });
    },
  };
}

/** Rules written by a caller that skipped the route's schema (CLI, demo) get the same 400 as the API's. */
function checkRules(rules: RuleSet) {
  const read = readRules(rules);
  if (read.issues) throw new AppError(400, 'validation', 'errors.validation', {}, read.issues);
}

export type SegmentService = ReturnType<typeof createSegmentService>;
