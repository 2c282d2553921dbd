import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test/support/app.js';
import { signInAtProvider, startOidcProvider, type TestPerson } from '../../../test/support/oidc.js';
import type { SsoConfigInput } from '../../shared/sso.js';
import { cliActor } from '../audit/actor.js';
import { claimValues, mapRole } from './sso.service.js';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) on a local port: the API's start,
 * the provider's sign-in form walked by fetch, and the callback through the app — on each backend.
 */
const PUBLIC_URL = 'http://tenure.test';
const REDIRECT = `${PUBLIC_URL}/api/auth/sso/callback`;
const people = new Map<string, TestPerson>([
  ['alice', { email: 'alice@corp.test', email_verified: true, name: 'Alice Zhang', groups: ['staff', 'cs-leads'] }],
  ['bob', { email: 'bob@corp.test', email_verified: true, name: 'Bob Li', groups: ['staff'] }],
  ['carol', { email: 'carol@corp.test', email_verified: true, name: 'Carol Wu', groups: [] }],
  ['dave', { email: 'dave@corp.test', email_verified: false, name: 'Dave' }],
  ['nomail', { name: 'No Mail' }],
]);

let t: TestApp;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;

const settings = (over: Partial<SsoConfigInput> = {}): SsoConfigInput => ({
  enabled: true,
  provider: 'oidc',
  agentId: '',
  baseUrl: '',
  issuerUrl: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  roleClaim: 'groups',
  roleMap: [
    { value: 'cs-leads', role: 'cs_manager' },
    { value: 'staff', role: 'csm' },
  ],
  jitEnabled: true,
  defaultRole: 'viewer',
  enforcedDomains: [],
  ...over,
});
const configure = (over: Partial<SsoConfigInput> = {}) =>
  t.services.sso.updateConfig(cliActor, settings(over), REDIRECT);

/** Starts through the API: the provider's address and the browser's state cookie. */
async function start(email?: string) {
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/sso/start', payload: email ? { email } : {} });
  expect(response.statusCode, response.body).toBe(200);
  const state = response.cookies.find((c) => c.name === 'tenure_sso_state');
  expect(state?.httpOnly).toBe(true);
  return { url: response.json().url as string, stateCookie: `tenure_sso_state=${state!.value}` };
}

