import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { CSRF_COOKIE, SESSION_COOKIE, assertSameOrigin } from '../../http/auth.js';
import { type App, idParams, okResponse } from '../../http/types.js';
import { passwordSchema } from '../../shared/passwords.js';
import { ROLES } from '../../shared/roles.js';
import type { UserService } from '../users/users.service.js';
import type { AuthService } from './auth.service.js';

const meSchema = z.object({
  id: z.string().nullable(),
  type: z.enum(['user', 'token', 'system', 'cli']),
  name: z.string(),
  role: z.enum(ROLES),
  email: z.string().nullable(),
  locale: z.enum(['zh-CN', 'en']).nullable(),
});

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  prefix: z.string(),
  created_at: z.date(),
  last_used_at: z.date().nullable().optional(),
  revoked_at: z.date().nullable().optional(),
});

export interface AuthRouteOptions {
  auth: AuthService;
  users: Pick<UserService, 'get' | 'updateOwn'>;
  cookieSecure: boolean;
  sessionDays: number;
  publicUrl?: string;
}

export function authRoutes(app: App, { auth, users, cookieSecure, sessionDays, publicUrl }: AuthRouteOptions) {
  const cookie = { path: '/', sameSite: 'lax' as const, secure: cookieSecure };

  app.post('/api/auth/login', {
    // Limited per address and per email by the auth service (login-limit.ts), in the database.
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      body: z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(200) }),
      response: { 200: meSchema.extend({ csrfToken: z.string() }) },
    },
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
        csrfToken: session.csrfToken,
      };
    },
  });

  app.post('/api/auth/logout', {
    config: { access: 'read' },
    schema: { tags: ['auth'], response: { 200: okResponse } },
    handler: async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token);
      reply.clearCookie(SESSION_COOKIE, cookie).clearCookie(CSRF_COOKIE, cookie);
      return { ok: true as const };
    },
  });

  app.get('/api/auth/me', {
    config: { access: 'read' },
    schema: { tags: ['auth'], response: { 200: meSchema } },
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
      };
    },
  });

  app.patch('/api/auth/me', {
    config: { access: 'read' },
    schema: {
      tags: ['auth'],
      summary: 'Change your own name, language or password',
      body: z.object({
        name: z.string().trim().min(1).max(200).optional(),
        locale: z.enum(['zh-CN', 'en']).nullable().optional(),
        currentPassword: z.string().max(200).optional(),
        newPassword: passwordSchema.optional(),
      }),
      response: { 200: meSchema },
    },
    handler: async (request) => {
      const user = await users.updateOwn(request.actor, request.body);
      return {
        id: user.id,
        type: 'user' as const,
        name: user.name,
        role: user.role,
        email: user.email,
        locale: user.locale,
      };
    },
  });

  app.get('/api/tokens', {
    config: { access: 'admin' },
    schema: { tags: ['tokens'], response: { 200: z.object({ items: z.array(tokenSchema) }) } },
    handler: async () => ({ items: await auth.listTokens() }),
  });

  app.post('/api/tokens', {
    config: { access: 'admin' },
    schema: {
      tags: ['tokens'],
      body: z.object({ name: z.string().trim().min(1).max(200), role: z.enum(ROLES) }),
      response: { 201: tokenSchema.extend({ token: z.string() }) },
    },
    handler: async (request, reply) => reply.status(201).send(await auth.createToken(request.actor, request.body)),
  });

  app.delete('/api/tokens/:id', {
    config: { access: 'admin' },
    schema: { tags: ['tokens'], params: idParams, response: { 200: okResponse } },
    handler: async (request) => {
      await auth.revokeToken(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
}
