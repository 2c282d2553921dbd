/**
 * SCIM 2.0 provisioning (docs/scim.md): tokens, people and groups as an identity provider manages them, and
 * the group → role mapping. People are the users module's: created and changed through its service (which
 * audits them, ends a deactivated person's sessions and keeps the last admin); this module keeps only what
 * SCIM adds (userName, externalId, name parts, groups), and audits that too.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { AppError, notFound } from '../../http/errors.js';
import type { ScimMapping } from '../../shared/scim.js';
import { ROLES, type Role } from '../../shared/roles.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UserService } from '../users/users.service.js';
import {
  type EqFilter,
  invalidValue,
  memberInPath,
  type PatchOperation,
  ScimError,
  scimNotFound,
  asText,
} from './scim.protocol.js';
import { createScimRepository, type PersonRow } from './scim.repository.js';
import { createScimTokens, type ScimIdentity } from './scim.tokens.js';
import { applyPatch, fromResource, toTenureUser, type UserAttributes } from './scim.users.js';

/** The role of a person provisioned before any mapped group says otherwise, and of one who leaves the last. */
export const DEFAULT_ROLE: Role = 'viewer';

/** Highest wins: the order of ROLES (admin, cs_manager, csm, onboarding, sales, support, viewer). */
export const highestRole = (roles: readonly Role[]): Role | undefined =>
  roles.length ? roles.reduce((a, b) => (ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b)) : undefined;

/** Who SCIM changes are audited as: the token, by name. */
export const scimActor = (token: ScimIdentity): Actor => ({
  type: 'token',
  id: token.id,
  name: `SCIM: ${token.name}`,
  role: 'admin',
});

export interface GroupState {
  displayName: string;
  externalId: string | null;
  members: Set<string>;
}

type UsersDep = Pick<UserService, 'create' | 'update' | 'assignRoles'>;

/** A users-service refusal in SCIM's words. */
function scimRefusal(error: unknown): never {
  if (error instanceof AppError) {
    if (error.code === 'conflict') throw new ScimError(409, 'uniqueness', 'scim.uniqueness');
    if (error.code === 'last_admin') throw new ScimError(409, 'mutability', 'scim.lastAdmin');
    if (error.status === 400) throw invalidValue(String(error.issues?.[0]?.path?.at(-1) ?? 'password'));
  }
  throw error;
}

