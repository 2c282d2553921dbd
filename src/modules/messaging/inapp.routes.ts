import type { FastifyReply } from 'fastify';
import { AppError, notFound } from '../../http/errors.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { inAppEventSchema, inAppIdentitySchema, inappApi } from '../../shared/inapp.js';
import { IN_APP_SNIPPET } from './inapp.snippet.js';
import type { MessagingService } from './messaging.service.js';

/** Per address and process: a page asks once per load, plus an event per message shown. */
const rateLimit = { max: 120, timeWindow: 60_000 };

/** Any page may call these: the signed user id is the authentication, never a cookie. */
function openToAnyOrigin(reply: FastifyReply) {
  reply
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('cache-control', 'no-store');
}

/**
 * The in-app channel (docs/inapp.md): the snippet at /inapp.js, its public endpoints under /v1/inapp
 * (CORS-enabled, rate-limited, authenticated by the signed user id), and the admin's secret.
 */
export function inAppRoutes(app: App, { messaging }: { messaging: MessagingService }, publicUrl: string) {
  const { inApp } = messaging;
  const scriptUrl = `${publicUrl.replace(/\/+$/, '')}/inapp.js`;
  route(app, inappApi.settings, {
    access: 'admin',
    tags: ['messaging'],
    summary: 'The in-app snippet: where it is served and whether its secret is set (never the secret)',
    handler: async () => ({ secretSet: await inApp.secretSet(), scriptUrl }),
  });
  route(app, inappApi.rotateSecret, {
    access: 'admin',
    tags: ['messaging'],
    summary: 'Make a new in-app secret, shown this once; the old one stops working (audited)',
    handler: async (request) => ({ secret: await inApp.rotateSecret(request.actor) }),
  });

  app.get('/inapp.js', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('cache-control', 'public, max-age=300')
      .type('application/javascript; charset=utf-8')
      .send(IN_APP_SNIPPET),
  );

  app.register(async (plain) => {
    const scope = plain as unknown as App;
    // The snippet posts JSON as text/plain: a "simple" request, so browsers send no CORS preflight.
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError(400, 'invalid_json', 'errors.invalidJson'), undefined);
      }
    });
    scope.addHook('onRequest', async (_request, reply) => openToAnyOrigin(reply));
    scope.options('/v1/inapp/*', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', 'Content-Type')
        .header('access-control-max-age', '86400')
        .status(204)
        .send(),
    );
    const unauthorized = () => new AppError(401, 'unauthorized', 'errors.inAppUnauthorized');
    const config = { access: 'public' as const, rateLimit };

    scope.post('/v1/inapp/messages', { config, schema: { hide: true, body: inAppIdentitySchema } }, async (request) => {
      const contacts = await inApp.contactsOf(request.body);
      if (!contacts) throw unauthorized();
      return { messages: await inApp.pending(contacts) };
    });
    scope.post('/v1/inapp/events', { config, schema: { hide: true, body: inAppEventSchema } }, async (request) => {
      const contacts = await inApp.contactsOf(request.body);
      if (!contacts) throw unauthorized();
      const { sendId, type, url } = request.body;
      if (!(await inApp.record(contacts, sendId, type, url))) throw notFound('messageSend');
      return { ok: true };
    });
  });
}
