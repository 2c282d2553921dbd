import type { FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { errorBody, requestLocale } from '../../http/validation.js';
import { segmentsApi } from '../../shared/segments.js';
import type { SegmentService } from './segments.service.js';

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
  const tags = ['segments'];
  route(app, segmentsApi.list, {
    access: 'read',
    tags,
    handler: async (request) => ({ items: (await segments.listAll()).map((s) => view(request, s)) }),
  });
  route(app, segmentsApi.create, {
    access: 'write',
    tags,
    handler: async (request) => view(request, await segments.create(request.actor, request.body)),
  });
  route(app, segmentsApi.get, {
    access: 'read',
    tags,
    handler: async (request) => view(request, await segments.get(request.params.id)),
  });
  route(app, segmentsApi.update, {
    access: 'write',
    tags,
    handler: async (request) => view(request, await segments.update(request.actor, request.params.id, request.body)),
  });
  route(app, segmentsApi.remove, {
    access: 'manage',
    tags,
    handler: async (request) => {
      await segments.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
}
