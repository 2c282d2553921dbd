import { AppError } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { MessagingService } from './messaging.service.js';

/** A raw message can carry attachments; larger ones are refused with 413. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
const RAW_TYPES = ['message/rfc822', 'application/octet-stream'];

/**
 * `POST /m/inbound`: replies and bounces, one raw message per request (Content-Type message/rfc822), from an
 * MTA's pipe or a mail provider's inbound webhook, authenticated by `Authorization: Bearer <key>` (Settings →
 * Messages shows both). Public otherwise: no session, no CSRF — the key is the authentication.
 */
export function messagingInboundRoutes(app: App, { messaging }: { messaging: MessagingService }) {
  app.register(async (plain) => {
    const scope = plain as unknown as App;
    for (const type of RAW_TYPES)
      scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_MESSAGE_BYTES }, (_request, body, done) =>
        done(null, body),
      );
    scope.post('/m/inbound', { config: { access: 'public' as const }, schema: { hide: true } }, async (request) => {
      const key = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!key || !(await messaging.inbound.acceptsKey(key)))
        throw new AppError(401, 'unauthorized', 'errors.inboundKey');
      if (!Buffer.isBuffer(request.body) || !request.body.length)
        throw new AppError(415, 'unsupported_media_type', 'errors.inboundRaw');
      return messaging.inbound.receive(request.body);
    });
  });
}
