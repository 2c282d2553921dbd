import { type Kysely, type RawBuilder, type Transaction, type Updateable, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Account, AccountsTable, DB } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import type { AccountInput, AccountListQuery, AccountPatch } from '../../shared/accounts.js';
import { type Condition, type RuleSet, segmentIdsIn } from '../../shared/conditions.js';
import { ownsAccounts } from '../../shared/roles.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { userRows } from '../users/users.read.js';
import {
  type AccountSelection,
  accountsRepository as repo,
  type ModuleUsageFilter,
  type SegmentMembership,
} from './accounts.repository.js';
import * as bulk from './accounts.bulk.js';
import { type FactPart, writeFacts } from './facts.js';
import type { AccountUpsert } from './accounts.bulk.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface AccountDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  timeline: Pick<TimelineService, 'record' | 'recordMany'>;
  /** The organisation's time zone: "today" of days to renewal and module-usage windows (UTC without). */
  timeZone?: string;
  /** Usage's read model for module-usage filters (docs/lists.md); wired by src/services.ts. */
  moduleUsage?: ModuleUsageFilter;
  /** Segments' read model for `segment` conditions (their rules, transitively, and manual members); src/services.ts. */
  segments?: SegmentSource;
}

export interface SegmentSource {
  definitions(ids: readonly string[]): Promise<ReadonlyMap<string, RuleSet | null>>;
  manual: SegmentMembership['manual'];
}

const COLUMNS: Record<Exclude<keyof AccountInput, 'attributes'>, keyof AccountsTable> = {
  externalId: 'external_id',
  name: 'name',
  domain: 'domain',
  industry: 'industry',
  employees: 'employees',
  region: 'region',
  parentId: 'parent_id',
  ownerId: 'owner_id',
  salesOwnerId: 'sales_owner_id',
  onboardingManagerId: 'onboarding_manager_id',
  tier: 'tier',
  lifecycleStage: 'lifecycle_stage',
  firstPaidOn: 'first_paid_on',
  churnedOn: 'churned_on',
};

function toColumns(input: AccountPatch): Updateable<AccountsTable> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = input[key as keyof AccountPatch];
    if (value !== undefined) row[column] = typeof value === 'string' && value === '' && key !== 'name' ? null : value;
  }
  return row as Updateable<AccountsTable>;
}

