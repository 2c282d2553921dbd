import { z } from 'zod';
import { endpoint } from './endpoint.js';

/** One sync run as the settings page lists it (docs/connectors.md, "The sync log"). */
export const connectorRunSchema = z.object({
  id: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  /** Records read from the vendor. */
  received: z.number().int(),
  inserted: z.number().int(),
  /** Stored records that changed; a re-run that finds nothing new leaves this 0. */
  updated: z.number().int(),
  deleted: z.number().int(),
  refused: z.number().int(),
  /** The first refusals, each with why in the caller's language. */
  refusals: z.array(z.object({ externalId: z.string(), reason: z.string() })),
  /** Why a failed run stopped, in the caller's language. */
  error: z.string().nullable(),
});
export type ConnectorRun = z.output<typeof connectorRunSchema>;

/** The Zendesk connection as an admin sees it: the API token is never sent back, only its last characters. */
export const zendeskStatusSchema = z.object({
  baseUrl: z.string().nullable(),
  email: z.string().nullable(),
  enabled: z.boolean(),
  /** '…' and the token's last 4 characters, or null when none is kept. */
  tokenHint: z.string().nullable(),
  runs: z.array(connectorRunSchema),
});
export type ZendeskStatus = z.output<typeof zendeskStatusSchema>;

export const zendeskSettingsBody = z.object({
  /** The subdomain (acme) or the full address (https://acme.zendesk.com). */
  baseUrl: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .regex(/^(https?:\/\/[^\s/]+\/?|[a-z0-9][a-z0-9-]*)$/i, 'errors.connectorBaseUrl'),
  email: z.email().max(320),
  /** Omitted keeps the stored token. */
  apiToken: z.string().trim().min(1).max(500).optional(),
  enabled: z.boolean(),
});
export type ZendeskSettingsBody = z.infer<typeof zendeskSettingsBody>;

export const connectionTestSchema = z.object({ ok: z.boolean(), message: z.string().nullable() });

export const connectorsApi = {
  zendesk: endpoint({ method: 'GET', path: '/api/integrations/zendesk', response: zendeskStatusSchema }),
  saveZendesk: endpoint({
    method: 'PUT',
    path: '/api/integrations/zendesk',
    body: zendeskSettingsBody,
    response: zendeskStatusSchema,
  }),
  testZendesk: endpoint({ method: 'POST', path: '/api/integrations/zendesk/test', response: connectionTestSchema }),
  syncZendesk: endpoint({
    method: 'POST',
    path: '/api/integrations/zendesk/sync',
    response: zendeskStatusSchema,
    status: 202,
  }),
};
