import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { welcomeApi } from '../../shared/welcome.js';
import type { SettingsService } from '../settings/settings.service.js';
import { createIdentityVerification } from '../tracking/identity.service.js';
import type { WriteKeyService } from '../tracking/write-keys.service.js';
import type { WelcomeService } from './welcome.service.js';

const messageSchema = z.object({
  id: z.string(),
  kind: z.string(),
  locale: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.date(),
});

/** The write key as HTTP Basic user name (as the tracking API takes it, docs/tracking.md). */
function basicUser(header: string | undefined): string | undefined {
  const basic = header && /^Basic\s+(.+)$/i.exec(header)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

export async function welcomeRoutes(
  app: App,
  {
    welcome,
    writeKeys,
    settings,
  }: { welcome: WelcomeService; writeKeys: WriteKeyService; settings: Pick<SettingsService, 'get' | 'set'> },
) {
  const identity = createIdentityVerification({ settings });

  route(app, welcomeApi.sends, {
    access: 'read',
    tags: ['welcome'],
    handler: async (request) => ({
      items: await welcome.sends(request.params.id),
      mailConfigured: welcome.mailConfigured,
    }),
  });

  route(app, welcomeApi.identitySecret, {
    access: 'admin',
    tags: ['tracking'],
    summary:
      'The identity verification secret: your server signs each user id with it for GET /v1/messages (made on first use)',
    handler: async () => ({ secret: await identity.secret() }),
  });

  // The customer's product reads its in-app messages with its write key, like it sends events —
  // and, since the key is public, with the user's hash from its own server (identity verification).
  await app.register(async (instance) => {
    const v1 = instance as unknown as App;
    v1.addHook('onRequest', async (request, reply) => {
      reply.header('access-control-allow-origin', '*');
      const key = basicUser(request.headers.authorization);
      if (!key || !(await writeKeys.authenticate(key)))
        throw new AppError(401, 'unauthorized', 'tracking.unauthorized');
    });
    v1.get('/v1/messages', {
      config: {
        access: 'public',
        // Per write key and user: enough for a page that polls, too little to walk through guesses.
        rateLimit: {
          max: 60,
          timeWindow: 60_000,
          keyGenerator: (request) =>
            `v1-messages:${basicUser(request.headers.authorization)}:${(request.query as { userId?: string }).userId ?? ''}`,
        },
      },
      schema: {
        tags: ['tracking'],
        summary:
          "In-app messages for a signed-in user of the customer's product: userId and userHash = HMAC-SHA256(identity secret, userId), hex",
        security: [{ writeKey: [] }],
        querystring: z.object({
          userId: z.string().min(1).max(200),
          userHash: z.string().max(200).optional(),
          /** Narrows to one of the user's accounts (its external id). */
          groupId: z.string().min(1).max(200).optional(),
        }),
        response: { 200: z.object({ messages: z.array(messageSchema) }) },
      },
      handler: async (request) => {
        const { userId, userHash, groupId } = request.query;
        if (!(await identity.verify(userId, userHash)))
          throw new AppError(401, 'unverified_user', 'tracking.unverifiedUser');
        return { messages: await welcome.messagesFor({ userId, groupId }) };
      },
    });
  });
}