export function createAccountService({ db, clock, audit, timeline, timeZone, moduleUsage, segments }: AccountDeps) {
  const today = () => (timeZone ? clock.today(timeZone) : clock.now().toISOString().slice(0, 10));

  /** The segments `segment` conditions name, loaded for compiling them; nothing to load (no query) without any. */
  async function membership(...lists: readonly (readonly Condition[])[]): Promise<SegmentMembership | undefined> {
    const ids = segmentIdsIn(lists.flat());
    if (!ids.length || !segments) return undefined;
    return { definitions: await segments.definitions(ids), manual: segments.manual };
  }

  /**
   * A 400 on the first `segment` condition naming a segment that does not exist — or, for the rules of segment
   * `self` being saved, one whose membership leads back to `self` (directly or through other segments).
   */
  async function checkSegmentConditions(conditions: readonly Condition[], path: (string | number)[], self?: string) {
    const ids = segmentIdsIn(conditions);
    if (!ids.length) return;
    const known = (await segments?.definitions(ids)) ?? new Map<string, RuleSet | null>();
    const leadsToSelf = (id: string, seen = new Set<string>()): boolean => {
      if (id === self) return true;
      if (seen.has(id)) return false;
      seen.add(id);
      return segmentIdsIn(known.get(id)?.conditions ?? []).some((next) => leadsToSelf(next, seen));
    };
    conditions.forEach((c, i) => {
      if (c.field !== 'segment' || !Array.isArray(c.value)) return;
      for (const id of c.value.map(String)) {
        if (!known.has(id)) throw invalidField([...path, i, 'value'], 'errors.conditionSegmentUnknown');
        if (self && leadsToSelf(id)) throw invalidField([...path, i, 'value'], 'errors.conditionSegmentCycle');
      }
    });
  }

  /** Onboarding risk is reported per onboarding manager, so only users with that role can be one. */
  async function assertOnboardingManager(trx: Db, userId: string | null | undefined) {
    if (!userId) return;
    const user = await trx
      .selectFrom(userRows(trx).as('u'))
      .select('u.role')
      .where('u.id', '=', userId)
      .where('u.active', '=', true)
      .executeTakeFirst();
    if (user?.role !== 'onboarding') throw invalidField(['body', 'onboardingManagerId'], 'errors.notOnboardingUser');
  }

  /** The owner (CSM) is a role that owns accounts (src/shared/roles.ts); the pickers offer only those. */
  async function assertOwner(trx: Db, userId: string | null | undefined) {
    if (!userId) return;
    const user = await trx
      .selectFrom(userRows(trx).as('u'))
      .select('u.role')
      .where('u.id', '=', userId)
      .where('u.active', '=', true)
      .executeTakeFirst();
    if (!user || !ownsAccounts(user.role)) throw invalidField(['body', 'ownerId'], 'errors.notAccountOwner');
  }

  async function assertParentAllowed(trx: Db, id: string | null, parentId: string | null | undefined) {
    if (!parentId) return;
    if (parentId === id) throw invalidField(['body', 'parentId'], 'errors.parentCycle');
    if (!(await repo.findRow(trx, parentId))) throw notFound('account');
    if (id && (await repo.ancestorIds(trx, parentId)).includes(id))
      throw invalidField(['body', 'parentId'], 'errors.parentCycle');
  }

  async function get(id: string, trx: Db = db) {
    const view = await repo.findView(trx, id);
    if (!view) throw notFound('account');
    return view;
  }

  return {
    get,

    checkSegmentConditions,

    async list(query: AccountListQuery, ruleSets: RuleSet[] = []) {
      await checkSegmentConditions(query.filters ?? [], ['query', 'filters']);
      const selection: AccountSelection = {
        q: query.q,
        externalId: query.externalId,
        ownerId: query.ownerId,
        conditions: query.filters ?? [],
        match: query.match,
        ruleSets,
        today: today(),
        moduleUsage,
        segments: await membership(query.filters ?? [], ...ruleSets.map((r) => r.conditions)),
      };
      return repo.list(db, selection, query);
    },

    /**
     * Name and owners of many accounts in one statement (renewal centre, forecasts); deleted
     * accounts are absent.
     */
    async briefs(ids: string[]) {
      if (!ids.length)
        return new Map<
          string,
          {
            id: string;
            name: string;
            externalId: string | null;
            ownerId: string | null;
            ownerName: string | null;
            salesOwnerId: string | null;
          }
        >();
      const rows = await db
        .selectFrom('accounts')
        .leftJoin(userRows(db).as('owner'), 'owner.id', 'accounts.owner_id')
        .select([
          'accounts.id',
          'accounts.name',
          'accounts.external_id',
          'accounts.owner_id',
          'owner.name as owner_name',
          'accounts.sales_owner_id',
        ])
        .where('accounts.id', '=', sql<string>`any(${ids}::uuid[])`)
        .where('accounts.deleted_at', 'is', null)
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          {
            id: r.id,
            name: r.name,
            externalId: r.external_id,
            ownerId: r.owner_id,
            ownerName: r.owner_name,
            salesOwnerId: r.sales_owner_id,
          },
        ]),
      );
    },

    /** One account's hot figures (account_facts), or undefined before any refresh wrote them. */
    facts(accountId: string) {
      return db.selectFrom('account_facts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    },

    /**
     * Writes one group of an account's hot figures (account_facts, docs/lists.md) from its owner's read
     * model: `source` selects (account_id, …the group's columns) for the accounts in `scope` (all without).
     */
    writeFacts(part: FactPart, source: RawBuilder<unknown>, scope?: readonly string[], trx: Db = db) {
      return writeFacts(trx, part, source, scope);
    },

    /** Live member count of a rule set (segments). */
    async countMatching(rules: RuleSet) {
      const segments = await membership(rules.conditions);
      return repo.count(db, {
        conditions: rules.conditions,
        match: rules.match,
        today: today(),
        moduleUsage,
        segments,
      });
    },

    /** Ids of the accounts a rule set selects (segment membership: per-segment settings, milestone and CTA rule scopes). */
    /** Which of the given rule sets each live account (or each of `accountIds`) matches now, in their order. */
    async ruleSetsMatched(sets: readonly ({ id: string } & RuleSet)[], accountIds?: readonly string[]) {
      const segments = await membership(...sets.map((s) => s.conditions));
      return repo.ruleSetsMatched(db, sets, today(), accountIds, moduleUsage, segments);
    },

    /** Which (account, contact) subjects match rules that may test `contact.<field>` (repository subjectsMatching). */
    async subjectsMatching(
      rules: RuleSet,
      subjects: readonly { key: string; accountId: string; contactId: string }[],
      contactField: (column: string, contactId: RawBuilder<unknown>) => RawBuilder<unknown>,
    ) {
      const segments = await membership(rules.conditions);
      return repo.subjectsMatching(db, rules, subjects, today(), contactField, moduleUsage, segments);
    },

    async idsMatching(rules: RuleSet) {
      const segments = await membership(rules.conditions);
      return repo.ids(db, { conditions: rules.conditions, match: rules.match, today: today(), moduleUsage, segments });
    },

    /** `at` back-dates the creation (imports, the demo); by default it is the clock's now. */
    async create(actor: Actor, input: AccountInput, outer?: Transaction<DB>, at: Date | string = clock.now()) {
      const run = async (trx: Transaction<DB>) => {
        await assertParentAllowed(trx, null, input.parentId);
        await assertOnboardingManager(trx, input.onboardingManagerId);
        await assertOwner(trx, input.ownerId);
        const row = await trx
          .insertInto('accounts')
          .values({
            ...(toColumns(input) as { name: string }),
            attributes: JSON.stringify(bulk.mergeAttributes({}, input.attributes)),
            created_at: at,
            updated_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'account', entityId: row.id, after: row });
        await timeline.record(trx, actor, row.id, {
          type: 'system',
          occurredAt: at,
          data: { key: 'timeline.accountCreated' },
        });
        return get(row.id, trx);
      };
      return outer ? run(outer) : db.transaction().execute(run);
    },

    async update(actor: Actor, id: string, patch: AccountPatch, outer?: Transaction<DB>) {
      const run = async (trx: Transaction<DB>) => {
        const before = await repo.findRow(trx, id, true);
        if (!before) throw notFound('account');
        if (patch.parentId !== undefined) await assertParentAllowed(trx, id, patch.parentId);
        await assertOnboardingManager(trx, patch.onboardingManagerId);
        await assertOwner(trx, patch.ownerId);
        const changes = toColumns(patch);
        const attributes = bulk.mergeAttributes(before.attributes ?? {}, patch.attributes);
        const after = await trx
          .updateTable('accounts')
          .set({ ...changes, attributes: JSON.stringify(attributes), updated_at: clock.now() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const changed = [...Object.keys(changes), ...(patch.attributes ? ['attributes'] : [])].filter(
          (column) =>
            JSON.stringify(before[column as keyof typeof before]) !==
            JSON.stringify(after[column as keyof typeof after]),
        );
        if (changed.length) {
          await audit.record(trx, actor, { action: 'update', entity: 'account', entityId: id, before, after });
          if (before.lifecycle_stage !== after.lifecycle_stage) {
            await timeline.record(trx, actor, id, {
              type: 'system',
              data: {
                key: 'timeline.stageChanged',
                params: { from: before.lifecycle_stage, to: after.lifecycle_stage },
              },
            });
          }
          const other = changed.filter((c) => c !== 'lifecycle_stage');
          if (other.length)
            await timeline.record(trx, actor, id, {
              type: 'system',
              data: { key: 'timeline.accountUpdated', params: { fields: other } },
            });
        }
        return get(id, trx);
      };
      return outer ? run(outer) : db.transaction().execute(run);
    },

    /** The live account with this external id, if any (inside the caller's transaction). */
    async findIdByExternalId(externalId: string, trx: Transaction<DB>) {
      const row = await trx
        .selectFrom('accounts')
        .select('id')
        .where('external_id', '=', externalId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return row?.id;
    },

    /** Whether a live account has this id (a malformed id is simply not one). */
    async exists(id: string, trx: Transaction<DB>) {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
      return !!(await trx
        .selectFrom('accounts')
        .select('id')
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst());
    },

    /**
     * Bulk: the ids of accounts with these external ids, creating the missing ones (named after
     * their external id) in one statement. Returns the id map and the external ids created.
     */
    async ensureByExternalIds(actor: Actor, externalIds: string[], trx: Transaction<DB>) {
      const unique = [...new Set(externalIds)];
      if (!unique.length) return { ids: new Map<string, string>(), created: [] as string[] };
      const created = await sql<{ id: string; external_id: string; name: string }>`
        insert into accounts (external_id, name)
        select x, x from unnest(${unique}::text[]) as x
        on conflict (external_id) where external_id is not null and deleted_at is null do nothing
        returning id, external_id, name`.execute(trx);
      await audit.recordMany(
        trx,
        actor,
        created.rows.map((row) => ({ action: 'create', entity: 'account', entityId: row.id, after: row })),
      );
      const rows = await trx
        .selectFrom('accounts')
        .select(['id', 'external_id'])
        .where('external_id', 'in', unique)
        .where('deleted_at', 'is', null)
        .execute();
      return { ids: new Map(rows.map((r) => [r.external_id!, r.id])), created: created.rows.map((r) => r.external_id) };
    },

    /** One attribute on many accounts at once (a journey step): see accounts.bulk.ts setAttribute. */
    setAttribute: (actor: Actor, ids: readonly string[], key: string, value: string | number | boolean | null) =>
      db
        .transaction()
        .execute((trx) => bulk.setAttribute(trx, audit, timeline, actor, { ids, key, value, now: clock.now() })),

    /** Many accounts patched at once from their current rows (tracked groups' traits): accounts.bulk.ts patchMany. */
    patchMany: (actor: Actor, ids: readonly string[], patchOf: (current: Account) => bulk.SyncedFields) =>
      db
        .transaction()
        .execute((trx) => bulk.patchMany(trx, { audit, timeline }, actor, { ids, patchOf, now: clock.now() })),

    /** Bulk: ids of the live accounts with these external ids (imports refuse the unknown ones). */
    idsByExternalIds: (externalIds: readonly string[], trx: Transaction<DB>) => bulk.idsByExternalIds(trx, externalIds),

    /** Bulk: which (child, parent) links by external id would make a child its own ancestor. */
    parentCycles: (pairs: readonly { child: string; parent: string }[], trx: Transaction<DB>) =>
      bulk.parentCycles(trx, pairs),

    /** Bulk upsert by external id (imports): set-based, unchanged accounts left alone. */
    upsertMany: (actor: Actor, rows: readonly AccountUpsert[], trx: Transaction<DB>) =>
      bulk.upsertMany(trx, audit, actor, rows, clock.now()),

    /**
     * Moves a CSM's book (or the chosen accounts of it) to another owner in one statement, an audit row
     * per account, inside the caller's transaction (Team page, docs/team.md). Refuses an unknown user, the
     * same user, a target whose role cannot own accounts and chosen accounts outside the book (400 naming
     * the field). Returns the ids moved.
     */
    async reassignOwner(
      actor: Actor,
      input: { fromUserId: string; toUserId: string; accountIds?: readonly string[] },
      trx: Transaction<DB>,
    ): Promise<string[]> {
      const users = await trx
        .selectFrom(userRows(trx).as('u'))
        .select(['u.id', 'u.role', 'u.active'])
        .where('u.id', 'in', [input.fromUserId, input.toUserId])
        .execute();
      const from = users.find((u) => u.id === input.fromUserId);
      const to = users.find((u) => u.id === input.toUserId);
      if (!from) throw invalidField(['body', 'fromUserId'], 'errors.unknownUser');
      if (!to) throw invalidField(['body', 'toUserId'], 'errors.unknownUser');
      if (from.id === to.id) throw invalidField(['body', 'toUserId'], 'errors.sameUser');
      if (!to.active || !ownsAccounts(to.role)) throw invalidField(['body', 'toUserId'], 'errors.notAccountOwner');
      const chosen = input.accountIds ? [...new Set(input.accountIds)] : undefined;
      let update = trx
        .updateTable('accounts')
        .set({ owner_id: to.id, updated_at: clock.now() })
        .where('owner_id', '=', from.id)
        .where('deleted_at', 'is', null);
      if (chosen) update = update.where('id', '=', sql<string>`any(${chosen}::uuid[])`);
      const moved = await update.returning(['id', 'name']).execute();
      if (chosen && moved.length !== chosen.length) throw invalidField(['body', 'accountIds'], 'errors.notInBook');
      await audit.recordMany(
        trx,
        actor,
        moved.map((row) => ({
          action: 'reassign',
          entity: 'account',
          entityId: row.id,
          before: { owner_id: from.id },
          after: { owner_id: to.id },
        })),
      );
      return moved.map((r) => r.id);
    },

    /** Soft delete: the account disappears from lists but its history stays for the audit. */
    async remove(actor: Actor, id: string) {
      await db.transaction().execute(async (trx) => {
        const before = await repo.findRow(trx, id, true);
        if (!before) throw notFound('account');
        await trx.updateTable('accounts').set({ deleted_at: clock.now() }).where('id', '=', id).execute();
        await audit.record(trx, actor, { action: 'delete', entity: 'account', entityId: id, before });
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
