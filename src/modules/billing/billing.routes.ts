import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import { billingApi } from '../../shared/billing.js';
import type { BillingService } from './billing.service.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

export function billingRoutes(app: App, { billing, publicUrl }: { billing: BillingService; publicUrl?: string }) {
  const webhookUrl = (request: FastifyRequest) =>
    new URL(STRIPE_WEBHOOK_PATH, publicUrl ?? `${request.protocol}://${request.host}`).toString();

  // Stripe signs the exact bytes it sends, so in this scope every body stays a raw Buffer.
  app.register(async (plain) => {
    const scope = plain as unknown as App;
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(STRIPE_WEBHOOK_PATH, {
      // Public: the Stripe signature is the authentication.
      config: { access: 'public' },
      schema: {
        tags: ['billing'],
        summary: 'Stripe webhook endpoint (signed with the endpoint secret; see docs/billing.md)',
        headers: z.object({ 'stripe-signature': z.string().max(4000).optional() }),
        response: {
          200: z.object({
            received: z.literal(true),
            duplicate: z.boolean(),
            outcome: z.enum(['applied', 'stale', 'ignored', 'refused', 'duplicate']),
          }),
        },
      },
      handler: async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = await billing.receive(body, request.headers['stripe-signature']);
        for (const warning of result.warnings) request.log.warn({ stripe: warning }, 'stripe webhook');
        return { received: true as const, duplicate: result.duplicate, outcome: result.outcome };
      },
    });
  });

  route(app, billingApi.stripe, {
    access: 'admin',
    tags: ['billing'],
    summary: 'Stripe connection: webhook URL, where the secret is set, events received',
    handler: async (request) => ({
      webhookUrl: webhookUrl(request),
      ...(await billing.status(requestLocale(request))),
    }),
  });

  route(app, billingApi.setStripeSecret, {
    access: 'admin',
    tags: ['billing'],
    summary:
      'Set (or with null clear) the webhook signing secret kept in settings; refused while STRIPE_WEBHOOK_SECRET is set',
    handler: async (request) => {
      await billing.setWebhookSecret(request.actor, request.body.webhookSecret);
      return { webhookUrl: webhookUrl(request), ...(await billing.status(requestLocale(request))) };
    },
  });
}
