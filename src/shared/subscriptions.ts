import { z } from 'zod';
import { endpoint, idParams, itemsOf } from './endpoint.js';
import { moneyMinorSchema } from './money.js';

export const INTERVALS = ['month', 'quarter', 'year'] as const;
export const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'canceled'] as const;

/** One period of constant terms, covering [startsOn, endsOn); amounts in minor units. */
export const subscriptionVersionSchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  subscriptionExternalId: z.string().nullable(),
  plan: z.string().nullable(),
  quantity: z.number().int(),
  amountMinor: z.number().int(),
  currency: z.string(),
  interval: z.enum(INTERVALS),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  status: z.enum(SUBSCRIPTION_STATUSES),
});
export type SubscriptionVersionView = z.infer<typeof subscriptionVersionSchema>;

export const versionInputSchema = z
  .object({
    subscriptionExternalId: z.string().trim().min(1).max(200).nullable().optional(),
    plan: z.string().trim().max(200).nullable().optional(),
    quantity: z.number().int().min(0).max(10_000_000).default(1),
    amountMinor: moneyMinorSchema,
    currency: z.string().regex(/^[A-Z]{3}$/),
    interval: z.enum(INTERVALS),
    startsOn: z.iso.date(),
    endsOn: z.iso.date().nullable().optional(),
    status: z.enum(SUBSCRIPTION_STATUSES).default('active'),
  })
  .refine((v) => !v.endsOn || v.endsOn > v.startsOn, { path: ['endsOn'], message: 'errors.endsBeforeStart' });
export type VersionInput = z.input<typeof versionInputSchema>;

/** An account's subscription versions (src/shared/endpoint.ts); `id` is the account's. */
export const subscriptionsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/subscriptions',
    params: idParams,
    response: itemsOf(subscriptionVersionSchema),
  }),
  record: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/subscriptions',
    params: idParams,
    body: versionInputSchema,
    response: subscriptionVersionSchema,
    status: 201,
  }),
};
