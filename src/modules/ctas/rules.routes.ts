import { z } from 'zod';
import { type App, idParams } from '../../http/types.js';
import {
  playbookInputSchema,
  playbookSchema,
  ruleInputSchema,
  rulePatchSchema,
  ruleSchema,
} from '../../shared/ctas.js';
import type { CtaService } from './ctas.service.js';
import type { RuleService } from './rules.service.js';

const tags = ['ctas'];
const runResult = z.object({
  asOf: z.string(),
  rules: z.number().int(),
  opened: z.number().int(),
  closed: z.number().int(),
  reopened: z.number().int(),
  byRule: z.array(
    z.object({
      ruleId: z.string(),
      key: z.string().nullable(),
      trigger: z.string(),
      opened: z.number().int(),
      closed: z.number().int(),
      evaluated: z.boolean(),
    }),
  ),
});

/** Settings → Rules: admins define rules; anyone may read them; managers may run them now. */
export function ruleRoutes(app: App, { rules, ctas }: { rules: RuleService; ctas: CtaService }) {
  app.get('/api/cta-rules', {
    config: { access: 'read' },
    schema: {
      tags,
      response: {
        200: z.object({
          items: z.array(ruleSchema),
          triggers: z.array(z.object({ type: z.string(), defaults: z.record(z.string(), z.unknown()) })),
        }),
      },
    },
    handler: async () => ({ items: await rules.list(), triggers: rules.triggers() }),
  });
  app.post('/api/cta-rules', {
    config: { access: 'admin' },
    schema: { tags, body: ruleInputSchema, response: { 201: ruleSchema } },
    handler: async (request, reply) => reply.status(201).send(await rules.create(request.actor, request.body)),
  });
  app.patch('/api/cta-rules/:id', {
    config: { access: 'admin' },
    schema: { tags, params: idParams, body: rulePatchSchema, response: { 200: ruleSchema } },
    handler: (request) => rules.update(request.actor, request.params.id, request.body),
  });
  app.post('/api/cta-rules/run', {
    config: { access: 'manage' },
    schema: { tags, response: { 200: runResult } },
    handler: (request) => ctas.runRules({ actor: request.actor }),
  });
  app.get('/api/playbooks', {
    config: { access: 'read' },
    schema: { tags, response: { 200: z.object({ items: z.array(playbookSchema) }) } },
    handler: async () => ({ items: await rules.playbooks() }),
  });
  app.put('/api/playbooks/:id', {
    config: { access: 'admin' },
    schema: { tags, params: idParams, body: playbookInputSchema, response: { 200: playbookSchema } },
    handler: (request) => rules.updatePlaybook(request.actor, request.params.id, request.body),
  });
}
