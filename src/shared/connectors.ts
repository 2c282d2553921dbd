import { z } from 'zod';
import { endpoint } from './endpoint.js';

/**
 * "Sync now" reads from the cursor (what changed since the last run); `from=start` reads everything again, so
 * records refused before (an organisation or company that matched no account) come in once the account is fixed.
 */
export const syncQuery = z.object({ from: z.enum(['cursor', 'start']).default('cursor') });

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
  /** CRM write-back: records whose fields were pushed to the vendor (0 for other connectors). */
  writtenBack: z.number().int(),
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

const propertyName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_]+$/i, 'errors.connectorProperty');

/**
 * Write-back, opt-in per field: the company property each Tenure figure is written to, or null for not
 * written (docs/hubspot.md, "Write-back").
 */
export const writeBackSchema = z.object({
  healthScore: propertyName.nullable(),
  renewalProbability: propertyName.nullable(),
  csmOwner: propertyName.nullable(),
});
export type WriteBack = z.infer<typeof writeBackSchema>;

/** The HubSpot connection as an admin sees it (docs/hubspot.md): the access token is never sent back. */
export const hubspotStatusSchema = z.object({
  /** null: HubSpot's API (https://api.hubapi.com). */
  baseUrl: z.string().nullable(),
  enabled: z.boolean(),
  tokenHint: z.string().nullable(),
  /** Contact property holding the decision-chain role. */
  roleProperty: z.string(),
  /** A deal stage that counts as won besides HubSpot's closed-won flag; empty for none. */
  wonStage: z.string(),
  /** The portal's company currency, for deals without a currency of their own. */
  currency: z.string(),
  /** How often a won deal's amount recurs (its subscription's interval). */
  interval: z.enum(['month', 'quarter', 'year']),
  writeBack: writeBackSchema,
  runs: z.array(connectorRunSchema),
});
export type HubSpotStatus = z.output<typeof hubspotStatusSchema>;

export const hubspotSettingsBody = z.object({
  /** Omitted or empty: HubSpot's API. */
  baseUrl: z
    .string()
    .trim()
    .max(300)
    .regex(/^(https?:\/\/[^\s/]+\/?)?$/i, 'errors.connectorHubSpotUrl')
    .optional(),
  /** A private app's access token; omitted keeps the stored one. */
  accessToken: z.string().trim().min(1).max(500).optional(),
  enabled: z.boolean(),
  roleProperty: propertyName.default('hs_buying_role'),
  /** Empty: HubSpot's closed-won flag alone (every pipeline); a stage named here counts as won as well. */
  wonStage: z.string().trim().max(100).default(''),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'errors.connectorCurrency')
    .default('USD'),
  interval: z.enum(['month', 'quarter', 'year']).default('year'),
  writeBack: writeBackSchema.default({ healthScore: null, renewalProbability: null, csmOwner: null }),
});
export type HubSpotSettingsBody = z.infer<typeof hubspotSettingsBody>;

/** The Salesforce connection as an admin sees it (docs/salesforce.md): secrets are never sent back. */
export const salesforceStatusSchema = z.object({
  /** The org's instance URL (My Domain), e.g. https://acme.my.salesforce.com; null before the first save. */
  baseUrl: z.string().nullable(),
  enabled: z.boolean(),
  /** accessToken: a pasted access token; clientCredentials: a connected app's client id and secret. */
  auth: z.enum(['accessToken', 'clientCredentials']),
  /** '…' and the kept access token's or client secret's last 4 characters, or null when none is kept. */
  tokenHint: z.string().nullable(),
  clientId: z.string().nullable(),
  /** Contact field (API name) holding the decision-chain role; '' when none is read. */
  roleField: z.string(),
  /** The org's corporate currency. */
  currency: z.string(),
  /** The org has multiple currencies: each opportunity's CurrencyIsoCode is read. */
  multiCurrency: z.boolean(),
  interval: z.enum(['month', 'quarter', 'year']),
  /** Account fields (API names) each Tenure figure is written to, or null. */
  writeBack: writeBackSchema,
  runs: z.array(connectorRunSchema),
});
export type SalesforceStatus = z.output<typeof salesforceStatusSchema>;

export const salesforceSettingsBody = z.object({
  baseUrl: z
    .string()
    .trim()
    .max(300)
    .regex(/^https?:\/\/[^\s/]+\/?$/i, 'errors.connectorSalesforceUrl'),
  auth: z.enum(['accessToken', 'clientCredentials']).default('accessToken'),
  /** Omitted keeps the stored one. */
  accessToken: z.string().trim().min(1).max(2000).optional(),
  clientId: z.string().trim().min(1).max(300).optional(),
  /** Omitted keeps the stored one. */
  clientSecret: z.string().trim().min(1).max(500).optional(),
  enabled: z.boolean(),
  /** Empty: no role is read. */
  roleField: z.union([propertyName, z.literal('')]).default(''),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'errors.connectorCurrency')
    .default('USD'),
  multiCurrency: z.boolean().default(false),
  interval: z.enum(['month', 'quarter', 'year']).default('year'),
  writeBack: writeBackSchema.default({ healthScore: null, renewalProbability: null, csmOwner: null }),
});
export type SalesforceSettingsBody = z.infer<typeof salesforceSettingsBody>;

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
    query: syncQuery,
    response: zendeskStatusSchema,
    status: 202,
  }),
  hubspot: endpoint({ method: 'GET', path: '/api/integrations/hubspot', response: hubspotStatusSchema }),
  saveHubSpot: endpoint({
    method: 'PUT',
    path: '/api/integrations/hubspot',
    body: hubspotSettingsBody,
    response: hubspotStatusSchema,
  }),
  testHubSpot: endpoint({ method: 'POST', path: '/api/integrations/hubspot/test', response: connectionTestSchema }),
  syncHubSpot: endpoint({
    method: 'POST',
    path: '/api/integrations/hubspot/sync',
    query: syncQuery,
    response: hubspotStatusSchema,
    status: 202,
  }),
  salesforce: endpoint({ method: 'GET', path: '/api/integrations/salesforce', response: salesforceStatusSchema }),
  saveSalesforce: endpoint({
    method: 'PUT',
    path: '/api/integrations/salesforce',
    body: salesforceSettingsBody,
    response: salesforceStatusSchema,
  }),
  testSalesforce: endpoint({
    method: 'POST',
    path: '/api/integrations/salesforce/test',
    response: connectionTestSchema,
  }),
  syncSalesforce: endpoint({
    method: 'POST',
    path: '/api/integrations/salesforce/sync',
    query: syncQuery,
    response: salesforceStatusSchema,
    status: 202,
  }),
};
