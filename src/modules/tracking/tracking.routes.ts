/**
 * The Segment-compatible tracking API (/v1/*) and the write keys that authenticate it.
 *
 * /v1 routes are public to the session/token hook and check write keys themselves: HTTP Basic
 * with the key as user name (analytics-node, RudderStack, curl) or `writeKey` in the body
 * (analytics.js, which also posts text/plain to /v1/t, /v1/i, /v1/b …). API tokens and sessions
 * do not work here, and write keys do not work on /api/*.
 */
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TrackingType } from '../../db/types.js';
import { AppError } from '../../http/errors.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { jsonTooDeep } from '../../http/json.js';
import { requestLocale } from '../../http/validation.js';
import { translator } from '../../i18n/index.js';
import { nestedDeeperThan } from '../../shared/json.js';
import { writeKeysApi } from '../../shared/writeKeys.js';
import { BATCH_LIMIT_BYTES, MESSAGE_LIMIT_BYTES } from './messages.js';
import type { IngestResult, TrackingService } from './tracking.service.js';
import type { WriteKeyIdentity, WriteKeyService } from './write-keys.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    writeKey: WriteKeyIdentity | null;
    bodyBytes: number;
  }
}

/** Bodies up to this size are read so an oversized batch is answered with the 500 KB limit by name. */
const READ_LIMIT_BYTES = 8 * BATCH_LIMIT_BYTES;

const batchTooLarge = () => new AppError(413, 'batch_too_large', 'tracking.batchTooLarge', { limit: '500 KB' });
const messageTooLarge = () => new AppError(400, 'message_too_large', 'tracking.messageTooLarge', { limit: '32 KB' });

/** Single-message endpoints and the type each implies; /v1/webhook takes the message's own type (relays). */
const SINGLE: Record<string, TrackingType | undefined> = {
  identify: 'identify',
  i: 'identify',
  group: 'group',
  g: 'group',
  track: 'track',
  t: 'track',
  page: 'page',
  p: 'page',
  screen: 'screen',
  s: 'screen',
  alias: 'alias',
  a: 'alias',
  webhook: undefined,
};

const batchBody = z.looseObject({
  batch: z.array(z.unknown()),
  sentAt: z.unknown().optional(),
  writeKey: z.string().optional(),
});
const messageBody = z.looseObject({ writeKey: z.string().optional() });
const batchResponse = z.object({
  success: z.literal(true),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), reason: z.string() })),
});
const messageResponse = z.object({ success: z.literal(true), duplicate: z.boolean() });

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const basic = /^Basic\s+(.+)$/i.exec(header)?.[1];
    if (!basic) return undefined;
    const decoded = Buffer.from(basic.trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? decoded : decoded.slice(0, colon);
  }
  const body = request.body as { writeKey?: unknown } | undefined;
  return typeof body?.writeKey === 'string' ? body.writeKey : undefined;
}

/** Gzip and deflate bodies (RudderStack's SDKs compress); the limits apply to the inflated JSON. */
function inflate(request: FastifyRequest, payload: Readable): Readable {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return payload;
  if (encoding !== 'gzip' && encoding !== 'deflate')
    throw new AppError(415, 'unsupported_encoding', 'tracking.encoding', { encoding });
  const inflated = payload.pipe(
    encoding === 'gzip' ? zlib.createGunzip() : zlib.createInflate(),
  ) as unknown as Readable & { receivedEncodedLength: number };
  inflated.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => (inflated.receivedEncodedLength += chunk.length));
  payload.on('error', (error) => inflated.destroy(error));
  return inflated;
}