/** The provider's redirect back, replayed against the app with the browser's cookie. */
async function callback(back: URL, cookie?: string) {
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/auth/sso/callback${back.search}`,
    headers: cookie ? { cookie } : {},
  });
  expect(response.statusCode).toBe(302);
  const session = response.cookies.find((c) => c.name === 'tenure_session' && c.value);
  return { location: response.headers.location as string, session, response };
}

async function signIn(login: string, email?: string) {
  const { url, stateCookie } = await start(email);
  return callback(await signInAtProvider(url, login), stateCookie);
}

const me = (session: { value: string }) =>
  t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `tenure_session=${session.value}` } });

const usersNamed = (email: string) =>
  t.database.db.selectFrom('users').selectAll().where('email', '=', email).execute();

beforeAll(async () => {
  t = await createTestApp({ TENURE_PUBLIC_URL: PUBLIC_URL });
  idp = await startOidcProvider({ redirectUris: [REDIRECT], people });
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});
beforeEach(() => configure());

describe('single sign-on: signing in', () => {
  it('creates a new person just in time with the mapped role and signs them in; the next sign-in reuses them', async () => {
    const first = await signIn('alice', 'alice@corp.test');
    expect(first.location).toBe('/');
    expect(first.session?.httpOnly).toBe(true);
    expect(first.response.cookies.find((c) => c.name === 'tenure_csrf')?.value).toBeTruthy();
    const who = await me(first.session!);
    expect(who.statusCode).toBe(200);
    // cs-leads comes first in the mapping table: cs_manager, although 'staff' (csm) is held too.
    expect(who.json()).toMatchObject({
      email: 'alice@corp.test',
      name: 'Alice Zhang',
      role: 'cs_manager',
      type: 'user',
    });
    const [created] = await usersNamed('alice@corp.test');
    expect(created.password_hash).toBeNull();
    expect(created.last_login_at).not.toBeNull();

    const second = await signIn('alice');
    expect(second.location).toBe('/');
    expect((await me(second.session!)).json().id).toBe(created.id);
    expect(await usersNamed('alice@corp.test')).toHaveLength(1);

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'after'])
      .where('entity_id', '=', created.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'sso_jit_create', 'sign_in', 'sign_in']);
    expect(audit[1].after).toMatchObject({ email: 'alice@corp.test', role: 'cs_manager', issuer: idp.issuer });
    expect(audit[2].after).toMatchObject({ method: 'sso', issuer: idp.issuer });
  });

  it('gives the default role when no mapping matches, and follows the groups when one later does', async () => {
    const carol = await signIn('carol');
    expect((await me(carol.session!)).json().role).toBe('viewer');
    people.set('carol', { ...people.get('carol')!, groups: ['staff'] });
    const again = await signIn('carol');
    expect((await me(again.session!)).json().role).toBe('csm');
  });

  it('matches an existing person by email whatever the case, keeping their role when no mapping matches', async () => {
    await t.services.users.create(cliActor, { email: 'Bob@Corp.test', name: 'Bob', role: 'sales' });
    await configure({ roleMap: [] });
    const bob = await signIn('bob');
    expect((await me(bob.session!)).json()).toMatchObject({ email: 'Bob@Corp.test', role: 'sales' });
    expect(await usersNamed('bob@corp.test')).toHaveLength(0);
  });

  it('refuses with jit_off when just-in-time creation is off, creating nobody', async () => {
    await configure({ jitEnabled: false });
    people.set('erin', { email: 'erin@corp.test', email_verified: true, name: 'Erin', groups: ['staff'] });
    const erin = await signIn('erin');
    expect(erin.location).toBe('/sign-in?sso_error=jit_off');
    expect(erin.session).toBeUndefined();
    expect(await usersNamed('erin@corp.test')).toHaveLength(0);
  });

  it('refuses an unverified email and an answer without one', async () => {
    expect((await signIn('dave')).location).toBe('/sign-in?sso_error=email_unverified');
    expect((await signIn('nomail')).location).toBe('/sign-in?sso_error=no_email');
    expect(await usersNamed('dave@corp.test')).toHaveLength(0);
  });

  it('refuses a deactivated person', async () => {
    const user = await t.services.users.create(cliActor, { email: 'frank@corp.test', name: 'Frank', role: 'csm' });
    await t.services.users.update(cliActor, user.id, { active: false });
    people.set('frank', { email: 'frank@corp.test', email_verified: true, name: 'Frank' });
    const frank = await signIn('frank');
    expect(frank.location).toBe('/sign-in?sso_error=inactive');
    expect(frank.session).toBeUndefined();
  });
});

describe('single sign-on: the callback refuses what it cannot trust, leaving no session', () => {
  it('a state that does not match the browser’s cookie, or none', async () => {
    const { url } = await start();
    const other = await start();
    const back = await signInAtProvider(url, 'bob');
    expect((await callback(back, other.stateCookie)).location).toBe('/sign-in?sso_error=state');
    expect((await callback(back)).location).toBe('/sign-in?sso_error=state');
  });

  it('a callback used twice (the sign-in under way is taken once)', async () => {
    const { url, stateCookie } = await start();
    const back = await signInAtProvider(url, 'bob');
    expect((await callback(back, stateCookie)).location).toBe('/');
    const replay = await callback(back, stateCookie);
    expect(replay.location).toBe('/sign-in?sso_error=state');
    expect(replay.session).toBeUndefined();
  });

  it('an id_token whose nonce is not the one this sign-in sent', async () => {
    const { url, stateCookie } = await start();
    await t.database.db.updateTable('sso_requests').set({ nonce: 'someone-elses-nonce' }).execute();
    const refused = await callback(await signInAtProvider(url, 'bob'), stateCookie);
    expect(refused.location).toBe('/sign-in?sso_error=validation');
    expect(refused.session).toBeUndefined();
  });

  it('an answer naming another issuer', async () => {
    const { url, stateCookie } = await start();
    const back = await signInAtProvider(url, 'bob');
    expect(back.searchParams.get('iss')).toBe(idp.issuer);
    back.searchParams.set('iss', 'https://idp.attacker.test');
    const refused = await callback(back, stateCookie);
    expect(refused.location).toBe('/sign-in?sso_error=validation');
    expect(refused.session).toBeUndefined();
  });

  it('an error from the provider (the person cancelled)', async () => {
    const { url, stateCookie } = await start();
    const state = new URL(url).searchParams.get('state')!;
    const back = new URL(`${REDIRECT}?error=access_denied&state=${state}&iss=${encodeURIComponent(idp.issuer)}`);
    expect((await callback(back, stateCookie)).location).toBe('/sign-in?sso_error=provider');
  });

  it('a provider that cannot be reached: start answers 409 in the caller’s language; the test says why', async () => {
    // A port nothing listens on any more.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await configure({ issuerUrl: `http://127.0.0.1:${port}/unreachable` });
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sso/start',
      payload: {},
      headers: { 'accept-language': 'en' },
    });
    expect(en.statusCode).toBe(409);
    expect(en.json().error.message).toMatch(/^The identity provider could not be reached: /);
    const zh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sso/start',
      payload: {},
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.json().error.message).toMatch(/^无法连接身份提供方：/);
    const test = await t.services.sso.test();
    expect(test).toMatchObject({ ok: false, issuer: null });
    expect(test.error).toBeTruthy();
    await configure();
    expect(await t.services.sso.test()).toMatchObject({ ok: true, issuer: idp.issuer, error: null });
  });

  it('SSO switched off: start is refused and a callback too', async () => {
    const { url, stateCookie } = await start();
    const back = await signInAtProvider(url, 'bob');
    await configure({ enabled: false });
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/sso/start', payload: {} });
    expect(response.statusCode).toBe(409);
    expect((await callback(back, stateCookie)).location).toBe('/sign-in?sso_error=disabled');
  });
});

