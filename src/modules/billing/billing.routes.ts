import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import type { BillingService } from './billing.service.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

const stripeStatusSchema = z.object({
  webhookUrl: z.string(),
  /** Where the signing secret comes from; the secret itself is never sent. */
  secretSource: z.enum(['env', 'settings']).nullable(),
  lastEvent: z.object({ id: z.string(), type: z.string(), created: z.date(), receivedAt: z.date() }).nullable(),
  events: z.object({
    total: z.number().int(),
    applied: z.number().int(),
    stale: z.number().int(),
    ignored: z.number().int(),
    refused: z.number().int(),
  }),
  /** The latest events Tenure could not apply (acknowledged to Stripe), with why in the caller's language. */
  refusals: z.array(
    z.object({ id: z.string(), type: z.string(), created: z.date(), receivedAt: z.date(), reason: z.string() }),
  ),
  customers: z.number().int(),
  subscriptions: z.number().int(),
  invoices: z.number().int(),
});

const secretBody = z.object({
  webhookSecret: z
    .string()
    .trim()
    .regex(/^whsec_\S+$/, 'errors.stripeSecretFormat')
    .max(500)
    .nullable(),
});

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

  app.get('/api/integrations/stripe', {
    config: { access: 'admin' },
    schema: {
      tags: ['billing'],
      summary: 'Stripe connection: webhook URL, where the secret is set, events received',
      response: { 200: stripeStatusSchema },
    },
    handler: async (request) => ({
      webhookUrl: webhookUrl(request),
      ...(await billing.status(requestLocale(request))),
    }),
  });

  app.put('/api/integrations/stripe', {
    config: { access: 'admin' },
    schema: {
      tags: ['billing'],
      summary:
        'Set (or with null clear) the webhook signing secret kept in settings; refused while STRIPE_WEBHOOK_SECRET is set',
      body: secretBody,
      response: { 200: stripeStatusSchema },
    },
    handler: async (request) => {
      await billing.setWebhookSecret(request.actor, request.body.webhookSecret);
      return { webhookUrl: webhookUrl(request), ...(await billing.status(requestLocale(request))) };
    },
  });
}
