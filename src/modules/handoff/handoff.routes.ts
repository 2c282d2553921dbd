import { z } from 'zod';
import { type App, idParams } from '../../http/types.js';
import { handoffFieldSchema, handoffInputSchema, handoffSettingsSchema } from '../../shared/handoff.js';
import type { HandoffService } from './handoff.service.js';

const viewSchema = z.object({
  accountId: z.string(),
  status: z.enum(['draft', 'handed_over']),
  answers: z.record(z.string(), z.string()),
  dealSizeMinor: z.number().nullable(),
  salesCycleDays: z.number().nullable(),
  implementationDays: z.number().nullable(),
  fields: z.array(handoffFieldSchema),
  missing: z.array(z.string()),
  involvement: z.object({
    rule: z.enum(['after_close', 'at_70_percent']).nullable(),
    checks: z.array(
      z.object({
        criterion: z.enum(['dealSize', 'salesCycle', 'implementation']),
        value: z.number().nullable(),
        threshold: z.number(),
        under: z.boolean().nullable(),
      }),
    ),
  }),
  handedOverAt: z.date().nullable(),
  handedOverBy: z.string().nullable(),
  updatedAt: z.date().nullable(),
});

export function handoffRoutes(app: App, { handoff }: { handoff: HandoffService }) {
  app.get('/api/accounts/:id/handoff', {
    config: { access: 'read' },
    schema: { tags: ['handoff'], params: idParams, response: { 200: viewSchema } },
    handler: (request) => handoff.get(request.params.id),
  });
  app.put('/api/accounts/:id/handoff', {
    config: { access: 'write' },
    schema: { tags: ['handoff'], params: idParams, body: handoffInputSchema, response: { 200: viewSchema } },
    handler: (request) => handoff.save(request.actor, request.params.id, request.body),
  });
  app.post('/api/accounts/:id/handoff/complete', {
    config: { access: 'write' },
    schema: {
      tags: ['handoff'],
      summary: 'Mark handed over to CS; 400 naming the missing required fields',
      params: idParams,
      response: { 200: viewSchema },
    },
    handler: (request) => handoff.handOver(request.actor, request.params.id),
  });
  app.get('/api/settings/handoff', {
    config: { access: 'read' },
    schema: { tags: ['handoff'], response: { 200: handoffSettingsSchema } },
    handler: () => handoff.settings(),
  });
  app.put('/api/settings/handoff', {
    config: { access: 'admin' },
    schema: { tags: ['handoff'], body: handoffSettingsSchema, response: { 200: handoffSettingsSchema } },
    handler: (request) => handoff.setSettings(request.actor, request.body),
  });
}
