import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CSRF_COOKIE, SESSION_COOKIE, assertSameOrigin } from '../../http/auth.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { ssoApi } from '../../shared/sso.js';
import { SsoRefusal, type SsoService } from './sso.service.js';

/** Binds a started sign-in to the browser that started it: the callback must come back with the same state. */
export const SSO_STATE_COOKIE = 'tenure_sso_state';
export const SSO_CALLBACK_PATH = '/api/auth/sso/callback';

export interface SsoRouteOptions {
  sso: SsoService;
  cookieSecure: boolean;
  sessionDays: number;
  publicUrl?: string;
}

export function ssoRoutes(app: App, { sso, cookieSecure, sessionDays, publicUrl }: SsoRouteOptions) {
  const cookie = { path: '/', sameSite: 'lax' as const, secure: cookieSecure };
  // The address the identity provider sends people back to: TENURE_PUBLIC_URL's when set (behind a proxy),
  // else the one this request came to.
  const base = (request: FastifyRequest) => (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
  const redirectUrl = (request: FastifyRequest) => `${base(request)}${SSO_CALLBACK_PATH}`;

  route(app, ssoApi.status, {
    access: 'public',
    tags: ['auth'],
    summary: 'Whether single sign-on is offered on the sign-in page',
    handler: () => sso.status(),
  });

  route(app, ssoApi.start, {
    access: 'public',
    tags: ['auth'],
    summary: 'Start signing in with single sign-on: the identity provider address to send the browser to',
    rateLimit: { max: 30, timeWindow: 60_000 },
    handler: async (request, reply) => {
      assertSameOrigin(request, publicUrl);
      const { url, state } = await sso.start({ email: request.body.email, redirectUrl: redirectUrl(request) });
      reply.setCookie(SSO_STATE_COOKIE, state, { ...cookie, httpOnly: true, maxAge: 600 });
      return { url };
    },
  });

  // A redirect, not JSON: registered by hand (test/contract.test.ts, NOT_JSON). Public: the identity
  // provider sends the browser here; the state cookie, the stored nonce and PKCE verifier authenticate it.
  app.get(SSO_CALLBACK_PATH, {
    config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'],
      summary: 'Where the identity provider sends the browser back; signs in and redirects into the app',
      querystring: z.record(z.string(), z.string().max(4000)),
    },
    handler: async (request, reply) => {
      const currentUrl = new URL(request.url, `${base(request)}/`);
      // The URL the provider redirected to is the registered one: compare against it, not the Host header.
      const callbackUrl = new URL(redirectUrl(request));
      callbackUrl.search = currentUrl.search;
      reply.clearCookie(SSO_STATE_COOKIE, cookie);
      try {
        const session = await sso.callback({
          currentUrl: callbackUrl,
          browserState: request.cookies[SSO_STATE_COOKIE],
        });
        const maxAge = sessionDays * 86_400;
        reply.setCookie(SESSION_COOKIE, session.token, { ...cookie, httpOnly: true, maxAge });
        reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false, maxAge });
        return reply.redirect('/', 302);
      } catch (error) {
        if (!(error instanceof SsoRefusal)) throw error;
        request.log.warn({ sso: error.code, detail: error.detail }, 'single sign-on refused');
        return reply.redirect(`/sign-in?sso_error=${error.code}`, 302);
      }
    },
  });

  route(app, ssoApi.config, {
    access: 'admin',
    tags: ['settings'],
    summary: 'Single sign-on settings (the client secret is never shown back)',
    handler: (request) => sso.config(redirectUrl(request)),
  });

  route(app, ssoApi.updateConfig, {
    access: 'admin',
    tags: ['settings'],
    handler: (request) => sso.updateConfig(request.actor, request.body, redirectUrl(request)),
  });

  route(app, ssoApi.test, {
    access: 'admin',
    tags: ['settings'],
    summary: "Fetch the issuer's discovery document and say what was found",
    handler: (request) => sso.test(request.body.issuerUrl),
  });
}
