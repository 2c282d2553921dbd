import { z } from 'zod';
import { endpoint, idParams } from './endpoint.js';

/** One message Tenure sent (or tried to send) to an account's customer: the welcome email and the like. */
export const sendSchema = z.object({
  kind: z.string(),
  status: z.enum(['claimed', 'sent', 'skipped', 'failed']),
  email: z.string().nullable(),
  locale: z.string().nullable(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  claimedAt: z.date(),
  sentAt: z.date().nullable(),
});
export type SendView = z.infer<typeof sendSchema>;

/** Customer sends and the identity verification secret of in-app messages (src/shared/endpoint.ts). */
export const welcomeApi = {
  sends: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/sends',
    params: idParams,
    response: z.object({ items: z.array(sendSchema), mailConfigured: z.boolean() }),
  }),
  identitySecret: endpoint({
    method: 'GET',
    path: '/api/settings/identity-secret',
    response: z.object({ secret: z.string() }),
  }),
};
