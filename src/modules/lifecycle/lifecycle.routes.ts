import { z } from 'zod';
import { type App, idParams } from '../../http/types.js';
import { lifecycleOverrideSchema, lifecycleSettingsSchema, lifecycleStageSchema } from '../../shared/lifecycle.js';
import type { LifecycleService } from './lifecycle.service.js';

const viewSchema = z.object({
  accountId: z.string(),
  stage: lifecycleStageSchema.nullable(),
  computedStage: lifecycleStageSchema.nullable(),
  override: z
    .object({
      stage: lifecycleStageSchema,
      reason: z.string(),
      setBy: z.string().nullable(),
      setByName: z.string().nullable(),
      setAt: z.date(),
    })
    .nullable(),
});

const runSchema = z.object({
  asOf: z.string(),
  changed: z.array(
    z.object({ accountId: z.string(), from: lifecycleStageSchema.nullable(), to: lifecycleStageSchema }),
  ),
});

export function lifecycleRoutes(app: App, { lifecycle }: { lifecycle: LifecycleService }) {
  app.get('/api/accounts/:id/lifecycle', {
    config: { access: 'read' },
    schema: { tags: ['lifecycle'], params: idParams, response: { 200: viewSchema } },
    handler: (request) => lifecycle.view(request.params.id),
  });
  app.put('/api/accounts/:id/lifecycle/override', {
    config: { access: 'write' },
    schema: { tags: ['lifecycle'], params: idParams, body: lifecycleOverrideSchema, response: { 200: viewSchema } },
    handler: (request) =>
      lifecycle.setOverride(request.actor, request.params.id, request.body.stage, request.body.reason),
  });
  app.delete('/api/accounts/:id/lifecycle/override', {
    config: { access: 'write' },
    schema: { tags: ['lifecycle'], params: idParams, response: { 200: viewSchema } },
    handler: (request) => lifecycle.clearOverride(request.actor, request.params.id),
  });
  app.post('/api/lifecycle/run', {
    config: { access: 'manage' },
    schema: { tags: ['lifecycle'], response: { 200: runSchema } },
    handler: (request) => lifecycle.run(request.actor),
  });
  app.get('/api/settings/lifecycle', {
    config: { access: 'read' },
    schema: { tags: ['lifecycle'], response: { 200: lifecycleSettingsSchema } },
    handler: () => lifecycle.settings(),
  });
  app.put('/api/settings/lifecycle', {
    config: { access: 'admin' },
    schema: { tags: ['lifecycle'], body: lifecycleSettingsSchema, response: { 200: lifecycleSettingsSchema } },
    handler: (request) => lifecycle.setSettings(request.actor, request.body),
  });
}
