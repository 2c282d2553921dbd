import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { type App, idParams, okResponse } from '../../http/types.js';
import { errorBody, requestLocale } from '../../http/validation.js';
import { OPERATORS, ruleSetSchema } from '../../shared/conditions.js';
import type { SegmentService } from './segments.service.js';

const segmentInput = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  rules: ruleSetSchema,
});

// Rules as stored: an invalid segment shows what is left of its conditions so it can be fixed.
const storedRules = z.object({
  match: z.enum(['all', 'any']),
  conditions: z.array(
    z.object({ field: z.string(), op: z.enum(OPERATORS).or(z.string()), value: z.unknown().optional() }),
  ),
});

const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  rules: storedRules,
  /** Null when the rules cannot be evaluated. */
  memberCount: z.number().int().nullable(),
  /** True when the stored rules can no longer be evaluated (saved before today's checks, or edited by hand): other pages skip it. */
  invalid: z.boolean(),
  invalidReason: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

type Presented = Awaited<ReturnType<SegmentService['get']>>;
/** The reason in the caller's language, phrased like a validation error (path — message). */
function view(request: FastifyRequest, { issues, ...segment }: Presented) {
  if (!segment.invalid) return { ...segment, invalidReason: null };
  const phrased =
    errorBody(new AppError(400, 'validation', 'errors.validation', {}, issues), requestLocale(request)).error.issues ??
    [];
  return { ...segment, invalidReason: phrased.map((i) => `${i.path} — ${i.message}`).join('; ') };
}

export function segmentRoutes(app: App, { segments }: { segments: SegmentService }) {
  app.get('/api/segments', {
    config: { access: 'read' },
    schema: { tags: ['segments'], response: { 200: z.object({ items: z.array(segmentSchema) }) } },
    handler: async (request) => ({ items: (await segments.listAll()).map((s) => view(request, s)) }),
  });
  app.post('/api/segments', {
    config: { access: 'write' },
    schema: { tags: ['segments'], body: segmentInput, response: { 201: segmentSchema } },
    handler: async (request, reply) =>
      reply.status(201).send(view(request, await segments.create(request.actor, request.body))),
  });
  app.get('/api/segments/:id', {
    config: { access: 'read' },
    schema: { tags: ['segments'], params: idParams, response: { 200: segmentSchema } },
    handler: async (request) => view(request, await segments.get(request.params.id)),
  });
  app.patch('/api/segments/:id', {
    config: { access: 'write' },
    schema: { tags: ['segments'], params: idParams, body: segmentInput.partial(), response: { 200: segmentSchema } },
    handler: async (request) => view(request, await segments.update(request.actor, request.params.id, request.body)),
  });
  app.delete('/api/segments/:id', {
    config: { access: 'manage' },
    schema: { tags: ['segments'], params: idParams, response: { 200: okResponse } },
    handler: async (request) => {
      await segments.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
}
