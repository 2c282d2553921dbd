import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { pickLocale } from '../../i18n/index.js';
import { successPlansApi as api } from '../../shared/successplans.js';
import { renderSharedPlan, renderGone } from './successplans.page.js';
import type { LinkSigner } from './successplans.links.js';
import type { SuccessPlanService } from './successplans.service.js';

/**
 * The customer's page (outside /api: HTML, no sign-in); the token is its only key. A wildcard, not a `:token`
 * parameter: a signed token is longer than the router's 100-character limit on parameters.
 */
export const SHARED_PLAN_PATH = '/shared/plans/*';

export function successPlanRoutes(
  app: App,
  { successPlans, signer, publicUrl }: { successPlans: SuccessPlanService; signer: LinkSigner; publicUrl?: string },
) {
  const tags = ['successplans'];
  const base = (request: FastifyRequest) => (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');

  route(app, api.valuePoints, {
    access: 'read',
    tags,
    handler: async () => ({ items: await successPlans.valuePoints() }),
  });
  route(app, api.createValuePoint, {
    access: 'manage',
    tags,
    handler: (request) => successPlans.createValuePoint(request.actor, request.body),
  });
  route(app, api.updateValuePoint, {
    access: 'manage',
    tags,
    handler: (request) => successPlans.updateValuePoint(request.actor, request.params.id, request.body),
  });
  route(app, api.deleteValuePoint, {
    access: 'manage',
    tags,
    handler: (request) => successPlans.deleteValuePoint(request.actor, request.params.id),
  });
  route(app, api.needs, { access: 'read', tags, handler: (request) => successPlans.needs(request.params.id) });
  route(app, api.saveNeeds, {
    access: 'write',
    tags,
    summary: "Map the customer's needs to value points (handoff)",
    handler: (request) => successPlans.saveNeeds(request.actor, request.params.id, request.body),
  });
  route(app, api.plan, { access: 'read', tags, handler: (request) => successPlans.plan(request.params.id) });
  route(app, api.createObjective, {
    access: 'write',
    tags,
    handler: (request) => successPlans.createObjective(request.actor, request.params.id, request.body),
  });
  route(app, api.updateObjective, {
    access: 'write',
    tags,
    handler: (request) => successPlans.updateObjective(request.actor, request.params.id, request.body),
  });
  route(app, api.deleteObjective, {
    access: 'write',
    tags,
    handler: (request) => successPlans.deleteObjective(request.actor, request.params.id),
  });
  route(app, api.createTask, {
    access: 'write',
    tags,
    handler: (request) => successPlans.createTask(request.actor, request.params.id, request.body),
  });
  route(app, api.updateTask, {
    access: 'write',
    tags,
    handler: (request) => successPlans.updateTask(request.actor, request.params.id, request.body),
  });
  route(app, api.deleteTask, {
    access: 'write',
    tags,
    handler: (request) => successPlans.deleteTask(request.actor, request.params.id),
  });
  route(app, api.applyTemplate, {
    access: 'write',
    tags,
    handler: (request) => successPlans.applyTemplate(request.actor, request.params.id, request.body.templateId),
  });
  route(app, api.createLink, {
    access: 'write',
    tags,
    summary: 'A read-only link to the plan for the customer (shown once; the previous link stops working)',
    handler: async (request) => {
      await successPlans.plan(request.params.id);
      const { id, token } = await successPlans.createLink(request.actor, request.params.id, signer);
      return { id, url: `${base(request)}/shared/plans/${token}` };
    },
  });
  route(app, api.revokeLink, {
    access: 'write',
    tags,
    handler: (request) => successPlans.revokeLink(request.actor, request.params.id),
  });
  route(app, api.templates, { access: 'read', tags, handler: async () => ({ items: await successPlans.templates() }) });
  route(app, api.createTemplate, {
    access: 'manage',
    tags,
    handler: (request) => successPlans.saveTemplate(request.actor, null, request.body),
  });
  route(app, api.updateTemplate, {
    access: 'manage',
    tags,
    handler: (request) => successPlans.saveTemplate(request.actor, request.params.id, request.body),
  });
  route(app, api.deleteTemplate, {
    access: 'manage',
    tags,
    handler: (request) => successPlans.deleteTemplate(request.actor, request.params.id),
  });

  const query = z.object({ lang: z.string().optional() });
  app.get(
    SHARED_PLAN_PATH,
    { config: { access: 'public', rateLimit: { max: 60, timeWindow: 60_000 } } },
    async (request, reply) => {
      const { '*': token } = request.params as { '*': string };
      const { lang } = query.catch({}).parse(request.query);
      const locale = pickLocale(lang ?? request.headers['accept-language'], 'zh-CN');
      const plan = await successPlans.shared(token, signer);
      reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-robots-tag', 'noindex');
      reply.type('text/html; charset=utf-8');
      if (!plan) return reply.code(404).send(renderGone(locale, 'notFound'));
      if (typeof plan === 'string') return reply.code(410).send(renderGone(locale, 'revoked'));
      return reply.send(renderSharedPlan(locale, plan));
    },
  );
}
