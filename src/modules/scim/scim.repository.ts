/** SQL of the scim module: its own tables, and people through the users read model (never `users` itself). */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Role } from '../../shared/roles.js';
import { userRows } from '../users/users.read.js';
import type { EqFilter } from './scim.protocol.js';

type Db = Kysely<DB> | Transaction<DB>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export const TOKEN_COLUMNS = [
  'id',
  'name',
  'prefix',
  'created_at',
  'rotated_at',
  'last_used_at',
  'revoked_at',
] as const;

/** Every person SCIM sees: all users (an admin's too, so a provider can adopt them) but those it deleted. */
function people(db: Db) {
  return db
    .selectFrom(userRows(db).as('u'))
    .leftJoin('scim_users as s', 's.user_id', 'u.id')
    .where('s.deleted_at', 'is', null);
}

const personColumns = (db: Db) =>
  people(db).select([
    'u.id',
    'u.email',
    'u.name',
    'u.role',
    'u.active',
    'u.created_at',
    sql<Date>`greatest(u.updated_at, s.updated_at)`.as('updated_at'),
    sql<string>`coalesce(s.user_name, u.email)`.as('user_name'),
    's.external_id',
    's.given_name',
    's.family_name',
  ]);

export type PersonRow = Awaited<ReturnType<ReturnType<typeof personColumns>['executeTakeFirstOrThrow']>>;

