import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import type { SsoConfigInput } from '../../src/shared/sso.js';
import { startOidcProvider, type TestPerson } from '../support/oidc.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

/**
 * Single sign-on in Chromium against a real OpenID Connect provider (oidc-provider) on a local port: the
 * admin sets it up on the settings page, people sign in through the provider's own sign-in form, and the
 * refusals (SSO-only domain, no just-in-time creation) are said on the sign-in page.
 */
const ADMIN = { email: 'admin@corp.test', name: 'Ada Admin', password: 'admin password, long' };
const people = new Map<string, TestPerson>([
  ['alice', { email: 'alice@corp.test', email_verified: true, name: 'Alice Zhang', groups: ['staff', 'cs-leads'] }],
  ['erin', { email: 'erin@corp.test', email_verified: true, name: 'Erin Ma', groups: ['staff'] }],
]);

let b: BrowserApp;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;

beforeAll(async () => {
  b = await startBrowserApp();
  idp = await startOidcProvider({ redirectUris: [`${b.baseUrl}/api/auth/sso/callback`], people });
  await b.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
}, 300_000);
afterAll(async () => {
  await idp?.close();
  await b?.close();
});

const configure = async (over: Partial<SsoConfigInput>) => {
  const current = await b.services.sso.config('');
  const { clientSecretHint: _h, redirectUrl: _r, ...rest } = current;
  await b.services.sso.updateConfig(cliActor, { ...rest, ...over }, '');
};

/** From a signed-out browser: the sign-in page's SSO button, then the provider's own form. */
async function signInWithSso(email: string, login: string) {
  const { page, baseUrl } = b;
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('sso-start').click();
  await page.waitForURL((url) => url.origin === idp.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('the provider checks this, not Tenure');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.origin === baseUrl);
}

describe('single sign-on in the browser', () => {
  it('is set up by an admin on Settings → Single sign-on, with a connection test', async () => {
    const { page, baseUrl } = b;
    await b.signIn(ADMIN);
    await page.goto(`${baseUrl}/settings/sso`);
    await expect
      .poll(() => page.getByTestId('sso-redirect-url').textContent())
      .toBe(`${baseUrl}/api/auth/sso/callback`);
    await page.getByTestId('sso-issuer').fill(idp.issuer);
    await page.getByTestId('sso-test').click();
    await page.getByTestId('sso-test-result').getByText(`Connected to ${idp.issuer}`).waitFor();
    await page.getByTestId('sso-client-id').fill(idp.clientId);
    await page.getByTestId('sso-client-secret').fill(idp.clientSecret);
    await page.getByTestId('sso-map-add').click();
    await page.getByTestId('sso-map-value').fill('cs-leads');
    await page.getByTestId('sso-map-role').click();
    await page.locator('.ant-select-dropdown:visible').getByText('CS manager', { exact: true }).click();
    await page.getByTestId('sso-enabled').click();
    await page.getByTestId('sso-save').click();
    await page.getByText('Saved').first().waitFor();
    // The secret is kept, and only its end is shown back.
    await page.getByText('Stored: ••••6789').waitFor();
    expect(await page.getByTestId('sso-client-secret').inputValue()).toBe('');
    const saved = await b.services.sso.config('');
    expect(saved).toMatchObject({
      enabled: true,
      issuerUrl: idp.issuer,
      clientId: idp.clientId,
      clientSecretHint: '••••6789',
      roleMap: [{ value: 'cs-leads', role: 'cs_manager' }],
      jitEnabled: true,
      defaultRole: 'viewer',
    });
  }, 180_000);

  it('creates a new person just in time with the mapped role, signed in; a second sign-in reuses them', async () => {
    const { page, baseUrl } = b;
    await signInWithSso('alice@corp.test', 'alice');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('current-user').getByText('Alice Zhang').waitFor();
    const alice = await b.services.users.findByEmail('alice@corp.test');
    expect(alice).toMatchObject({ name: 'Alice Zhang', role: 'cs_manager', active: true, password_hash: null });

    await signInWithSso('alice@corp.test', 'alice');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('current-user').getByText('Alice Zhang').waitFor();
    const same = await b.database.db.selectFrom('users').select('id').where('email', '=', 'alice@corp.test').execute();
    expect(same).toEqual([{ id: alice!.id }]);
    expect(page.url()).toBe(`${baseUrl}/`);
  }, 180_000);

  it('refuses a password sign-in for an SSO-only domain and offers SSO; the first admin keeps a password', async () => {
    const { page, baseUrl } = b;
    await configure({ enforcedDomains: ['corp.test'] });
    await b.services.users.create(cliActor, {
      email: 'bob@corp.test',
      name: 'Bob Li',
      role: 'csm',
      password: 'bob password, long',
    });
    await page.context().clearCookies();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByTestId('signin-email').fill('bob@corp.test');
    await page.getByTestId('signin-password').fill('bob password, long');
    await page.getByTestId('signin-submit').click();
    await page
      .getByTestId('signin-error')
      .getByText('People at corp.test sign in with single sign-on: use “Sign in with SSO”')
      .waitFor();
    expect(await page.getByTestId('sso-start').getAttribute('class')).toContain('ant-btn-primary');
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    // Break-glass: the install's first admin, of the same domain, still signs in with a password.
    await page.getByTestId('signin-email').fill(ADMIN.email);
    await page.getByTestId('signin-password').fill(ADMIN.password);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('current-user').getByText(ADMIN.name).waitFor();
  }, 180_000);

  it('refuses with a message when just-in-time creation is off, creating nobody', async () => {
    const { page } = b;
    await configure({ jitEnabled: false, enforcedDomains: [] });
    await signInWithSso('erin@corp.test', 'erin');
    await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('sso_error') === 'jit_off');
    await page
      .getByTestId('sso-error')
      .getByText('You have no Tenure account yet, and accounts are not created at sign-in.', { exact: false })
      .waitFor();
    expect(await b.services.users.findByEmail('erin@corp.test')).toBeUndefined();
    // The same refusal, read in Chinese.
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'zh-CN'));
    await page.reload();
    await page
      .getByTestId('sso-error')
      .getByText('您在 Tenure 中还没有账号，且登录时不会自动创建账号。', { exact: false })
      .waitFor();
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'en'));
    // No session either: the app still asks to sign in.
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
  }, 180_000);
});
