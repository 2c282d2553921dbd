import { z } from 'zod';
import { translator } from '../../i18n/index.js';
import type { App } from '../../http/types.js';
import { escapeHtml } from './templates.js';
import type { MessagingService } from './messaging.service.js';

/** 1×1 transparent GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const tokenQuery = z.object({ t: z.string().min(10).max(8000) });

/** A small page in both languages (the recipient's language is not known to a link). */
function page(body: (t: ReturnType<typeof translator>) => string) {
  const parts = (['zh-CN', 'en'] as const).map((l) => `<section lang="${l}">${body(translator(l))}</section>`);
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Unsubscribe</title><style>body{font-family:sans-serif;max-width:560px;margin:48px auto;padding:0 16px}section{margin-bottom:32px}</style>
</head><body>${parts.join('<hr>')}</body></html>`;
}

/**
 * Links in customer messages, public (the signed token is the authentication), outside /api: the open
 * pixel, the click redirect, and the unsubscribe page (GET confirms, POST unsubscribes — RFC 8058's
 * one-click POST from mail clients, and the page's own button).
 */
export function messagingPublicRoutes(app: App, { messaging }: { messaging: MessagingService }) {
  app.register(async (plain) => {
    const scope = plain as unknown as App;
    // RFC 8058 POSTs "List-Unsubscribe=One-Click" as a form; the body says nothing more, so it is not read.
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'])
      if (!scope.hasContentTypeParser(type))
        scope.addContentTypeParser(type, { parseAs: 'string' }, (_request, _body, done) => done(null, {}));
      else {
        scope.removeContentTypeParser(type);
        scope.addContentTypeParser(type, { parseAs: 'string' }, (_request, _body, done) => done(null, {}));
      }
    const config = { access: 'public' as const };
    scope.get('/m/o', { config, schema: { hide: true, querystring: tokenQuery } }, async (request, reply) => {
      await messaging.trackOpen((request.query as { t: string }).t);
      return reply.header('cache-control', 'no-store').type('image/gif').send(PIXEL);
    });
    scope.get('/m/c', { config, schema: { hide: true, querystring: tokenQuery } }, async (request, reply) => {
      const url = await messaging.trackClick((request.query as { t: string }).t);
      if (!url) return reply.code(404).type('text/plain').send('Not found');
      return reply.header('cache-control', 'no-store').redirect(url, 302);
    });
    scope.get('/m/u', { config, schema: { hide: true, querystring: tokenQuery } }, async (request, reply) => {
      const token = (request.query as { t: string }).t;
      const valid = await messaging.isUnsubscribeToken(token);
      const html = page((t) =>
        valid
          ? `<h1>${escapeHtml(t('messaging.unsubscribePage.title'))}</h1><p>${escapeHtml(t('messaging.unsubscribePage.body'))}</p>
<form method="post"><button type="submit">${escapeHtml(t('messaging.unsubscribePage.confirm'))}</button></form>`
          : `<h1>${escapeHtml(t('messaging.unsubscribePage.invalid'))}</h1>`,
      );
      return reply
        .code(valid ? 200 : 404)
        .type('text/html; charset=utf-8')
        .send(html);
    });
    scope.post('/m/u', { config, schema: { hide: true, querystring: tokenQuery } }, async (request, reply) => {
      const done = await messaging.unsubscribe((request.query as { t: string }).t);
      const html = page(
        (t) =>
          `<h1>${escapeHtml(t(done ? 'messaging.unsubscribePage.done' : 'messaging.unsubscribePage.invalid'))}</h1>`,
      );
      return reply
        .code(done ? 200 : 404)
        .type('text/html; charset=utf-8')
        .send(html);
    });
  });
}