export function createScimRepository(db: Kysely<DB>) {
  return {
    // Tokens ------------------------------------------------------------------------------------------
    listTokens: () => db.selectFrom('scim_tokens').select(TOKEN_COLUMNS).orderBy('created_at', 'desc').execute(),
    tokenById: (trx: Db, id: string) =>
      trx.selectFrom('scim_tokens').select(TOKEN_COLUMNS).where('id', '=', id).executeTakeFirst(),
    insertToken: (trx: Db, values: { name: string; token_hash: string; prefix: string; created_by: string | null }) =>
      trx.insertInto('scim_tokens').values(values).returning(TOKEN_COLUMNS).executeTakeFirstOrThrow(),
    updateToken: (
      trx: Db,
      id: string,
      set: { token_hash?: string; prefix?: string; rotated_at?: Date; revoked_at?: Date },
    ) =>
      trx.updateTable('scim_tokens').set(set).where('id', '=', id).returning(TOKEN_COLUMNS).executeTakeFirstOrThrow(),
    tokenByHash: (hash: string) =>
      db
        .selectFrom('scim_tokens')
        .select(['id', 'name', 'revoked_at', 'last_used_at'])
        .where('token_hash', '=', hash)
        .executeTakeFirst(),
    touchToken: (id: string, at: Date) =>
      db.updateTable('scim_tokens').set({ last_used_at: at }).where('id', '=', id).execute(),

    // Requests seen -----------------------------------------------------------------------------------
    async logRequest(entry: { token_id: string | null; method: string; path: string; status: number }) {
      const { id } = await db.insertInto('scim_requests').values(entry).returning('id').executeTakeFirstOrThrow();
      // Keep the newest 500; trimming every 50th request keeps the table small without a job.
      if (id % 50 === 0)
        await db
          .deleteFrom('scim_requests')
          .where('id', '<=', id - 500)
          .execute();
    },
    recentRequests: (limit: number) =>
      db
        .selectFrom('scim_requests')
        .select(['method', 'path', 'status', 'at'])
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
    async provisionedUsers() {
      const row = await db
        .selectFrom('scim_users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    // People ------------------------------------------------------------------------------------------
    async listPeople(filter: EqFilter | undefined, startIndex: number, count: number) {
      let q = personColumns(db);
      if (filter) {
        const v = filter.value;
        if (typeof v !== 'string') q = q.where(sql<boolean>`false`);
        else if (filter.attribute === 'username')
          q = q.where(sql`lower(coalesce(s.user_name, u.email))`, '=', v.toLowerCase());
        else if (filter.attribute === 'externalid') q = q.where('s.external_id', '=', v);
        else if (filter.attribute === 'emails.value' || filter.attribute === 'emails')
          q = q.where(sql`lower(u.email)`, '=', v.toLowerCase());
        else if (filter.attribute === 'id') q = isUuid(v) ? q.where('u.id', '=', v) : q.where(sql<boolean>`false`);
      }
      const [rows, total] = await Promise.all([
        count === 0
          ? Promise.resolve([])
          : q
              .orderBy('u.created_at')
              .orderBy('u.id')
              .offset(startIndex - 1)
              .limit(count)
              .execute(),
        q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },
    person: (trx: Db, id: string) =>
      isUuid(id) ? personColumns(trx).where('u.id', '=', id).executeTakeFirst() : Promise.resolve(undefined),
    /** Someone else already known by this userName or address (RFC 7644 §3.3: 409 uniqueness). */
    taken: (trx: Db, userName: string, email: string, exceptId?: string) => {
      let q = trx
        .selectFrom(userRows(trx).as('u'))
        .leftJoin('scim_users as s', 's.user_id', 'u.id')
        .select(['u.id', 's.deleted_at'])
        .where((eb) =>
          eb.or([
            eb(sql`lower(coalesce(s.user_name, u.email))`, '=', userName.toLowerCase()),
            eb(sql`lower(u.email)`, '=', email.toLowerCase()),
          ]),
        );
      if (exceptId) q = q.where('u.id', '<>', exceptId);
      return q.execute();
    },
    /** A person a provider deleted, found again by userName so a new POST provisions them again. */
    deletedByUserName: (trx: Db, userName: string) =>
      trx
        .selectFrom('scim_users')
        .select('user_id')
        .where(sql`lower(user_name)`, '=', userName.toLowerCase())
        .where('deleted_at', 'is not', null)
        .executeTakeFirst(),
    saveScimUser: (
      trx: Db,
      row: {
        user_id: string;
        user_name: string;
        external_id: string | null;
        given_name: string | null;
        family_name: string | null;
      },
    ) =>
      trx
        .insertInto('scim_users')
        .values({ ...row, updated_at: new Date(), deleted_at: null })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            user_name: row.user_name,
            external_id: row.external_id,
            given_name: row.given_name,
            family_name: row.family_name,
            updated_at: new Date(),
            deleted_at: null,
          }),
        )
        .execute(),
    markDeleted: async (trx: Db, row: { user_id: string; user_name: string }) => {
      await trx
        .insertInto('scim_users')
        .values({ ...row, deleted_at: new Date() })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ deleted_at: new Date(), updated_at: new Date() }))
        .execute();
      await trx.deleteFrom('scim_group_members').where('user_id', '=', row.user_id).execute();
    },
    groupsOf: (trx: Db, userIds: readonly string[]) =>
      userIds.length
        ? trx
            .selectFrom('scim_group_members as m')
            .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
            .select(['m.user_id', 'g.id', 'g.display_name'])
            .where('m.user_id', 'in', userIds)
            .orderBy('g.display_name')
            .execute()
        : Promise.resolve([]),
    /** Which of these ids are people SCIM may put in a group. */
    async knownPeople(trx: Db, ids: readonly string[]) {
      const valid = ids.filter(isUuid);
      if (!valid.length) return new Set<string>();
      const rows = await people(trx).select('u.id').where('u.id', 'in', valid).execute();
      return new Set(rows.map((r) => r.id));
    },

    // Groups ------------------------------------------------------------------------------------------
    async listGroups(filter: EqFilter | undefined, startIndex: number, count: number) {
      let q = db.selectFrom('scim_groups as g');
      if (filter) {
        const v = filter.value;
        if (typeof v !== 'string') q = q.where(sql<boolean>`false`);
        else if (filter.attribute === 'displayname') q = q.where(sql`lower(g.display_name)`, '=', v.toLowerCase());
        else if (filter.attribute === 'externalid') q = q.where('g.external_id', '=', v);
        else if (filter.attribute === 'id') q = isUuid(v) ? q.where('g.id', '=', v) : q.where(sql<boolean>`false`);
      }
      const [rows, total] = await Promise.all([
        count === 0
          ? Promise.resolve([])
          : q
              .selectAll('g')
              .orderBy('g.created_at')
              .orderBy('g.id')
              .offset(startIndex - 1)
              .limit(count)
              .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },
    group: (trx: Db, id: string, lock = false) => {
      if (!isUuid(id)) return Promise.resolve(undefined);
      const q = trx.selectFrom('scim_groups').selectAll().where('id', '=', id);
      return (lock ? q.forUpdate() : q).executeTakeFirst();
    },
    groupNamed: (trx: Db, displayName: string, exceptId?: string) => {
      let q = trx
        .selectFrom('scim_groups')
        .select('id')
        .where(sql`lower(display_name)`, '=', displayName.toLowerCase());
      if (exceptId) q = q.where('id', '<>', exceptId);
      return q.executeTakeFirst();
    },
    insertGroup: (trx: Db, values: { display_name: string; external_id: string | null }) =>
      trx.insertInto('scim_groups').values(values).returningAll().executeTakeFirstOrThrow(),
    updateGroup: (trx: Db, id: string, set: { display_name: string; external_id: string | null }) =>
      trx
        .updateTable('scim_groups')
        .set({ ...set, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    deleteGroup: (trx: Db, id: string) => trx.deleteFrom('scim_groups').where('id', '=', id).execute(),
    members: (trx: Db, groupIds: readonly string[]) =>
      groupIds.length
        ? trx
            .selectFrom('scim_group_members as m')
            .innerJoin(userRows(trx).as('u'), 'u.id', 'm.user_id')
            .select(['m.group_id', 'u.id', 'u.name'])
            .where('m.group_id', 'in', groupIds)
            .orderBy('u.name')
            .execute()
        : Promise.resolve([]),
    async setMembers(trx: Db, groupId: string, add: readonly string[], remove: readonly string[]) {
      if (remove.length)
        await trx
          .deleteFrom('scim_group_members')
          .where('group_id', '=', groupId)
          .where('user_id', 'in', remove)
          .execute();
      if (add.length)
        await trx
          .insertInto('scim_group_members')
          .values(add.map((user_id) => ({ group_id: groupId, user_id })))
          .onConflict((oc) => oc.doNothing())
          .execute();
    },
    groupSummaries: () =>
      db
        .selectFrom('scim_groups as g')
        .leftJoin('scim_group_members as m', 'm.group_id', 'g.id')
        .select(['g.id', 'g.display_name', (eb) => eb.fn.count<number>('m.user_id').as('members')])
        .groupBy(['g.id', 'g.display_name'])
        .orderBy('g.display_name')
        .execute(),

    // Group → role mappings ---------------------------------------------------------------------------
    mappings: (trx: Db = db) =>
      trx.selectFrom('scim_role_mappings').select(['group_name', 'role']).orderBy('group_name').execute(),
    async replaceMappings(trx: Db, rows: readonly { group_name: string; role: Role }[]) {
      await trx.deleteFrom('scim_role_mappings').execute();
      if (rows.length) await trx.insertInto('scim_role_mappings').values(rows).execute();
    },
    /** Members of the groups with these names (any case). */
    async membersOfGroupsNamed(trx: Db, names: readonly string[]) {
      if (!names.length) return [];
      const rows = await trx
        .selectFrom('scim_group_members as m')
        .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
        .select('m.user_id')
        .distinct()
        .where(
          sql`lower(g.display_name)`,
          'in',
          names.map((n) => n.toLowerCase()),
        )
        .execute();
      return rows.map((r) => r.user_id);
    },
    /** Each person's roles from the mapped groups they are in (one statement for all of them). */
    mappedRoles: (trx: Db, userIds: readonly string[]) =>
      userIds.length
        ? trx
            .selectFrom('scim_group_members as m')
            .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
            .innerJoin('scim_role_mappings as r', (join) =>
              join.on(sql`lower(r.group_name)`, '=', sql`lower(g.display_name)`),
            )
            .select(['m.user_id', 'r.role'])
            .where('m.user_id', 'in', userIds)
            .execute()
        : Promise.resolve([]),
  };
}

export type ScimRepository = ReturnType<typeof createScimRepository>;
