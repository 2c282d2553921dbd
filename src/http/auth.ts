import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { TableChanges } from '../db/table-changes.js';
import type { Locale } from '../i18n/index.js';
import type { Actor } from '../modules/audit/actor.js';
import { type Access, can } from '../shared/roles.js';
import { AppError, forbidden, unauthorized } from './errors.js';

export const SESSION_COOKIE = 'tenure_session';
export const CSRF_COOKIE = 'tenure_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; every /api route must say (a test walks them all). */
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyInstance {
    defaultLocale: Locale;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie sessions are SameSite=Lax; on top, a state-changing request must come from our own
 * origin (when the browser says where from) and echo the CSRF token it was given at sign-in.
 */
export function assertSameOrigin(request: FastifyRequest, publicUrl?: string) {
  const origin = request.headers.origin;
  if (!origin) return;
  const allowed = new Set([request.headers.host, publicUrl ? new URL(publicUrl).host : undefined].filter(Boolean));
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError(403, 'csrf', 'errors.csrf');
  }
  if (!allowed.has(host)) throw new AppError(403, 'csrf', 'errors.csrf');
}

/**
 * What the hook needs of the auth service (src/modules/auth), named here so src/http does not import a
 * module that imports src/http back (a module cycle, .dependency-cruiser.cjs).
 */
export interface ActorLookup {
  /** The person behind a session cookie, with the CSRF token the session was given and its end. */
  sessionActor(token: string): Promise<(Actor & { csrfToken: string | null; expiresAt: Date }) | undefined>;
  /** The API token behind a bearer secret. */
  tokenActor(token: string): Promise<Actor | undefined>;
}

/** The tables a session's person is read from: any write to them drops every session kept in memory. */
const SESSION_TABLES = ['sessions', 'users'];

/**
 * The sessions behind the cookies of the last few thousand requests, kept while neither the sessions nor the
 * users table has changed since they were read (src/db/table-changes.ts: here or in any other process) and
 * the session lasts: every API request looked its session up in the database. A sign-out, a deactivation
 * or a role change is a write to those tables, so the very next request reads the session again.
 */
function rememberSessions(auth: ActorLookup, changes: TableChanges, now: () => Date): ActorLookup['sessionActor'] {
  type Session = NonNullable<Awaited<ReturnType<ActorLookup['sessionActor']>>>;
  const kept = new LRUCache<string, { session: Session; since: number }>({ max: 10_000 });
  return async (token) => {
    const key = createHash('sha256').update(token).digest('base64url');
    const hit = kept.get(key);
    if (hit && changes.unchangedSince(SESSION_TABLES, hit.since) && hit.session.expiresAt > now()) return hit.session;
    const since = changes.now();
    const session = await auth.sessionActor(token);
    if (session && changes.unchangedSince(SESSION_TABLES, since)) kept.set(key, { session, since });
    else kept.delete(key);
    return session;
  };
}

export function installAuth(
  app: FastifyInstance,
  auth: ActorLookup,
  options: { publicUrl?: string; sessions?: { changes: TableChanges; now: () => Date } } = {},
) {
  const { publicUrl } = options;
  const sessionActor = options.sessions
    ? rememberSessions(auth, options.sessions.changes, options.sessions.now)
    : (token: string) => auth.sessionActor(token);
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access ?? (request.url.startsWith('/api/') ? 'admin' : 'public');
    if (access === 'public') return;

    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const actor = await auth.tokenActor(bearer.trim());
      if (!actor) throw unauthorized();
      request.actor = actor;
    } else {
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await sessionActor(token) : undefined;
      if (!session) throw unauthorized();
      if (!SAFE_METHODS.has(request.method)) {
        assertSameOrigin(request, publicUrl);
        if (request.headers[CSRF_HEADER] !== session.csrfToken) throw new AppError(403, 'csrf', 'errors.csrf');
      }
      const { csrfToken: _csrf, expiresAt: _end, ...actor } = session;
      request.actor = actor;
    }
    if (!can(request.actor.role, access)) throw forbidden(request.actor.role);
  });
}
