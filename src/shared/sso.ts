import { z } from 'zod';
import { endpoint } from './endpoint.js';
import { ROLES } from './roles.js';

/**
 * Single sign-on with OpenID Connect (docs/sso.md). The callback itself is a redirect, not JSON
 * (GET /api/auth/sso/callback, registered by hand and named in test/contract.test.ts); when it refuses,
 * it sends the browser to /sign-in?sso_error=<one of these>, which the sign-in page words.
 */
export const SSO_ERRORS = [
  'disabled', // SSO is not switched on
  'state', // no sign-in under way matches (expired, used, or started in another browser)
  'provider', // the identity provider answered with an error (the person cancelled, no access …)
  'validation', // the answer failed a check: issuer, signature, nonce, PKCE, audience, expiry
  'unavailable', // the identity provider could not be reached or its discovery document is wrong
  'no_email', // no email in the id_token nor the userinfo
  'email_unverified', // the provider says the email is not verified
  'jit_off', // no Tenure user has this email and just-in-time creation is off
  'inactive', // the Tenure user is deactivated
] as const;
export type SsoError = (typeof SSO_ERRORS)[number];

/**
 * What the connection speaks: OpenID Connect (any compliant provider), or the OAuth 2.0 web sign-in of
 * Feishu / Lark, DingTalk or WeCom, whose token and user endpoints are their own (docs/sso.md).
 */
export const SSO_PROVIDERS = ['oidc', 'feishu', 'dingtalk', 'wecom'] as const;
export type SsoProvider = (typeof SSO_PROVIDERS)[number];

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'errors.ssoDomain');

export const ssoRoleMappingSchema = z.object({
  value: z.string().trim().min(1).max(300),
  role: z.enum(ROLES),
});

export const ssoConfigSchema = z.object({
  enabled: z.boolean(),
  provider: z.enum(SSO_PROVIDERS),
  issuerUrl: z.string(),
  /** WeCom's application (agent) id; empty for the others. */
  agentId: z.string(),
  /** A platform's API address when not its public one (private deployment, Lark); empty for the public hosts. */
  baseUrl: z.string(),
  clientId: z.string(),
  /** Never the secret: its last four characters after dots, or null when none is stored. */
  clientSecretHint: z.string().nullable(),
  /** Where the identity provider must send people back: to copy into its application settings. */
  redirectUrl: z.string(),
  roleClaim: z.string(),
  roleMap: z.array(ssoRoleMappingSchema),
  jitEnabled: z.boolean(),
  defaultRole: z.enum(ROLES),
  enforcedDomains: z.array(z.string()),
});
export type SsoConfig = z.infer<typeof ssoConfigSchema>;

export const ssoConfigInputSchema = z.object({
  enabled: z.boolean(),
  provider: z.enum(SSO_PROVIDERS).default('oidc'),
  issuerUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(500)]),
  /** The OIDC client id, Feishu's app id, DingTalk's client id (app key) or WeCom's corp id. */
  clientId: z.string().trim().max(300),
  agentId: z
    .string()
    .trim()
    .max(100)
    .regex(/^[0-9]*$/)
    .default(''),
  baseUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(500)]).default(''),
  /** Undefined keeps the stored secret; null clears it. */
  clientSecret: z.string().trim().min(1).max(1000).nullable().optional(),
  roleClaim: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_:/.-]+$/),
  roleMap: z.array(ssoRoleMappingSchema).max(100),
  jitEnabled: z.boolean(),
  defaultRole: z.enum(ROLES),
  enforcedDomains: z.array(domainSchema).max(50),
});
export type SsoConfigInput = z.infer<typeof ssoConfigInputSchema>;

export const ssoTestResultSchema = z.object({
  ok: z.boolean(),
  issuer: z.string().nullable(),
  authorizationEndpoint: z.string().nullable(),
  tokenEndpoint: z.string().nullable(),
  /** Why discovery failed, as the library or the network said it (not translated: for the admin to read). */
  error: z.string().nullable(),
});

export const ssoApi = {
  /** For the sign-in page: whether to offer "Sign in with SSO". */
  status: endpoint({
    method: 'GET',
    path: '/api/auth/sso',
    response: z.object({ enabled: z.boolean() }),
  }),
  /** Starts a sign-in: the web app sends the browser to the returned identity provider address. */
  start: endpoint({
    method: 'POST',
    path: '/api/auth/sso/start',
    body: z.object({ email: z.email().max(320).optional() }),
    response: z.object({ url: z.string() }),
  }),
  config: endpoint({ method: 'GET', path: '/api/settings/sso', response: ssoConfigSchema }),
  updateConfig: endpoint({
    method: 'PUT',
    path: '/api/settings/sso',
    body: ssoConfigInputSchema,
    response: ssoConfigSchema,
  }),
  /** Fetches the issuer's discovery document (the stored issuer, or the one given) and says what it found. */
  test: endpoint({
    method: 'POST',
    path: '/api/settings/sso/test',
    body: z.object({
      issuerUrl: z
        .url({ protocol: /^https?$/ })
        .max(500)
        .optional(),
    }),
    response: ssoTestResultSchema,
  }),
};
