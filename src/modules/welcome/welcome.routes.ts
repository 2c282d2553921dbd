import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { type App, idParams } from '../../http/types.js';
import type { WriteKeyService } from '../tracking/write-keys.service.js';
import type { WelcomeService } from './welcome.service.js';

const sendSchema = z.object({
  kind: z.string(),
  status: z.enum(['claimed', 'sent', 'skipped', 'failed']),
  email: z.string().nullable(),
  locale: z.string().nullable(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  claimedAt: z.date(),
  sentAt: z.date().nullable(),
});

const messageSchema = z.object({ id: z.string(), kind: z.string(), locale: z.string(), title: z.string(), body: z.string(), createdAt: z.date() });

/** The write key as HTTP Basic user name (as the tracking API takes it, docs/tracking.md). */
function basicUser(header: string | undefined): string | undefined {
  const basic = header && /^Basic\s+(.+)$/i.exec(header)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

export async function welcomeRoutes(app: App, { welcome, writeKeys }: { welcome: WelcomeService; writeKeys: WriteKeyService }) {
  app.get('/api/accounts/:id/sends', {
    config: { access: 'read' },
    schema: { tags: ['welcome'], params: idParams, response: { 200: z.object({ items: z.array(sendSchema), mailConfigured: z.boolean() }) } },
    handler: async (request) => ({ items: await welcome.sends(request.params.id), mailConfigured: welcome.mailConfigured }),
  });

  // The customer's product reads its in-app messages with its write key, like it sends events.
  await app.register(async (instance) => {
    const v1 = instance as unknown as App;
    v1.addHook('onRequest', async (request, reply) => {
      reply.header('access-control-allow-origin', '*');
      const key = basicUser(request.headers.authorization);
      if (!key || !(await writeKeys.authenticate(key))) throw new AppError(401, 'unauthorized', 'tracking.unauthorized');
    });
    v1.get('/v1/messages', {
      config: { access: 'public' },
      schema: {
        tags: ['tracking'],
        summary: 'In-app messages for the account of a tracked user (userId) or group (groupId)',
        security: [{ writeKey: [] }],
        querystring: z.object({ userId: z.string().min(1).max(200).optional(), groupId: z.string().min(1).max(200).optional() }).refine((q) => q.userId || q.groupId, { message: 'errors.userOrGroup', path: ['userId'] }),
        response: { 200: z.object({ messages: z.array(messageSchema) }) },
      },
      handler: async (request) => ({ messages: await welcome.messagesFor(request.query) }),
    });
  });
}
