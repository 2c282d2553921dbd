import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { AppError, invalidField } from '../../http/errors.js';
import type { Role } from '../../shared/roles.js';
import type { SsoConfig, SsoConfigInput, SsoError, SsoProvider } from '../../shared/sso.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UserService } from '../users/users.service.js';
import type { AuthService } from './auth.service.js';
import { digest } from './secrets.js';
import { PLATFORMS, PlatformRefusal, PlatformUnavailable, type SsoIdentity } from './sso.platforms.js';
import { insertSsoRequest, readSsoConfig, saveSsoConfig, type SsoConfigRow, takeSsoRequest } from './sso.repository.js';

/** A refusal of the callback: the browser goes back to the sign-in page, which words the code. */
export class SsoRefusal extends Error {
  constructor(
    readonly code: SsoError,
    readonly detail?: string,
  ) {
    super(`sso ${code}${detail ? `: ${detail}` : ''}`);
  }
}

/** How long a started sign-in may take at the identity provider. */
const REQUEST_MINUTES = 10;
const DEFAULTS = {
  enabled: false,
  issuer_url: '',
  client_id: '',
  client_secret: null,
  role_claim: 'groups',
  role_map: [] as { value: string; role: Role }[],
  jit_enabled: true,
  default_role: 'viewer' as Role,
  enforced_domains: [] as string[],
  provider: 'oidc' as SsoProvider,
  agent_id: '',
  base_url: '',
};

/** What a claim holds at a dotted path ("groups", "roles", "realm_access.roles"), as a list of strings. */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value))
    return value.filter((v): v is string | number => ['string', 'number'].includes(typeof v)).map(String);
  return [];
}

/** The role of the first mapping (in the admin's order) whose value the claim holds; undefined when none does. */
export function mapRole(values: readonly string[], map: readonly { value: string; role: Role }[]): Role | undefined {
  const held = new Set(values);
  return map.find((m) => held.has(m.value))?.role;
}

/**
 * Only a provider on this machine may speak plain HTTP (a local test or a development identity
 * provider); anywhere else the issuer must be HTTPS, as OpenID Connect requires.
 */
const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export interface SsoDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  users: Pick<UserService, 'findByEmail' | 'create' | 'update'>;
  auth: Pick<AuthService, 'startSession'>;
}

const ssoActor: Actor = { type: 'system', id: null, name: 'sso', role: 'admin' };

