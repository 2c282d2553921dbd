import { randomBytes } from 'node:crypto';
import * as argon2 from '@node-rs/argon2';
import type { Kysely, Transaction } from 'kysely';
import type { DB, User } from '../../db/types.js';
import { AppError, invalidField, notFound } from '../../http/errors.js';
import { passwordProblem } from '../../shared/passwords.js';
import type { Role } from '../../shared/roles.js';
import type { ProfilePatch } from '../../shared/auth.js';
import type { UserInput, UserPatch } from '../../shared/users.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

/** The API's input shapes (src/shared/users.ts); the CLI passes the same. */
export type NewUser = UserInput;
export type { UserPatch };
/** A directory (SCIM, docs/scim.md) may also change a person's address; the API's patch cannot. */
export type DirectoryPatch = UserPatch & { email?: string };

/** What the API shows of a user: never the password hash. */
export type PublicUser = Omit<User, 'password_hash'>;
export const publicUser = ({ password_hash: _hash, ...user }: User): PublicUser => user;

/** Password hashing; tests may watch it. */
export type PasswordHasher = Pick<typeof argon2, 'hash' | 'verify'>;

/** The policy (shared/passwords.ts) at the service, so the CLI and any other caller meet the API's rule. */
function assertPassword(password: string | undefined) {
  const problem = password === undefined ? undefined : passwordProblem(password);
  if (problem) throw invalidField(['password'], problem.key, problem.params);
}

/**
 * Ending someone's sessions, which the auth module owns (src/db/ownership.ts). Named here, not imported,
 * because auth depends on this service (sign-in checks the password here): src/services.ts passes auth's.
 */
export interface SessionEnder {
  /** Ends every session of the person, inside the caller's transaction. */
  endSessionsOf(trx: Transaction<DB>, userId: string): Promise<void>;
}

export function createUserService({
  db,
  audit,
  sessions,
  passwords = argon2,
}: {
  db: Kysely<DB>;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  sessions: SessionEnder;
  passwords?: PasswordHasher;
}) {
  const { hash, verify } = passwords;
  /**
   * A hash nobody's password matches, made with the same parameters as real ones: signing in as an
   * unknown (or inactive, or password-less) email verifies against it, so it costs what a wrong
   * password costs and the answer's timing does not tell which emails exist. Made once, on first use.
   */
  let dummyHash: Promise<string> | undefined;
  const dummy = () => (dummyHash ??= hash(randomBytes(24).toString('base64url')));

  const findByEmail = (email: string) =>
    db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();

  async function get(id: string) {
    const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!user) throw notFound('user');
    return user;
  }

  return {
    findByEmail,
    get,

    /**
     * The install's first admin (the earliest created admin still active): the one person who may still
     * sign in with a password where SSO is enforced for their domain (docs/sso.md, break-glass).
     */
    firstAdmin() {
      return db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('role', '=', 'admin')
        .where('active', '=', true)
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirst();
    },

    /** Notes a sign-in (auth's new session). */
    async recordSignIn(id: string, at: Date) {
      await db.updateTable('users').set({ last_login_at: at }).where('id', '=', id).execute();
    },

    async list() {
      const rows = await db.selectFrom('users').selectAll().orderBy('name').execute();
      return rows.map(publicUser);
    },

    /** Returns the user when the email and password match an active account. */
    async authenticate(email: string, password: string): Promise<User | undefined> {
      const user = await findByEmail(email);
      if (!user?.active || !user.password_hash) {
        await verify(await dummy(), password);
        return undefined;
      }
      return (await verify(user.password_hash, password)) ? user : undefined;
    },

    async create(actor: Actor, input: NewUser): Promise<PublicUser> {
      assertPassword(input.password);
      const password_hash = input.password ? await hash(input.password) : null;
      return db.transaction().execute(async (trx) => {
        const user = await trx
          .insertInto('users')
          .values({
            email: input.email.trim(),
            name: input.name.trim(),
            role: input.role,
            locale: input.locale ?? null,
            password_hash,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'user', entityId: user.id, after: user });
        return publicUser(user);
      });
    },

    /** A person's own profile: name and language, and a new password when the current one is given. */
    async updateOwn(actor: Actor, patch: ProfilePatch) {
      if (actor.type !== 'user' || !actor.id) throw notFound('user');
      const me = await get(actor.id);
      if (patch.newPassword !== undefined) {
        const ok =
          me.password_hash && patch.currentPassword ? await verify(me.password_hash, patch.currentPassword) : false;
        if (!ok) throw invalidField(['body', 'currentPassword'], 'errors.currentPassword');
      }
      return this.update(actor, actor.id, { name: patch.name, locale: patch.locale, password: patch.newPassword });
    },

    async update(actor: Actor, id: string, patch: DirectoryPatch): Promise<PublicUser> {
      assertPassword(patch.password);
      const password_hash = patch.password ? await hash(patch.password) : undefined;
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) throw notFound('user');
        const { password: _pw, ...fields } = patch;
        const after = await trx
          .updateTable('users')
          .set({ ...fields, ...(password_hash ? { password_hash } : {}), updated_at: new Date() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const admins = await trx
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('role', '=', 'admin')
          .where('active', '=', true)
          .executeTakeFirstOrThrow();
        // Only a change that takes away an admin can leave none (a team may be run from the CLI without one).
        const demoted = before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active);
        if (demoted && Number(admins.n) === 0) throw new AppError(409, 'last_admin', 'errors.lastAdmin');
        if (password_hash || patch.active === false) await sessions.endSessionsOf(trx, id);
        await audit.record(trx, actor, { action: 'update', entity: 'user', entityId: id, before, after });
        return publicUser(after);
      });
    },

    /**
     * Sets several people's roles at once (a directory's group → role mapping, docs/scim.md): one statement
     * per role, an audit row per person whose role changes, and the last-admin rule. In the caller's
     * transaction when given one, so the membership that caused it and the roles land together.
     */
    async assignRoles(actor: Actor, assignments: readonly { id: string; role: Role }[], trx?: Transaction<DB>) {
      const run = async (tx: Transaction<DB>) => {
        if (!assignments.length) return 0;
        const before = await tx
          .selectFrom('users')
          .selectAll()
          .where(
            'id',
            'in',
            assignments.map((a) => a.id),
          )
          .forUpdate()
          .execute();
        const wanted = new Map(assignments.map((a) => [a.id, a.role]));
        const changed = before.filter((user) => wanted.get(user.id) !== user.role);
        if (!changed.length) return 0;
        const byRole = new Map<Role, string[]>();
        for (const user of changed)
          byRole.set(wanted.get(user.id)!, [...(byRole.get(wanted.get(user.id)!) ?? []), user.id]);
        for (const [role, ids] of byRole)
          await tx.updateTable('users').set({ role, updated_at: new Date() }).where('id', 'in', ids).execute();
        if (changed.some((user) => user.role === 'admin' && user.active)) {
          const admins = await tx
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('role', '=', 'admin')
            .where('active', '=', true)
            .executeTakeFirstOrThrow();
          if (Number(admins.n) === 0) throw new AppError(409, 'last_admin', 'errors.lastAdmin');
        }
        await audit.recordMany(
          tx,
          actor,
          changed.map((user) => ({
            action: 'update',
            entity: 'user',
            entityId: user.id,
            before: { role: user.role },
            after: { role: wanted.get(user.id) },
          })),
        );
        return changed.length;
      };
      return trx ? run(trx) : db.transaction().execute(run);
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
