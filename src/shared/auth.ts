import { z } from 'zod';
import { endpoint, idParams, itemsOf, okResponse, type Wire } from './endpoint.js';
import { passwordSchema } from './passwords.js';
import { ROLES } from './roles.js';

/** The languages a user may choose (the UI's and the emails sent to them). */
export const USER_LOCALES = ['zh-CN', 'en'] as const;
export const userLocaleSchema = z.enum(USER_LOCALES);

/** Who is calling: a signed-in user, an API token, or the system itself. */
export const meSchema = z.object({
  id: z.string().nullable(),
  type: z.enum(['user', 'token', 'system', 'cli']),
  name: z.string(),
  role: z.enum(ROLES),
  email: z.string().nullable(),
  locale: userLocaleSchema.nullable(),
  /** The organisation's base currency and time zone: what amounts typed in forms and days mean. */
  organisation: z.object({ currency: z.string(), timeZone: z.string() }),
});
export type Me = z.infer<typeof meSchema>;

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  prefix: z.string(),
  created_at: z.date(),
  last_used_at: z.date().nullable().optional(),
  revoked_at: z.date().nullable().optional(),
});
export type ApiToken = Wire<z.infer<typeof tokenSchema>>;

export const profilePatchSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  locale: userLocaleSchema.nullable().optional(),
  currentPassword: z.string().max(200).optional(),
  newPassword: passwordSchema.optional(),
});
export type ProfilePatch = z.infer<typeof profilePatchSchema>;

/** Sign-in, the caller's own profile, and API tokens (src/shared/endpoint.ts). */
export const authApi = {
  login: endpoint({
    method: 'POST',
    path: '/api/auth/login',
    body: z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(200) }),
    response: meSchema.extend({ csrfToken: z.string() }),
  }),
  logout: endpoint({ method: 'POST', path: '/api/auth/logout', response: okResponse }),
  me: endpoint({ method: 'GET', path: '/api/auth/me', response: meSchema }),
  updateMe: endpoint({ method: 'PATCH', path: '/api/auth/me', body: profilePatchSchema, response: meSchema }),
  tokens: endpoint({ method: 'GET', path: '/api/tokens', response: itemsOf(tokenSchema) }),
  createToken: endpoint({
    method: 'POST',
    path: '/api/tokens',
    body: z.object({ name: z.string().trim().min(1).max(200), role: z.enum(ROLES) }),
    response: tokenSchema.extend({ token: z.string() }),
    status: 201,
  }),
  revokeToken: endpoint({ method: 'DELETE', path: '/api/tokens/:id', params: idParams, response: okResponse }),
};
