import { AppError } from '../../http/errors.js';
import { CSRF_COOKIE, SESSION_COOKIE, assertSameOrigin } from '../../http/auth.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { authApi } from '../../shared/auth.js';
import type { UserService } from '../users/users.service.js';
import type { AuthService } from './auth.service.js';

export interface AuthRouteOptions {
  auth: AuthService;
  users: Pick<UserService, 'get' | 'updateOwn'>;
  cookieSecure: boolean;
  sessionDays: number;
  publicUrl?: string;
  /** Told to the web app with the caller's profile (src/shared/auth.ts). */
  organisation: { currency: string; timeZone: string };
}

export function authRoutes(
  app: App,
  { auth, users, cookieSecure, sessionDays, publicUrl, organisation }: AuthRouteOptions,
) {
  const cookie = { path: '/', sameSite: 'lax' as const, secure: cookieSecure };

  // Limited per address and per email by the auth service (login-limit.ts), in the database.
  route(app, authApi.login, {
    access: 'public',
    tags: ['auth'],
    handler: async (request, reply) => {
      assertSameOrigin(request, publicUrl);
      // request.ip is the socket's address unless TENURE_TRUST_PROXY names the proxy in front.
      const session = await auth.login(request.body.email, request.body.password, request.ip);
      if (!session) throw new AppError(401, 'invalid_credentials', 'errors.invalidCredentials');
      // Max-Age, not Expires: the browser's clock decides, so a server running on a fixed
      // TENURE_NOW (demos, time travel) still hands out cookies the browser keeps.
      const maxAge = sessionDays * 86_400;
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookie, httpOnly: true, maxAge });
      reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false, maxAge });
      const { user } = session;
      return {
        id: user.id,
        type: 'user' as const,
        name: user.name,
        role: user.role,
        email: user.email,
        locale: user.locale,
        organisation,
        csrfToken: session.csrfToken,
      };
    },
  });

  route(app, authApi.logout, {
    access: 'read',
    tags: ['auth'],
    handler: async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token);
      reply.clearCookie(SESSION_COOKIE, cookie).clearCookie(CSRF_COOKIE, cookie);
      return { ok: true as const };
    },
  });

  route(app, authApi.me, {
    access: 'read',
    tags: ['auth'],
    handler: async (request) => {
      const { actor } = request;
      const user = actor.type === 'user' && actor.id ? await users.get(actor.id) : undefined;
      return {
        id: actor.id,
        type: actor.type,
        name: actor.name,
        role: actor.role,
        email: user?.email ?? null,
        locale: user?.locale ?? null,
        organisation,
      };
    },
  });

  route(app, authApi.updateMe, {
    access: 'read',
    tags: ['auth'],
    summary: 'Change your own name, language or password',
    handler: async (request) => {
      const user = await users.updateOwn(request.actor, request.body);
      return {
        id: user.id,
        type: 'user' as const,
        name: user.name,
        role: user.role,
        email: user.email,
        locale: user.locale,
        organisation,
      };
    },
  });

  route(app, authApi.tokens, {
    access: 'admin',
    tags: ['tokens'],
    handler: async () => ({ items: await auth.listTokens() }),
  });

  route(app, authApi.createToken, {
    access: 'admin',
    tags: ['tokens'],
    handler: (request) => auth.createToken(request.actor, request.body),
  });

  route(app, authApi.revokeToken, {
    access: 'admin',
    tags: ['tokens'],
    handler: async (request) => {
      await auth.revokeToken(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
}