describe('SSO only for a domain', () => {
  const login = (email: string, language = 'en') =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: TEST_PASSWORD },
      headers: { 'accept-language': language },
    });

  it('refuses password sign-in for the domain in the caller’s language, but not for the first admin', async () => {
    await configure({ enforcedDomains: ['test.local'] });
    const en = await login('CSM@test.local');
    expect(en.statusCode).toBe(403);
    expect(en.json().error).toMatchObject({
      code: 'sso_required',
      message: 'People at test.local sign in with single sign-on: use “Sign in with SSO”',
    });
    expect((await login('csm@test.local', 'zh-CN')).json().error.message).toBe(
      'test.local 的成员须通过单点登录（SSO）登录：请点击“使用 SSO 登录”',
    );
    // Break-glass: the install's first admin keeps a password.
    expect((await login('admin@test.local')).statusCode).toBe(200);
    // Another domain is not concerned, and switching SSO off lifts the rule.
    await configure({ enforcedDomains: ['corp.test'] });
    expect((await login('csm@test.local')).statusCode).toBe(200);
    await configure({ enforcedDomains: ['test.local'], enabled: false });
    expect((await login('csm@test.local')).statusCode).toBe(200);
  });
});

describe('SSO settings', () => {
  it('never shows the client secret back, keeps it when not sent, and keeps it out of the audit log', async () => {
    const admin = await t.as('admin');
    const shown = await t.app.inject({ method: 'GET', url: '/api/settings/sso', headers: admin.headers });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain(idp.clientSecret);
    expect(shown.json()).toMatchObject({ clientSecretHint: '••••6789', redirectUrl: REDIRECT, enabled: true });
    const { clientSecret: _kept, ...rest } = settings({ defaultRole: 'support' });
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/sso',
      headers: admin.headers,
      payload: rest,
    });
    expect(saved.json()).toMatchObject({ clientSecretHint: '••••6789', defaultRole: 'support' });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity', '=', 'sso_config')
      .execute();
    expect(JSON.stringify(audit)).not.toContain(idp.clientSecret);
    expect(audit.at(-1)!.after).toMatchObject({ client_secret: '[redacted]' });
  });

  it('refuses switching on without an issuer, and a domain that is not one, naming the field', async () => {
    const admin = await t.as('admin');
    const put = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PUT', url: '/api/settings/sso', headers: admin.headers, payload });
    const noIssuer = await put({ ...settings({ issuerUrl: '' }), clientSecret: undefined });
    expect(noIssuer.statusCode).toBe(400);
    expect(JSON.stringify(noIssuer.json())).toContain('issuerUrl');
    const badDomain = await put({ ...settings({ enforcedDomains: ['not a domain'] }), clientSecret: undefined });
    expect(badDomain.statusCode).toBe(400);
    expect(JSON.stringify(badDomain.json())).toContain('enforcedDomains');
  });
});

describe('role mapping', () => {
  const map = [
    { value: 'admins', role: 'admin' as const },
    { value: 'cs', role: 'csm' as const },
  ];
  it('takes the first mapping the claim holds, in the table’s order', () => {
    expect(mapRole(['cs', 'admins'], map)).toBe('admin');
    expect(mapRole(['cs'], map)).toBe('csm');
    expect(mapRole(['other'], map)).toBeUndefined();
  });
  it('reads a claim as a string, a list or at a dotted path', () => {
    expect(claimValues({ roles: 'cs' }, 'roles')).toEqual(['cs']);
    expect(claimValues({ groups: ['a', 7, { x: 1 }] }, 'groups')).toEqual(['a', '7']);
    expect(claimValues({ realm_access: { roles: ['admins'] } }, 'realm_access.roles')).toEqual(['admins']);
    expect(claimValues({}, 'groups')).toEqual([]);
  });
});
