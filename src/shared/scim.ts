import { z } from 'zod';
import { endpoint, idParams, okResponse } from './endpoint.js';
import { ROLES } from './roles.js';

/**
 * SCIM provisioning's settings (docs/scim.md), admins only. The SCIM 2.0 protocol itself (/scim/v2/*) is
 * not declared here: its shapes are RFC 7643/7644's, its auth a SCIM token, like /v1 and the Stripe webhook.
 */
export const scimTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  created_at: z.date(),
  rotated_at: z.date().nullable(),
  last_used_at: z.date().nullable(),
  revoked_at: z.date().nullable(),
});
export type ScimTokenView = z.infer<typeof scimTokenSchema>;

export const scimMappingSchema = z.object({
  group: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
});
export type ScimMapping = z.infer<typeof scimMappingSchema>;

export const scimStatusSchema = z.object({
  /** What to paste into the identity provider as the SCIM base URL (tenant URL). */
  baseUrl: z.string(),
  tokens: z.array(scimTokenSchema),
  mappings: z.array(scimMappingSchema),
  groups: z.array(z.object({ id: z.string(), displayName: z.string(), members: z.number().int() })),
  provisionedUsers: z.number().int(),
  recentRequests: z.array(z.object({ method: z.string(), path: z.string(), status: z.number().int(), at: z.date() })),
});

const tokenWithSecret = scimTokenSchema.extend({ token: z.string() });

export const scimApi = {
  status: endpoint({ method: 'GET', path: '/api/scim', response: scimStatusSchema }),
  createToken: endpoint({
    method: 'POST',
    path: '/api/scim/tokens',
    body: z.object({ name: z.string().trim().min(1).max(200) }),
    response: tokenWithSecret,
    status: 201,
  }),
  rotateToken: endpoint({
    method: 'POST',
    path: '/api/scim/tokens/:id/rotate',
    params: idParams,
    response: tokenWithSecret,
  }),
  revokeToken: endpoint({ method: 'DELETE', path: '/api/scim/tokens/:id', params: idParams, response: okResponse }),
  setMappings: endpoint({
    method: 'PUT',
    path: '/api/scim/mappings',
    body: z.object({ mappings: z.array(scimMappingSchema).max(200) }),
    response: z.object({ mappings: z.array(scimMappingSchema) }),
  }),
};
