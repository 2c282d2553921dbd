import { sql, type Transaction } from 'kysely';
import type { Account, AccountsTable, DB } from '../../db/types.js';
import type { Actor } from '../audit/actor.js';
import { type AuditService, updateEntries } from '../audit/audit.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import type { AccountPatch } from '../../shared/accounts.js';
import type { AccountUpsert } from './accounts.types.js';

// The row type is public (accounts.types.ts: imports build rows of it); the service names it from here.
export type { AccountUpsert } from './accounts.types.js';

const FIELDS = {
  name: 'name',
  domain: 'domain',
  industry: 'industry',
  employees: 'employees',
  region: 'region',
  tier: 'tier',
  lifecycleStage: 'lifecycle_stage',
  ownerId: 'owner_id',
  firstPaidOn: 'first_paid_on',
  churnedOn: 'churned_on',
} as const satisfies Partial<Record<keyof AccountUpsert, keyof AccountsTable>>;

type Stored = Pick<Account, (typeof FIELDS)[keyof typeof FIELDS] | 'parent_id' | 'attributes'>;
const STORED_COLUMNS = [...Object.values(FIELDS), 'parent_id', 'attributes'] as const;
/** Rows per statement: 14 parameters a row stays far below PostgreSQL's 65,535. */
const CHUNK = 2000;