export function createSsoService({ db, clock, audit, users, auth }: SsoDeps) {
  const current = async () => (await readSsoConfig(db)) ?? { ...DEFAULTS, id: true, updated_at: clock.now() };

  const view = (row: Omit<SsoConfigRow, 'id' | 'updated_at'>, redirectUrl: string): SsoConfig => ({
    enabled: row.enabled,
    provider: row.provider,
    issuerUrl: row.issuer_url,
    agentId: row.agent_id,
    baseUrl: row.base_url,
    clientId: row.client_id,
    clientSecretHint: row.client_secret ? `••••${row.client_secret.slice(-4)}` : null,
    redirectUrl,
    roleClaim: row.role_claim,
    roleMap: row.role_map,
    jitEnabled: row.jit_enabled,
    defaultRole: row.default_role,
    enforcedDomains: row.enforced_domains,
  });

  async function discover(row: Pick<SsoConfigRow, 'issuer_url' | 'client_id' | 'client_secret'>) {
    const issuer = new URL(row.issuer_url);
    return oidc.discovery(issuer, row.client_id, row.client_secret ?? undefined, undefined, {
      execute: isLoopback(issuer) ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    });
  }

  const service = {
    async status() {
      const row = await current();
      return { enabled: row.enabled };
    },

    async config(redirectUrl: string) {
      return view(await current(), redirectUrl);
    },

    async updateConfig(actor: Actor, input: SsoConfigInput, redirectUrl: string) {
      const before = await current();
      const next = {
        enabled: input.enabled,
        issuer_url: input.issuerUrl.trim(),
        client_id: input.clientId.trim(),
        client_secret: input.clientSecret === undefined ? before.client_secret : input.clientSecret,
        role_claim: input.roleClaim,
        role_map: input.roleMap,
        jit_enabled: input.jitEnabled,
        default_role: input.defaultRole,
        enforced_domains: [...new Set(input.enforcedDomains)],
        provider: input.provider,
        agent_id: input.agentId,
        base_url: input.baseUrl.replace(/\/+$/, ''),
      };
      if (next.enabled && next.provider === 'oidc' && !next.issuer_url)
        throw invalidField(['body', 'issuerUrl'], 'errors.ssoIncomplete');
      if (next.enabled && !next.client_id) throw invalidField(['body', 'clientId'], 'errors.ssoIncomplete');
      if (next.enabled && next.provider !== 'oidc' && !next.client_secret)
        throw invalidField(['body', 'clientSecret'], 'errors.ssoIncomplete');
      if (next.enabled && next.provider === 'wecom' && !next.agent_id)
        throw invalidField(['body', 'agentId'], 'errors.ssoIncomplete');
      // The secret and the people's tokens travel to this address: HTTPS, except on this machine.
      if (next.base_url && !next.base_url.startsWith('https:') && !isLoopback(new URL(next.base_url)))
        throw invalidField(['body', 'baseUrl'], 'errors.ssoHttps');
      return db.transaction().execute(async (trx) => {
        const after = await saveSsoConfig(trx, next, clock.now());
        // The audit log records that the secret changed, never its value.
        const redact = (r: typeof after | typeof before) => ({
          ...r,
          client_secret: r.client_secret ? '[redacted]' : null,
        });
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'sso_config',
          entityId: null,
          before: redact(before),
          after: redact(after),
        });
        return view(after, redirectUrl);
      });
    },

    /** Fetches the discovery document: what an admin's "Test connection" shows. Never throws. */
    async test(issuerUrl?: string) {
      const row = await current();
      if (row.provider !== 'oidc' && !issuerUrl)
        return {
          ok: false,
          issuer: null,
          authorizationEndpoint: null,
          tokenEndpoint: null,
          error: 'OpenID Connect only',
        };
      try {
        const config = await discover({
          ...row,
          issuer_url: issuerUrl ?? row.issuer_url,
          client_id: row.client_id || 'test',
        });
        const meta = config.serverMetadata();
        return {
          ok: true,
          issuer: meta.issuer,
          authorizationEndpoint: meta.authorization_endpoint ?? null,
          tokenEndpoint: meta.token_endpoint ?? null,
          error: null,
        };
      } catch (error) {
        return { ok: false, issuer: null, authorizationEndpoint: null, tokenEndpoint: null, error: describe(error) };
      }
    },

    /**
     * Starts a sign-in: a state (bound to the browser by the caller's cookie), a nonce and a PKCE verifier are
     * kept for the callback; returns the identity provider's address to send the browser to.
     */
    async start({ email, redirectUrl }: { email?: string; redirectUrl: string }) {
      const row = await current();
      if (!row.enabled) throw new AppError(409, 'sso_disabled', 'errors.ssoDisabled');
      if (row.provider !== 'oidc') {
        // No nonce nor PKCE on these platforms: the state (cookie-bound, stored once, ten minutes) is the binding.
        const state = oidc.randomState();
        const now = clock.now();
        await insertSsoRequest(
          db,
          {
            state_hash: digest(state),
            nonce: '',
            code_verifier: '',
            expires_at: new Date(now.getTime() + REQUEST_MINUTES * 60_000),
          },
          now,
        );
        return { url: PLATFORMS[row.provider].authorizeUrl(platformSettings(row), redirectUrl, state).href, state };
      }
      let config: oidc.Configuration;
      try {
        config = await discover(row);
      } catch (error) {
        throw new AppError(409, 'sso_unavailable', 'errors.ssoUnavailable', { reason: describe(error) });
      }
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const now = clock.now();
      await insertSsoRequest(
        db,
        {
          state_hash: digest(state),
          nonce,
          code_verifier: codeVerifier,
          expires_at: new Date(now.getTime() + REQUEST_MINUTES * 60_000),
        },
        now,
      );
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUrl,
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        ...(email ? { login_hint: email } : {}),
      });
      return { url: url.href, state };
    },

    /**
     * The identity provider's answer: checks it (state against the browser's, issuer, PKCE, the id_token's
     * signature, audience, expiry and nonce — openid-client), finds or creates the person and starts a
     * normal session. Throws SsoRefusal, leaving no session, on anything wrong.
     */
    async callback({ currentUrl, browserState }: { currentUrl: URL; browserState: string | undefined }) {
      const row = await current();
      if (!row.enabled) throw new SsoRefusal('disabled');
      const returned = currentUrl.searchParams.get('state');
      if (!returned || !browserState || returned !== browserState) throw new SsoRefusal('state');
      const pending = await takeSsoRequest(db, digest(returned), clock.now());
      if (!pending) throw new SsoRefusal('state');
      if (currentUrl.searchParams.has('error'))
        throw new SsoRefusal(
          'provider',
          currentUrl.searchParams.get('error_description') ?? currentUrl.searchParams.get('error') ?? '',
        );

      const { identity, issuer } =
        row.provider === 'oidc'
          ? await oidcIdentity(row, currentUrl, returned, pending)
          : await platformIdentity(row, currentUrl);
      return signIn(row, identity, issuer);
    },
  };

  /** The OpenID Connect answer, checked by openid-client, as the shared identity. */
  async function oidcIdentity(
    row: SsoConfigRow,
    currentUrl: URL,
    returned: string,
    pending: { nonce: string; code_verifier: string },
  ): Promise<{ identity: SsoIdentity; issuer: string }> {
    let config: oidc.Configuration;
    try {
      config = await discover(row);
    } catch (error) {
      throw new SsoRefusal('unavailable', describe(error));
    }
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.code_verifier,
        expectedState: returned,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = { ...(tokens.claims() ?? {}) };
      // Many providers put email, name or groups only in the userinfo answer.
      const roleClaim = row.role_claim.split('.')[0];
      if ((!claims.email || !(roleClaim in claims)) && config.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub));
        claims = { ...info, ...claims };
      }
    } catch (error) {
      throw new SsoRefusal('validation', describe(error));
    }
    const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
    return {
      identity: {
        subject: String(claims.sub),
        email: text(claims.email),
        emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
        name: text(claims.name),
        claims,
      },
      issuer: config.serverMetadata().issuer,
    };
  }

  /** Feishu, DingTalk or WeCom: the code exchanged through the platform's own endpoints (sso.platforms.ts). */
  async function platformIdentity(row: SsoConfigRow, currentUrl: URL) {
    const provider = row.provider as Exclude<SsoProvider, 'oidc'>;
    // DingTalk's sign-in sends the code back as authCode (and code); the others as code.
    const code = currentUrl.searchParams.get('code') ?? currentUrl.searchParams.get('authCode');
    if (!code) throw new SsoRefusal('provider', 'no code in the answer');
    const redirectUrl = `${currentUrl.origin}${currentUrl.pathname}`;
    try {
      const identity = await PLATFORMS[provider].identify(platformSettings(row), code, redirectUrl);
      return { identity, issuer: provider };
    } catch (error) {
      if (error instanceof PlatformRefusal) throw new SsoRefusal('provider', error.message);
      if (error instanceof PlatformUnavailable) throw new SsoRefusal('unavailable', error.message);
      throw new SsoRefusal('validation', describe(error));
    }
  }

  /** Shared by every provider: find or create the person (just in time), map the role, start a session. */
  async function signIn(row: SsoConfigRow, identity: SsoIdentity, issuer: string) {
    const email = identity.email;
    if (!email) throw new SsoRefusal('no_email');
    if (identity.emailVerified === false) throw new SsoRefusal('email_unverified');
    const mapped = mapRole(claimValues(identity.claims, row.role_claim), row.role_map);

    let user = await users.findByEmail(email);
    if (!user) {
      if (!row.jit_enabled) throw new SsoRefusal('jit_off', email);
      const name = identity.name || email.split('@')[0];
      const created = await users.create(ssoActor, {
        email,
        name: name.slice(0, 200),
        role: mapped ?? row.default_role,
      });
      await audit.record(db, ssoActor, {
        action: 'sso_jit_create',
        entity: 'user',
        entityId: created.id,
        after: { email, role: created.role, issuer, claim: row.role_claim },
      });
      user = await users.findByEmail(email);
    } else if (!user.active) {
      throw new SsoRefusal('inactive', email);
    } else if (mapped && mapped !== user.role) {
      // The identity provider's groups decide the role when a mapping matches; with none, the role set in Tenure stays.
      try {
        await users.update(ssoActor, user.id, { role: mapped });
        user = await users.findByEmail(email);
      } catch (error) {
        // The last admin keeps the role (users.update refuses); the person still signs in.
        if (!(error instanceof AppError && error.code === 'last_admin')) throw error;
      }
    }
    if (!user) throw new SsoRefusal('no_email');
    const session = await auth.startSession(user);
    await audit.record(
      db,
      { type: 'user', id: user.id, name: user.name, role: user.role },
      {
        action: 'sign_in',
        entity: 'user',
        entityId: user.id,
        after: { method: 'sso', issuer, role: user.role },
      },
    );
    return session;
  }

  return service;
}

const platformSettings = (row: SsoConfigRow) => ({
  clientId: row.client_id,
  clientSecret: row.client_secret ?? '',
  agentId: row.agent_id,
  baseUrl: row.base_url,
});

function describe(error: unknown): string {
  const e = error as { message?: string; code?: string; cause?: { message?: string } };
  return [e?.code, e?.message, e?.cause?.message].filter(Boolean).join(': ').slice(0, 500) || String(error);
}

export type SsoService = ReturnType<typeof createSsoService>;
