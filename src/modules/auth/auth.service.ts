import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB, User } from '../../db/types.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Role } from '../../shared/roles.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UserService } from '../users/users.service.js';
import { userRows } from '../users/users.read.js';
import { createLoginLimiter } from './login-limit.js';
import { digest, newSecret } from './secrets.js';
import { enforcedDomainOf } from './sso.repository.js';

export interface AuthDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  users: Pick<UserService, 'authenticate' | 'firstAdmin' | 'recordSignIn'>;
  sessionDays: number;
  /** Sign-in attempts per minute, per address and per email (TENURE_LOGIN_RATE_LIMIT). */
  loginRateLimit?: number;
}

export interface SessionActor extends Actor {
  csrfToken: string | null;
  /** When the session ends: a copy of it kept in memory (src/http/auth.ts) stops there too. */
  expiresAt: Date;
}

const TOKEN_PREFIX = 'tnr_';

/**
 * Ends every session of a person, in the caller's transaction: the users service calls it (through
 * src/services.ts) when a password changes or someone is deactivated.
 */
export async function endSessionsOf(trx: Transaction<DB>, userId: string) {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export function createAuthService({ db, clock, audit, users, sessionDays, loginRateLimit = 10 }: AuthDeps) {
  const limiter = createLoginLimiter({ db, limit: loginRateLimit });

  /** A new session for a person who proved who they are (password here, or single sign-on: sso.service.ts). */
  async function startSession(user: User) {
    const token = newSecret();
    const csrfToken = newSecret(18);
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + sessionDays * 86_400_000);
    await db
      .insertInto('sessions')
      .values({ token_hash: digest(token), user_id: user.id, csrf_token: csrfToken, expires_at: expiresAt })
      .execute();
    await users.recordSignIn(user.id, now);
    await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
    return { token, csrfToken, expiresAt, user };
  }

  return {
    startSession,

    /**
     * Signs in: returns a new session's secret and CSRF token, or undefined for wrong credentials.
     * Over the limit for the email or the address, answers 429 (the seconds to wait in its params)
     * without looking at the password.
     */
    async login(email: string, password: string, address?: string) {
      const wait = await limiter.take({ email, address });
      if (wait !== undefined) throw new AppError(429, 'rate_limited', 'errors.rateLimited', { seconds: wait });
      // SSO only for this domain (docs/sso.md): no password is checked, except the install's first admin's,
      // the break-glass way in when the identity provider is down or misconfigured.
      const domain = await enforcedDomainOf(db, email);
      if (domain && (await users.firstAdmin())?.email.toLowerCase() !== email.trim().toLowerCase())
        throw new AppError(403, 'sso_required', 'errors.ssoRequired', { domain });
      const user = await users.authenticate(email, password);
      if (!user) return undefined;
      await limiter.succeeded({ email, address });
      return startSession(user);
    },

    async logout(token: string) {
      await db.deleteFrom('sessions').where('token_hash', '=', digest(token)).execute();
    },

    async sessionActor(token: string): Promise<SessionActor | undefined> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin(userRows(db).as('u'), 'u.id', 'sessions.user_id')
        .select(['u.id', 'u.name', 'u.role', 'u.active', 'sessions.csrf_token', 'sessions.expires_at'])
        .where('sessions.token_hash', '=', digest(token))
        .executeTakeFirst();
      if (!row?.active || row.expires_at <= clock.now()) return undefined;
      return {
        type: 'user',
        id: row.id,
        name: row.name,
        role: row.role,
        csrfToken: row.csrf_token,
        expiresAt: row.expires_at,
      };
    },

    async tokenActor(token: string): Promise<Actor | undefined> {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', digest(token))
        .executeTakeFirst();
      if (!row || row.revoked_at) return undefined;
      const now = clock.now();
      // Last use to the minute is enough, and spares a write on every scripted request.
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
        await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
      }
      return { type: 'token', id: row.id, name: row.name, role: row.role };
    },

    listTokens() {
      return db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'role', 'prefix', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
        .orderBy('created_at', 'desc')
        .execute();
    },

    /** Creates an API token; its secret is returned this once and stored only as a digest. */
    async createToken(actor: Actor, input: { name: string; role: Role }) {
      const secret = `${TOKEN_PREFIX}${newSecret()}`;
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('api_tokens')
          .values({
            name: input.name.trim(),
            role: input.role,
            token_hash: digest(secret),
            prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
            created_by: userIdOf(actor),
          })
          .returning(['id', 'name', 'role', 'prefix', 'created_at'])
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'api_token', entityId: row.id, after: row });
        return { ...row, token: secret };
      });
    },

    async revokeToken(actor: Actor, id: string) {
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('api_tokens')
          .select(['id', 'name', 'role', 'revoked_at'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (!before) throw notFound('token');
        const after = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: before.revoked_at ?? clock.now() })
          .where('id', '=', id)
          .returning(['id', 'name', 'role', 'revoked_at'])
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'revoke', entity: 'api_token', entityId: id, before, after });
        return after;
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