export function createScimService({
  db,
  clock,
  audit,
  users,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  users: UsersDep;
}) {
  const repo = createScimRepository(db);
  const tokens = createScimTokens({ db, clock, audit, repo });

  const attributesOf = (row: PersonRow): UserAttributes => ({
    userName: row.user_name,
    externalId: row.external_id,
    givenName: row.given_name,
    familyName: row.family_name,
    formatted: null,
    // The name Tenure shows is kept as displayName only when it is not just the parts joined, so a new
    // givenName or familyName shows in it.
    displayName: row.name === [row.given_name, row.family_name].filter(Boolean).join(' ') ? null : row.name,
    email: row.email,
    active: row.active,
  });

  async function highestMapped(trx: Transaction<DB>, ids: readonly string[]) {
    const rows = await repo.mappedRoles(trx, ids);
    const roles = new Map<string, Role[]>();
    for (const row of rows) roles.set(row.user_id, [...(roles.get(row.user_id) ?? []), row.role]);
    return new Map([...roles].map(([id, list]) => [id, highestRole(list)!]));
  }

  /**
   * After a change to groups or mappings: a person whose highest mapped role changed takes the new one; one
   * who left the last mapped group falls back to DEFAULT_ROLE. Nobody else is touched (an admin's choice
   * for a person in no mapped group stays).
   */
  async function followGroups(trx: Transaction<DB>, actor: Actor, ids: readonly string[], before: Map<string, Role>) {
    const after = await highestMapped(trx, ids);
    const assignments: { id: string; role: Role }[] = [];
    for (const id of ids) {
      const was = before.get(id);
      const now = after.get(id);
      if (was === now) continue;
      assignments.push({ id, role: now ?? DEFAULT_ROLE });
    }
    try {
      await users.assignRoles(actor, assignments, trx);
    } catch (error) {
      scimRefusal(error);
    }
  }

  async function writeUser(actor: Actor, id: string, attrs: UserAttributes) {
    const current = await repo.person(db, id);
    if (!current) throw scimNotFound('User', id);
    const wanted = toTenureUser(attrs);
    if ((await repo.taken(db, attrs.userName, wanted.email, id)).length)
      throw new ScimError(409, 'uniqueness', 'scim.uniqueness');
    const patch: Parameters<UsersDep['update']>[2] = {};
    if (wanted.email.toLowerCase() !== current.email.toLowerCase()) patch.email = wanted.email;
    if (wanted.name !== current.name) patch.name = wanted.name;
    if (attrs.active !== current.active) patch.active = attrs.active;
    if (attrs.password) patch.password = attrs.password;
    if (Object.keys(patch).length) await users.update(actor, id, patch).catch(scimRefusal);
    await saveScim(actor, id, attrs, current);
  }

  async function saveScim(actor: Actor, id: string, attrs: UserAttributes, before?: PersonRow) {
    const row = {
      user_id: id,
      user_name: attrs.userName,
      external_id: attrs.externalId,
      given_name: attrs.givenName,
      family_name: attrs.familyName,
    };
    await db.transaction().execute(async (trx) => {
      await repo.saveScimUser(trx, row).catch(scimRefusal);
      await audit.record(trx, actor, {
        action: before ? 'update' : 'create',
        entity: 'scim_user',
        entityId: id,
        before: before && {
          userName: before.user_name,
          externalId: before.external_id,
          givenName: before.given_name,
          familyName: before.family_name,
        },
        after: {
          userName: row.user_name,
          externalId: row.external_id,
          givenName: row.given_name,
          familyName: row.family_name,
        },
      });
    });
  }

  async function groupsByUser(ids: readonly string[]) {
    const rows = await repo.groupsOf(db, ids);
    const map = new Map<string, { id: string; displayName: string }[]>();
    for (const row of rows)
      map.set(row.user_id, [...(map.get(row.user_id) ?? []), { id: row.id, displayName: row.display_name }]);
    return map;
  }

  async function membersByGroup(ids: readonly string[]) {
    const rows = await repo.members(db, ids);
    const map = new Map<string, { id: string; name: string }[]>();
    for (const row of rows) map.set(row.group_id, [...(map.get(row.group_id) ?? []), { id: row.id, name: row.name }]);
    return map;
  }

  /** Creates, changes (or with `remove`, deletes) a group and follows the roles in one transaction. */
  async function writeGroup(
    actor: Actor,
    id: string | undefined,
    change: ((state: GroupState) => void) | 'remove',
  ): Promise<string> {
    return db.transaction().execute(async (trx) => {
      const existing = id ? await repo.group(trx, id, true) : undefined;
      if (id && !existing) throw scimNotFound('Group', id);
      const members = existing ? (await repo.members(trx, [existing.id])).map((m) => m.id) : [];
      const before: GroupState = {
        displayName: existing?.display_name ?? '',
        externalId: existing?.external_id ?? null,
        members: new Set(members),
      };
      const after: GroupState = { ...before, members: new Set(members) };
      if (change === 'remove') after.members.clear();
      else change(after);

      if (change !== 'remove') {
        if (!after.displayName.trim()) throw invalidValue('displayName');
        if (await repo.groupNamed(trx, after.displayName, existing?.id))
          throw new ScimError(409, 'uniqueness', 'scim.groupUniqueness');
        const known = await repo.knownPeople(trx, [...after.members]);
        const unknown = [...after.members].find((m) => !before.members.has(m) && !known.has(m));
        if (unknown !== undefined)
          throw new ScimError(400, 'invalidValue', 'scim.unknownMember', { id: unknown.slice(0, 100) });
      }
      const added = [...after.members].filter((m) => !before.members.has(m));
      const removed = [...before.members].filter((m) => !after.members.has(m));
      const renamed = before.displayName.toLowerCase() !== after.displayName.toLowerCase();
      const affected =
        renamed || change === 'remove' ? [...new Set([...before.members, ...after.members])] : [...added, ...removed];
      const roles = await highestMapped(trx, affected);

      let groupId = existing?.id;
      if (change === 'remove') await repo.deleteGroup(trx, existing!.id);
      else {
        const values = { display_name: after.displayName.trim(), external_id: after.externalId };
        groupId = existing
          ? (await repo.updateGroup(trx, existing.id, values)).id
          : (await repo.insertGroup(trx, values)).id;
        await repo.setMembers(trx, groupId, added, removed);
      }
      await followGroups(trx, actor, affected, roles);
      const view = (s: GroupState) => ({
        displayName: s.displayName,
        externalId: s.externalId,
        members: [...s.members],
      });
      await audit.record(trx, actor, {
        action: change === 'remove' ? 'delete' : existing ? 'update' : 'create',
        entity: 'scim_group',
        entityId: groupId!,
        before: existing ? view(before) : null,
        after: change === 'remove' ? null : view(after),
      });
      return groupId!;
    });
  }

  /** Member ids of a `members` value: [{ value: id }, …]. */
  function memberIds(value: unknown, attribute = 'members'): string[] {
    const list = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
    return list.map((m) => {
      const id = (m as { value?: unknown } | null)?.value;
      if (typeof id !== 'string' || !id) throw invalidValue(attribute);
      return id;
    });
  }

  function applyGroupOperation(state: GroupState, operation: PatchOperation, index: number) {
    const { op, value } = operation;
    const path = operation.path?.trim();
    if (!path) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalidValue(`Operations[${index}].value`);
      for (const [key, inner] of Object.entries(value as Record<string, unknown>))
        applyGroupOperation(state, { op, path: key, value: inner }, index);
      return;
    }
    const one = memberInPath(path);
    if (one !== undefined) {
      if (op !== 'remove') throw new ScimError(400, 'invalidPath', 'scim.invalidPath', { path: path.slice(0, 200) });
      state.members.delete(one);
      return;
    }
    switch (path.toLowerCase()) {
      case 'displayname':
        if (op === 'remove') throw new ScimError(400, 'mutability', 'scim.required', { attribute: 'displayName' });
        state.displayName = asText(value, 'displayName', { nullable: false })!;
        return;
      case 'externalid':
        state.externalId = op === 'remove' ? null : asText(value, 'externalId');
        return;
      case 'members': {
        const ids = memberIds(value);
        if (op === 'add') for (const id of ids) state.members.add(id);
        else if (op === 'replace') state.members = new Set(ids);
        else if (value === undefined) state.members.clear();
        else for (const id of ids) state.members.delete(id);
        return;
      }
      case 'id':
      case 'schemas':
      case 'meta':
        return;
      default:
        throw new ScimError(400, 'invalidPath', 'scim.invalidPath', { path: path.slice(0, 200) });
    }
  }

  function groupFromResource(body: unknown): GroupState {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new ScimError(400, 'invalidSyntax', 'scim.notAnObject');
    const resource = body as Record<string, unknown>;
    return {
      displayName: asText(resource.displayName, 'displayName', { nullable: false })!,
      externalId: asText(resource.externalId, 'externalId'),
      members: new Set(memberIds(resource.members)),
    };
  }

  return {
    // The protocol ---------------------------------------------------------------------------------------
    ...tokens,
    logRequest: repo.logRequest,

    async listUsers(filter: EqFilter | undefined, startIndex: number, count: number) {
      const { rows, total } = await repo.listPeople(filter, startIndex, count);
      const groups = await groupsByUser(rows.map((r) => r.id));
      return { total, items: rows.map((row) => ({ row, groups: groups.get(row.id) ?? [] })) };
    },

    async getUser(id: string) {
      const row = await repo.person(db, id);
      if (!row) throw scimNotFound('User', id);
      return { row, groups: (await groupsByUser([id])).get(id) ?? [] };
    },

    /** POST /Users: a new person (role DEFAULT_ROLE until a mapped group says otherwise), or one deleted before, again. */
    async createUser(actor: Actor, body: unknown) {
      const attrs = fromResource(body);
      const wanted = toTenureUser(attrs);
      const deleted = await repo.deletedByUserName(db, attrs.userName);
      if (deleted) {
        await repo.saveScimUser(db, {
          user_id: deleted.user_id,
          user_name: attrs.userName,
          external_id: attrs.externalId,
          given_name: attrs.givenName,
          family_name: attrs.familyName,
        });
        await writeUser(actor, deleted.user_id, attrs);
        return deleted.user_id;
      }
      if ((await repo.taken(db, attrs.userName, wanted.email)).length)
        throw new ScimError(409, 'uniqueness', 'scim.uniqueness');
      const user = await users
        .create(actor, { ...wanted, role: DEFAULT_ROLE, password: attrs.password, locale: null })
        .catch(scimRefusal);
      if (!attrs.active) await users.update(actor, user.id, { active: false }).catch(scimRefusal);
      await saveScim(actor, user.id, attrs);
      return user.id;
    },

    async replaceUser(actor: Actor, id: string, body: unknown) {
      const current = await repo.person(db, id);
      if (!current) throw scimNotFound('User', id);
      await writeUser(actor, id, fromResource(body, attributesOf(current)));
    },

    async patchUser(actor: Actor, id: string, operations: readonly PatchOperation[]) {
      const current = await repo.person(db, id);
      if (!current) throw scimNotFound('User', id);
      await writeUser(actor, id, applyPatch(attributesOf(current), operations));
    },

    /**
     * DELETE /Users/:id deactivates: the person can no longer sign in and their sessions end, while the user
     * row stays so the accounts, CTAs and history they own keep their owner. SCIM no longer shows them.
     */
    async deleteUser(actor: Actor, id: string) {
      const current = await repo.person(db, id);
      if (!current) throw scimNotFound('User', id);
      if (current.active) await users.update(actor, id, { active: false }).catch(scimRefusal);
      await db.transaction().execute(async (trx) => {
        await repo.markDeleted(trx, { user_id: id, user_name: current.user_name });
        await audit.record(trx, actor, {
          action: 'delete',
          entity: 'scim_user',
          entityId: id,
          before: { userName: current.user_name },
        });
      });
    },

    async listGroups(filter: EqFilter | undefined, startIndex: number, count: number, withMembers: boolean) {
      const { rows, total } = await repo.listGroups(filter, startIndex, count);
      const members = withMembers ? await membersByGroup(rows.map((r) => r.id)) : new Map();
      return {
        total,
        items: rows.map((row) => ({ row, members: withMembers ? (members.get(row.id) ?? []) : undefined })),
      };
    },

    async getGroup(id: string) {
      const row = await repo.group(db, id);
      if (!row) throw scimNotFound('Group', id);
      return { row, members: (await membersByGroup([id])).get(id) ?? [] };
    },

    createGroup: (actor: Actor, body: unknown) => {
      const wanted = groupFromResource(body);
      return writeGroup(actor, undefined, (state) => Object.assign(state, wanted));
    },
    replaceGroup: (actor: Actor, id: string, body: unknown) => {
      const wanted = groupFromResource(body);
      return writeGroup(actor, id, (state) => Object.assign(state, wanted));
    },
    patchGroup: (actor: Actor, id: string, operations: readonly PatchOperation[]) =>
      writeGroup(actor, id, (state) => {
        for (const [index, operation] of operations.entries()) applyGroupOperation(state, operation, index);
      }),
    deleteGroup: (actor: Actor, id: string) => writeGroup(actor, id, 'remove'),

    // Settings -------------------------------------------------------------------------------------------
    async status() {
      const [tokens, mappings, groups, provisionedUsers, recentRequests] = await Promise.all([
        repo.listTokens(),
        repo.mappings(),
        repo.groupSummaries(),
        repo.provisionedUsers(),
        repo.recentRequests(20),
      ]);
      return {
        tokens,
        mappings: mappings.map((m) => ({ group: m.group_name, role: m.role })),
        groups: groups.map((g) => ({ id: g.id, displayName: g.display_name, members: Number(g.members) })),
        provisionedUsers,
        recentRequests,
      };
    },

    /** Replaces the group → role mappings; the members of every group named before or after follow at once. */
    async setMappings(actor: Actor, mappings: readonly ScimMapping[]) {
      const unique = new Map<string, ScimMapping>();
      for (const m of mappings) if (!unique.has(m.group.toLowerCase())) unique.set(m.group.toLowerCase(), m);
      return db.transaction().execute(async (trx) => {
        const before = await repo.mappings(trx);
        const names = [...new Set([...before.map((m) => m.group_name), ...[...unique.values()].map((m) => m.group)])];
        const affected = await repo.membersOfGroupsNamed(trx, names);
        const roles = await highestMapped(trx, affected);
        await repo.replaceMappings(
          trx,
          [...unique.values()].map((m) => ({ group_name: m.group, role: m.role })),
        );
        await followGroups(trx, actor, affected, roles);
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'scim_mappings',
          entityId: null,
          before: { mappings: before },
          after: { mappings: [...unique.values()] },
        });
        return { mappings: [...unique.values()] };
      });
    },
  };
}

export type ScimService = ReturnType<typeof createScimService>;
export type { ScimIdentity };