/** Merges an attribute patch: null removes a key, anything else sets it. */
export function mergeAttributes(current: Record<string, unknown>, patch: Record<string, unknown> | undefined) {
  if (!patch) return current;
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** Key order does not make attributes different. */
function canonical(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function apply(before: Stored, row: AccountUpsert, parentId: string | null | undefined): Stored {
  const after = { ...before } as Record<string, unknown>;
  for (const [key, column] of Object.entries(FIELDS)) {
    const value = row[key as keyof AccountUpsert];
    if (value !== undefined) after[column] = value;
  }
  if (parentId !== undefined) after.parent_id = parentId;
  after.attributes = row.attributes ? { ...before.attributes, ...row.attributes } : before.attributes;
  return after as Stored;
}

const changed = (a: Stored, b: Stored) => STORED_COLUMNS.some((c) => canonical(a[c]) !== canonical(b[c]));

/** Merges rows naming the same account, later cells over earlier ones. */
function merge(rows: readonly AccountUpsert[]): AccountUpsert[] {
  const byId = new Map<string, AccountUpsert>();
  for (const row of rows) {
    const prev = byId.get(row.externalId);
    if (!prev) {
      byId.set(row.externalId, row);
      continue;
    }
    const next: AccountUpsert = { ...prev };
    for (const [k, v] of Object.entries(row))
      if (v !== undefined && k !== 'attributes') (next as unknown as Record<string, unknown>)[k] = v;
    if (row.attributes) next.attributes = { ...prev.attributes, ...row.attributes };
    byId.set(row.externalId, next);
  }
  return [...byId.values()];
}

export async function idsByExternalIds(
  trx: Transaction<DB>,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(externalIds)];
  if (!unique.length) return new Map();
  const rows = await sql<{ id: string; external_id: string }>`
    select id, external_id from accounts where external_id = any(${unique}::text[]) and deleted_at is null`.execute(
    trx,
  );
  return new Map(rows.rows.map((r) => [r.external_id, r.id]));
}

/**
 * Which children would become their own ancestor if linked to these parents (both named by
 * external id, both stored already): the parent's chain of ancestors, walked in one query.
 */
export async function parentCycles(
  trx: Transaction<DB>,
  pairs: readonly { child: string; parent: string }[],
): Promise<Set<string>> {
  if (!pairs.length) return new Set();
  const rows = await sql<{ child: string }>`
    with recursive pairs(child, parent) as (select * from unnest(${pairs.map((p) => p.child)}::text[], ${pairs.map((p) => p.parent)}::text[])),
    up(child, id) as (
      select pairs.child, p.id from pairs join accounts p on p.external_id = pairs.parent and p.deleted_at is null
      union
      select up.child, a.parent_id from up join accounts a on a.id = up.id where a.parent_id is not null
    )
    select distinct up.child from up join accounts c on c.external_id = up.child and c.deleted_at is null and c.id = up.id`.execute(
    trx,
  );
  return new Set(rows.rows.map((r) => r.child));
}

/**
 * Upserts accounts by external id in set-based statements: the new ones in one insert, the
 * changed ones in one update; an account the rows would not change is not touched (no audit
 * entry, no new updated_at), so importing the same file again changes nothing.
 */
export async function upsertMany(
  trx: Transaction<DB>,
  audit: Pick<AuditService, 'recordMany'>,
  actor: Actor,
  input: readonly AccountUpsert[],
  now: Date,
): Promise<{ created: string[]; updated: number }> {
  const created: string[] = [];
  let updated = 0;
  const all = merge(input);
  for (let i = 0; i < all.length; i += CHUNK) {
    const rows = all.slice(i, i + CHUNK);
    const existing = new Map(
      (
        await trx
          .selectFrom('accounts')
          .selectAll()
          .where(
            'external_id',
            'in',
            rows.map((r) => r.externalId),
          )
          .where('deleted_at', 'is', null)
          .execute()
      ).map((a) => [a.external_id!, a]),
    );
    const parentIds = await idsByExternalIds(
      trx,
      rows.map((r) => r.parentExternalId).filter((p): p is string => Boolean(p)),
    );

    const fresh = rows.filter((r) => !existing.has(r.externalId));
    const createdNow = new Set<string>();
    if (fresh.length) {
      const inserted = await trx
        .insertInto('accounts')
        .values(
          fresh.map((r) => {
            const after = apply(
              { attributes: {} } as unknown as Stored,
              r,
              r.parentExternalId ? (parentIds.get(r.parentExternalId) ?? null) : undefined,
            );
            return {
              ...after,
              external_id: r.externalId,
              name: r.name ?? r.externalId,
              attributes: JSON.stringify(after.attributes),
              created_at: now,
              updated_at: now,
            };
          }),
        )
        .onConflict((oc) =>
          oc.column('external_id').where('external_id', 'is not', null).where('deleted_at', 'is', null).doNothing(),
        )
        .returningAll()
        .execute();
      await audit.recordMany(
        trx,
        actor,
        inserted.map((row) => ({ action: 'create', entity: 'account', entityId: row.id, after: row })),
      );
      for (const row of inserted) {
        created.push(row.external_id!);
        createdNow.add(row.external_id!);
        parentIds.set(row.external_id!, row.id);
        existing.set(row.external_id!, row);
      }
    }

    // Existing accounts, and new ones whose parent arrived in the same rows.
    const changes: { id: string; before: Account; after: Stored }[] = [];
    for (const r of rows) {
      const before = existing.get(r.externalId);
      if (!before) continue;
      const after = createdNow.has(r.externalId)
        ? { ...before, parent_id: r.parentExternalId ? (parentIds.get(r.parentExternalId) ?? null) : before.parent_id }
        : apply(before, r, r.parentExternalId ? (parentIds.get(r.parentExternalId) ?? null) : undefined);
      if (changed(before, after)) changes.push({ id: before.id, before, after });
    }
    if (!changes.length) continue;
    const col = <K extends keyof Stored>(k: K) => changes.map((c) => c.after[k]);
    const result = await sql<Account>`
      update accounts a set
        name = s.name, domain = s.domain, industry = s.industry, employees = s.employees, region = s.region, tier = s.tier,
        lifecycle_stage = s.lifecycle_stage, owner_id = s.owner_id, parent_id = s.parent_id, first_paid_on = s.first_paid_on,
        churned_on = s.churned_on, attributes = s.attributes::jsonb, updated_at = ${now}
      from unnest(${changes.map((c) => c.id)}::uuid[], ${col('name')}::text[], ${col('domain')}::text[], ${col('industry')}::text[],
        ${col('employees')}::int[], ${col('region')}::text[], ${col('tier')}::text[], ${col('lifecycle_stage')}::text[], ${col('owner_id')}::uuid[],
        ${col('parent_id')}::uuid[], ${col('first_paid_on')}::date[], ${col('churned_on')}::date[], ${changes.map((c) => JSON.stringify(c.after.attributes))}::text[])
        as s(id, name, domain, industry, employees, region, tier, lifecycle_stage, owner_id, parent_id, first_paid_on, churned_on, attributes)
      where a.id = s.id
      returning a.*`.execute(trx);
    const before = new Map(changes.map((c) => [c.id, c.before]));
    await audit.recordMany(
      trx,
      actor,
      result.rows.map((row) => ({
        action: 'update',
        entity: 'account',
        entityId: row.id,
        before: before.get(row.id),
        after: row,
      })),
    );
    updated += result.rows.filter((r) => !createdNow.has(r.external_id!)).length;
  }
  return { created, updated };
}

/**
 * Sets one attribute (null removes it) on many live accounts in two statements — a journey's
 * update-field step over its participants. Accounts that already hold the value are left alone (no
 * audit row, no timeline entry), as a single update leaves an unchanged account. Returns how many changed.
 */
export async function setAttribute(
  trx: Transaction<DB>,
  audit: Pick<AuditService, 'recordMany'>,
  timeline: Pick<TimelineService, 'recordMany'>,
  actor: Actor,
  change: { ids: readonly string[]; key: string; value: string | number | boolean | null; now: Date },
) {
  const { key, value, now } = change;
  if (!change.ids.length) return 0;
  const json = JSON.stringify(value);
  const before = await trx
    .selectFrom('accounts')
    .selectAll()
    .where('id', 'in', [...change.ids])
    .where('deleted_at', 'is', null)
    .where(
      value === null
        ? sql<boolean>`attributes ? ${key}`
        : sql<boolean>`attributes -> ${key} is distinct from ${json}::jsonb`,
    )
    .forUpdate()
    .execute();
  if (!before.length) return 0;
  const after = await trx
    .updateTable('accounts')
    .set({
      attributes:
        value === null
          ? sql`attributes - ${key}::text`
          : sql`coalesce(attributes, '{}'::jsonb) || jsonb_build_object(${key}::text, ${json}::jsonb)`,
      updated_at: now,
    })
    .where(
      'id',
      'in',
      before.map((b) => b.id),
    )
    .returningAll()
    .execute();
  await audit.recordMany(trx, actor, updateEntries('account', before, after));
  await timeline.recordMany(
    trx,
    after.map((row) => ({
      actor,
      accountId: row.id,
      activity: {
        type: 'system' as const,
        occurredAt: now,
        data: { key: 'timeline.accountUpdated', params: { fields: ['attributes'] } },
      },
    })),
  );
  return after.length;
}

/** The fields another system keeps in step with its own (a tracked group's traits). */
export type SyncedFields = Pick<AccountPatch, 'name' | 'industry' | 'employees' | 'domain' | 'attributes'>;
const SYNCED_COLUMNS = ['name', 'industry', 'employees', 'domain'] as const;

/**
 * Patches many live accounts in one read and one update, each with the patch `patchOf` makes from its current
 * row. As update() does one at a time: an account the patch would not change is left alone (no
 * audit or timeline entry), and each changed one gets its audit entry and a timeline entry naming its changed
 * fields. Deleted or unknown ids are skipped. Returns the ids changed.
 */
export async function patchMany(
  trx: Transaction<DB>,
  deps: { audit: Pick<AuditService, 'recordMany'>; timeline: Pick<TimelineService, 'recordMany'> },
  actor: Actor,
  change: { ids: readonly string[]; patchOf: (current: Account) => SyncedFields; now: Date },
): Promise<string[]> {
  if (!change.ids.length) return [];
  // In id order, so two rounds patching overlapping accounts lock them in one order.
  const before = await trx
    .selectFrom('accounts')
    .selectAll()
    .where('id', 'in', [...new Set(change.ids)].sort())
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  const patched: { row: Account; fields: string[] }[] = [];
  for (const row of before) {
    const patch = change.patchOf(row);
    const next: Account = { ...row, attributes: mergeAttributes(row.attributes ?? {}, patch.attributes) };
    for (const column of SYNCED_COLUMNS)
      if (patch[column] !== undefined) Object.assign(next, { [column]: patch[column] });
    const fields = [...SYNCED_COLUMNS, 'attributes' as const].filter(
      (column) => canonical(row[column]) !== canonical(next[column]),
    );
    if (fields.length) patched.push({ row: next, fields });
  }
  if (!patched.length) return [];
  const col = <K extends keyof Account>(k: K) => patched.map((p) => p.row[k]);
  const after = await sql<Account>`
    update accounts a set name = s.name, industry = s.industry, employees = s.employees, domain = s.domain,
      attributes = s.attributes::jsonb, updated_at = ${change.now}
    from unnest(${col('id')}::uuid[], ${col('name')}::text[], ${col('industry')}::text[], ${col('employees')}::int[],
      ${col('domain')}::text[], ${patched.map((p) => JSON.stringify(p.row.attributes))}::text[])
      as s(id, name, industry, employees, domain, attributes)
    where a.id = s.id
    returning a.*`.execute(trx);
  await deps.audit.recordMany(trx, actor, updateEntries('account', before, after.rows));
  await deps.timeline.recordMany(
    trx,
    patched.map(({ row, fields }) => ({
      actor,
      accountId: row.id,
      activity: {
        type: 'system' as const,
        occurredAt: change.now,
        data: { key: 'timeline.accountUpdated', params: { fields } },
      },
    })),
  );
  return after.rows.map((r) => r.id);
}
