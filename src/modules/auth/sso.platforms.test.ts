import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { type Platform, type PlatformPerson, startPlatformServer } from '../../../test/support/sso-platforms.js';
import type { SsoConfigInput } from '../../shared/sso.js';
import { cliActor } from '../audit/actor.js';
import { PLATFORMS, PlatformRefusal } from './sso.platforms.js';

/**
 * Single sign-on through Feishu, DingTalk and WeCom's own OAuth 2.0 sign-ins (sso.platforms.ts) against a local
 * server answering in each platform's documented shapes (test/fixtures/<platform>/): the API's start, the
 * platform's sign-in page, and the callback through the app — just-in-time creation and role mapping are the
 * OIDC path's, shared.
 */
const PUBLIC_URL = 'http://tenure.test';
const REDIRECT = `${PUBLIC_URL}/api/auth/sso/callback`;
const people = new Map<string, PlatformPerson>([
  ['alice', { name: 'Alice Zhang', email: 'alice@corp.test', department: [7, 1] }],
  ['bob', { name: 'Bob Li', email: 'bob@corp.test', department: [1], org: 'another-org' }],
  ['nomail', { name: 'No Mail' }],
]);

let t: TestApp;
let platforms: Awaited<ReturnType<typeof startPlatformServer>>;

/** What each platform's settings and role mapping look like: a claim its user answer carries. */
const CASES: Record<Platform, { clientId: string; agentId: string; roleClaim: string; value: string }> = {
  // Feishu: the tenant (tenant_key) a person belongs to.
  feishu: { clientId: 'cli_a1b2c3d4e5', agentId: '', roleClaim: 'tenant_key', value: '736588c92lxf175d' },
  // DingTalk: the organisation the person signed in to (corpId of the token answer).
  dingtalk: { clientId: 'dingabcdefgh12345', agentId: '', roleClaim: 'corpId', value: 'ding5f9e6d1a2b3c4d5e' },
  // WeCom: a department id.
  wecom: { clientId: 'ww1234567890abcdef', agentId: '1000002', roleClaim: 'department', value: '7' },
};

const settings = (platform: Platform, over: Partial<SsoConfigInput> = {}): SsoConfigInput => ({
  enabled: true,
  provider: platform,
  issuerUrl: '',
  clientId: CASES[platform].clientId,
  clientSecret: 'wecom-secret-0123456789',
  agentId: CASES[platform].agentId,
  baseUrl: platforms.url,
  roleClaim: CASES[platform].roleClaim,
  roleMap: [{ value: CASES[platform].value, role: 'cs_manager' }],
  jitEnabled: true,
  defaultRole: 'viewer',
  enforcedDomains: [],
  ...over,
});

async function start() {
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/sso/start', payload: {} });
  expect(response.statusCode, response.body).toBe(200);
  const state = response.cookies.find((c) => c.name === 'tenure_sso_state')!;
  return { url: response.json().url as string, stateCookie: `tenure_sso_state=${state.value}` };
}

