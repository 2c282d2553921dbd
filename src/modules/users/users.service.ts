import { randomBytes } from 'node:crypto';
import * as argon2 from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { DB, User } from '../../db/types.js';
import { AppError, invalidField, notFound } from '../../http/errors.js';
import { passwordProblem } from '../../shared/passwords.js';
import type { ProfilePatch } from '../../shared/auth.js';
import type { UserInput, UserPatch } from '../../shared/users.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

/** The API's input shapes (src/shared/users.ts); the CLI passes the same. */
export type NewUser = UserInput;
export type { UserPatch };

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

export function createUserService({
  db,
  audit,
  passwords = argon2,
}: {
  db: Kysely<DB>;
  audit: Pick<AuditService, 'record'>;
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

    async update(actor: Actor, id: string, patch: UserPatch): Promise<PublicUser> {
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
        if (password_hash || patch.active === false)
          await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        await audit.record(trx, actor, { action: 'update', entity: 'user', entityId: id, before, after });
        return publicUser(after);
      });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