export async function trackingRoutes(
  app: App,
  { tracking, writeKeys }: { tracking: Pick<TrackingService, 'ingest'>; writeKeys: WriteKeyService },
) {
  await app.register(async (instance) => {
    const v1 = instance as unknown as App;
    v1.decorateRequest('writeKey', null);
    v1.decorateRequest('bodyBytes', 0);
    // analytics.js posts JSON as text/plain (no CORS preflight); some senders state no type at all.
    v1.removeContentTypeParser(['application/json', 'text/plain']);
    v1.addContentTypeParser(
      ['application/json', 'text/plain', '*'],
      { parseAs: 'buffer', bodyLimit: READ_LIMIT_BYTES },
      (request, body, done) => {
        const buffer = body as Buffer;
        request.bodyBytes = buffer.length;
        if (buffer.length > BATCH_LIMIT_BYTES) return done(batchTooLarge(), undefined);
        const text = buffer.toString('utf8');
        if (nestedDeeperThan(text)) return done(jsonTooDeep(), undefined);
        try {
          done(null, JSON.parse(text));
        } catch {
          done(new AppError(400, 'invalid_json', 'errors.invalidJson'), undefined);
        }
      },
    );
    v1.addHook('preParsing', async (request, _reply, payload) => inflate(request, payload as Readable));
    v1.addHook('onRequest', async (_request, reply) => {
      // Browsers on the customer's own site send here.
      reply.header('access-control-allow-origin', '*');
    });
    v1.addHook('preValidation', async (request) => {
      if (request.method === 'OPTIONS') return;
      const key = presentedKey(request);
      const identity = key ? await writeKeys.authenticate(key) : undefined;
      if (!identity) throw new AppError(401, 'unauthorized', 'tracking.unauthorized');
      request.writeKey = identity;
    });
    // Past the read limit Fastify stops reading; still answer with the limit by name.
    v1.setErrorHandler((error, _request, _reply) => {
      if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw batchTooLarge();
      throw error;
    });

    v1.options('/v1/*', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', 'Content-Type, Authorization, Content-Encoding')
        .header('access-control-max-age', '86400')
        .status(204)
        .send(),
    );

    const phrase = (request: FastifyRequest, result: IngestResult) => {
      const t = translator(requestLocale(request));
      return result.rejected.map((r) => ({
        index: r.index,
        reason: t(`tracking.reasons.${r.reason.key}`, r.reason.params ?? {}),
      }));
    };

    for (const path of ['/v1/batch', '/v1/import', '/v1/b']) {
      v1.post(path, {
        config: { access: 'public' },
        bodyLimit: READ_LIMIT_BYTES,
        schema: {
          tags: ['tracking'],
          summary:
            path === '/v1/batch'
              ? 'Segment batch: many messages of any type; refused ones are listed by index and reason'
              : undefined,
          hide: path !== '/v1/batch',
          security: [{ writeKey: [] }],
          body: batchBody,
          response: { 200: batchResponse },
        },
        handler: async (request) => {
          const result = await tracking.ingest(request.writeKey!, {
            messages: request.body.batch,
            sentAt: request.body.sentAt,
          });
          return {
            success: true as const,
            accepted: result.accepted,
            duplicates: result.duplicates,
            rejected: phrase(request, result),
          };
        },
      });
    }

    for (const [name, type] of Object.entries(SINGLE)) {
      v1.post(`/v1/${name}`, {
        config: { access: 'public' },
        bodyLimit: READ_LIMIT_BYTES,
        schema: {
          tags: ['tracking'],
          summary:
            name === 'webhook'
              ? 'One message of any type, saying its type (Segment / RudderStack webhook destinations)'
              : name.length > 1
                ? `Segment ${type} call`
                : undefined,
          hide: name.length === 1,
          security: [{ writeKey: [] }],
          body: messageBody,
          response: { 200: messageResponse },
        },
        handler: async (request, reply: FastifyReply) => {
          if (request.bodyBytes > MESSAGE_LIMIT_BYTES) throw messageTooLarge();
          const result = await tracking.ingest(request.writeKey!, { messages: [request.body], type });
          if (result.rejected.length) {
            const [{ reason }] = phrase(request, result);
            throw new AppError(400, 'invalid_message', 'tracking.invalidMessage', { reason });
          }
          return reply.send({ success: true as const, duplicate: result.duplicates > 0 });
        },
      });
    }
  });

  const keyTags = ['write keys'];
  route(app, writeKeysApi.list, {
    access: 'admin',
    tags: keyTags,
    summary: 'Write keys for the tracking API (ingest only)',
    handler: async () => ({ items: await writeKeys.list() }),
  });
  route(app, writeKeysApi.create, {
    access: 'admin',
    tags: keyTags,
    summary: 'Create a write key; the key is in this response only',
    handler: (request) => writeKeys.create(request.actor, request.body),
  });
  route(app, writeKeysApi.revoke, {
    access: 'admin',
    tags: keyTags,
    summary: 'Revoke a write key: its senders get 401 from then on',
    handler: async (request) => {
      await writeKeys.revoke(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
}