/** The platform's sign-in page: it redirects straight back with a code for `login`. */
async function atPlatform(url: string, login: string) {
  platforms.state.login = login;
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

async function callback(back: URL, cookie?: string) {
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/auth/sso/callback${back.search}`,
    headers: cookie ? { cookie } : {},
  });
  expect(response.statusCode).toBe(302);
  const session = response.cookies.find((c) => c.name === 'tenure_session' && c.value);
  return { location: response.headers.location as string, session };
}

async function signIn(login: string) {
  const { url, stateCookie } = await start();
  return callback(await atPlatform(url, login), stateCookie);
}

const me = (session: { value: string }) =>
  t.app
    .inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `tenure_session=${session.value}` } })
    .then((r) => r.json());

beforeAll(async () => {
  t = await createTestApp({ TENURE_PUBLIC_URL: PUBLIC_URL });
  platforms = await startPlatformServer(people);
});
afterAll(async () => {
  await platforms?.close();
  await t?.close();
});

describe.each(['feishu', 'dingtalk', 'wecom'] as const)('single sign-on through %s', (platform) => {
  beforeAll(async () => {
    await t.services.sso.updateConfig(cliActor, settings(platform), REDIRECT);
    await t.database.db.deleteFrom('users').where('email', 'in', ['alice@corp.test', 'bob@corp.test']).execute();
  });

  it('sends the browser to the platform’s sign-in page with the app’s id and the state', async () => {
    const { url } = await start();
    const at = new URL(url);
    expect(at.origin).toBe(platforms.url);
    const q = Object.fromEntries(at.searchParams);
    expect(q.state).toMatch(/.{20,}/);
    expect(q.redirect_uri).toBe(REDIRECT);
    if (platform === 'feishu') expect(at.pathname).toBe('/open-apis/authen/v1/authorize');
    if (platform === 'feishu') expect(q.app_id).toBe(CASES.feishu.clientId);
    if (platform === 'dingtalk')
      expect(q).toMatchObject({ client_id: CASES.dingtalk.clientId, response_type: 'code', scope: 'openid' });
    if (platform === 'wecom')
      expect(q).toMatchObject({ login_type: 'CorpApp', appid: CASES.wecom.clientId, agentid: '1000002' });
  });

  it('creates a person just in time with the mapped role, then signs them in again as the same person', async () => {
    platforms.requests.length = 0;
    const first = await signIn('alice');
    expect(first.location).toBe('/');
    const who = await me(first.session!);
    expect(who).toMatchObject({ email: 'alice@corp.test', name: 'Alice Zhang', role: 'cs_manager' });
    // The code went to the platform's token endpoint with the app's secret.
    const exchange = platforms.requests[platform === 'wecom' ? 1 : 0];
    if (platform === 'feishu')
      expect(exchange.body).toMatchObject({
        grant_type: 'authorization_code',
        client_id: CASES.feishu.clientId,
        client_secret: 'wecom-secret-0123456789',
        redirect_uri: REDIRECT,
      });
    if (platform === 'dingtalk')
      expect(exchange.body).toMatchObject({
        clientId: CASES.dingtalk.clientId,
        clientSecret: 'wecom-secret-0123456789',
        grantType: 'authorization_code',
      });
    if (platform === 'wecom') expect(platforms.requests[0].query.get('corpid')).toBe(CASES.wecom.clientId);

    // Bob holds no mapped value: the default role.
    expect(await me((await signIn('bob')).session!)).toMatchObject({ email: 'bob@corp.test', role: 'viewer' });
    const again = await signIn('alice');
    expect((await me(again.session!)).id).toBe(who.id);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_id', '=', who.id)
      .where('action', 'in', ['sso_jit_create', 'sign_in'])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['sso_jit_create', 'sign_in', 'sign_in']);
    expect(audit[1].after).toMatchObject({ method: 'sso', issuer: platform });
  });

  it('refuses a code the platform does not know (wrong, used or expired), with its error', async () => {
    const { url, stateCookie } = await start();
    const back = await atPlatform(url, 'alice');
    back.searchParams.set(platform === 'dingtalk' ? 'authCode' : 'code', 'expired-code');
    const refused = await callback(back, stateCookie);
    expect(refused).toEqual({ location: '/sign-in?sso_error=provider', session: undefined });
    // The refusal carries the platform's own error (the server log shows it).
    const said = { feishu: /20003 .*has expired/, dingtalk: /InvalidAuthentication/, wecom: /40029 invalid code/ };
    const adapter = PLATFORMS[platform];
    const s = {
      clientId: CASES[platform].clientId,
      clientSecret: 'wecom-secret-0123456789',
      agentId: '1',
      baseUrl: platforms.url,
    };
    await expect(adapter.identify(s, 'expired-code', REDIRECT)).rejects.toThrow(PlatformRefusal);
    await expect(adapter.identify(s, 'expired-code', REDIRECT)).rejects.toThrow(said[platform]);
  });

  it('refuses a person the platform gives no email for, creating nobody', async () => {
    const refused = await signIn('nomail');
    expect(refused).toEqual({ location: '/sign-in?sso_error=no_email', session: undefined });
    expect(await t.database.db.selectFrom('users').select('id').where('name', '=', 'No Mail').execute()).toEqual([]);
  });

  it('refuses a state that is not this browser’s, and a callback used twice', async () => {
    const { url } = await start();
    const other = await start();
    const back = await atPlatform(url, 'alice');
    expect((await callback(back, other.stateCookie)).location).toBe('/sign-in?sso_error=state');
    const mine = await start();
    const mineBack = await atPlatform(mine.url, 'alice');
    expect((await callback(mineBack, mine.stateCookie)).location).toBe('/');
    expect(await callback(mineBack, mine.stateCookie)).toEqual({
      location: '/sign-in?sso_error=state',
      session: undefined,
    });
  });
});

describe('a platform that cannot be reached', () => {
  it('refuses the callback with unavailable, leaving no session', async () => {
    await t.services.sso.updateConfig(cliActor, settings('dingtalk'), REDIRECT);
    const { url, stateCookie } = await start();
    const back = await atPlatform(url, 'alice');
    // The API address now names a port nothing listens on.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await t.services.sso.updateConfig(
      cliActor,
      settings('dingtalk', { baseUrl: `http://127.0.0.1:${port}` }),
      REDIRECT,
    );
    expect(await callback(back, stateCookie)).toEqual({
      location: '/sign-in?sso_error=unavailable',
      session: undefined,
    });
  });
});

describe('settings of a platform connection', () => {
  const put = async (payload: Record<string, unknown>) => {
    const admin = await t.as('admin');
    return t.app.inject({ method: 'PUT', url: '/api/settings/sso', headers: admin.headers, payload });
  };

  it('needs WeCom’s agent id and an HTTPS API address, naming the field; never shows the secret', async () => {
    const noAgent = await put(settings('wecom', { agentId: '' }));
    expect(noAgent.statusCode).toBe(400);
    expect(JSON.stringify(noAgent.json())).toContain('agentId');
    const plain = await put(settings('feishu', { baseUrl: 'http://open.feishu.example' }));
    expect(plain.statusCode).toBe(400);
    expect(JSON.stringify(plain.json())).toContain('baseUrl');
    const saved = await put(settings('wecom'));
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ provider: 'wecom', agentId: '1000002', clientSecretHint: '••••6789' });
    expect(saved.body).not.toContain('wecom-secret');
  });
});
