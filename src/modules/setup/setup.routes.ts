import { AppError } from '../../http/errors.js';
import { CSRF_COOKIE, SESSION_COOKIE, assertSameOrigin } from '../../http/auth.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { setupApi } from '../../shared/setup.js';
import type { AuthService } from '../auth/auth.service.js';
import type { SetupService } from './setup.service.js';

export interface SetupRouteOptions {
  setup: SetupService;
  auth: Pick<AuthService, 'login'>;
  cookieSecure: boolean;
  sessionDays: number;
  publicUrl?: string;
}

/** First-start setup (docs/api.md): public, authenticated by the one-time token the server printed. */
export function setupRoutes(app: App, { setup, auth, cookieSecure, sessionDays, publicUrl }: SetupRouteOptions) {
  const cookie = { path: '/', sameSite: 'lax' as const, secure: cookieSecure };

  route(app, setupApi.check, {
    access: 'public',
    rateLimit: { max: 30, timeWindow: 60_000 },
    tags: ['auth'],
    summary:
      'Whether a first-start setup link can be used: ok, done (an admin exists) or invalid (wrong, used or expired)',
    handler: async (request) => ({ state: await setup.check(request.query.token) }),
  });

  // Guessing a 256-bit token is hopeless; the limit keeps the attempts from costing anything either.
  route(app, setupApi.complete, {
    access: 'public',
    rateLimit: { max: 10, timeWindow: 60_000 },
    tags: ['auth'],
    summary:
      'Create the first admin with the setup token printed at the first start, and sign in; refused once any admin exists',
    handler: async (request, reply) => {
      assertSameOrigin(request, publicUrl);
      const { token, name, email, password, locale } = request.body;
      const user = await setup.complete({ token, name, email, password, locale });
      const session = await auth.login(user.email, password, request.ip);
      if (!session) throw new AppError(500, 'internal', 'errors.internal');
      const maxAge = sessionDays * 86_400;
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookie, httpOnly: true, maxAge });
      reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false, maxAge });
      return { id: user.id, name: user.name, email: user.email, role: 'admin' as const, csrfToken: session.csrfToken };
    },
  });
}
