import { z } from 'zod';
import { endpoint } from './endpoint.js';

const stripeEventSchema = z.object({ id: z.string(), type: z.string(), created: z.date(), receivedAt: z.date() });

/** The Stripe connection as an admin sees it (docs/billing.md). */
export const stripeStatusSchema = z.object({
  webhookUrl: z.string(),
  /** Where the signing secret comes from; the secret itself is never sent. */
  secretSource: z.enum(['env', 'settings']).nullable(),
  lastEvent: stripeEventSchema.nullable(),
  events: z.object({
    total: z.number().int(),
    applied: z.number().int(),
    stale: z.number().int(),
    ignored: z.number().int(),
    refused: z.number().int(),
  }),
  /** The latest events Tenure could not apply (acknowledged to Stripe), with why in the caller's language. */
  refusals: z.array(stripeEventSchema.extend({ reason: z.string() })),
  customers: z.number().int(),
  subscriptions: z.number().int(),
  invoices: z.number().int(),
});
export type StripeStatus = z.output<typeof stripeStatusSchema>;

const secretBody = z.object({
  webhookSecret: z
    .string()
    .trim()
    .regex(/^whsec_\S+$/, 'errors.stripeSecretFormat')
    .max(500)
    .nullable(),
});

export const billingApi = {
  stripe: endpoint({ method: 'GET', path: '/api/integrations/stripe', response: stripeStatusSchema }),
  setStripeSecret: endpoint({
    method: 'PUT',
    path: '/api/integrations/stripe',
    body: secretBody,
    response: stripeStatusSchema,
  }),
};
