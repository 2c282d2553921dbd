import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type PlatformPerson, startPlatformServer } from '../support/sso-platforms.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

/**
 * Single sign-on through WeCom's own sign-in in Chromium (src/modules/auth/sso.platforms.ts): the admin picks
 * WeCom on Settings → Single sign-on and fills its fields; a person then signs in through the local stand-in's
 * sign-in page (test/support/sso-platforms.ts: it redirects back with a code, as WeCom does once the person
 * confirmed) and lands in the app, created just in time with the role their department maps to.
 */
const ADMIN = { email: 'admin@corp.test', name: 'Ada Admin', password: 'admin password, long' };
const people = new Map<string, PlatformPerson>([
  ['alice', { name: 'Alice Zhang', email: 'alice@corp.test', department: [7, 1] }],
  ['nomail', { name: 'No Mail', department: [7] }],
]);

let b: BrowserApp;
let platform: Awaited<ReturnType<typeof startPlatformServer>>;

beforeAll(async () => {
  b = await startBrowserApp();
  platform = await startPlatformServer(people);
  await b.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
}, 300_000);
afterAll(async () => {
  await platform?.close();
  await b?.close();
});

async function signInWithSso(login: string) {
  const { page, baseUrl } = b;
  platform.state.login = login;
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByTestId('signin-email').fill(`${login}@corp.test`);
  await page.getByTestId('sso-start').click();
  // Through the platform's sign-in page and back: home, or the sign-in page saying why not.
  await page.waitForURL(
    (url) => url.origin === baseUrl && (url.pathname !== '/sign-in' || url.searchParams.has('sso_error')),
  );
}

describe('single sign-on through WeCom in the browser', () => {
  it('is set up on Settings → Single sign-on with WeCom’s own fields', async () => {
    const { page, baseUrl } = b;
    await b.signIn(ADMIN);
    await page.goto(`${baseUrl}/settings/sso`);
    await page.getByTestId('sso-issuer').waitFor();
    // OIDC's fields until another kind is chosen.
    expect(await page.getByTestId('sso-agent-id').isVisible()).toBe(false);
    await page.getByTestId('sso-provider').click();
    await page.locator('.ant-select-dropdown:visible').getByText('WeCom', { exact: true }).click();
    await page.getByTestId('sso-agent-id').waitFor();
    expect(await page.getByTestId('sso-issuer').isVisible()).toBe(false);
    await page.getByText('Corp ID', { exact: true }).waitFor();
    await page.getByTestId('sso-client-id').fill('ww1234567890abcdef');
    await page.getByTestId('sso-agent-id').fill('1000002');
    await page.getByTestId('sso-client-secret').fill('wecom-secret-0123456789');
    await page.getByTestId('sso-base-url').fill(platform.url);
    await page.getByTestId('sso-role-claim').fill('department');
    await page.getByTestId('sso-map-add').click();
    await page.getByTestId('sso-map-value').fill('7');
    await page.getByTestId('sso-map-role').click();
    await page.locator('.ant-select-dropdown:visible').getByText('CS manager', { exact: true }).click();
    await page.getByTestId('sso-enabled').click();
    await page.getByTestId('sso-save').click();
    await page.getByText('Saved').first().waitFor();
    await page.getByText('Stored: ••••6789').waitFor();
    expect(await b.services.sso.config('')).toMatchObject({
      enabled: true,
      provider: 'wecom',
      clientId: 'ww1234567890abcdef',
      agentId: '1000002',
      baseUrl: platform.url,
      roleClaim: 'department',
      roleMap: [{ value: '7', role: 'cs_manager' }],
    });
    // The same fields, in Chinese.
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'zh-CN'));
    await page.reload();
    await page.getByText('企业 ID（CorpID）', { exact: true }).waitFor();
    await page.getByText('应用 AgentId', { exact: true }).waitFor();
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'en'));
  }, 180_000);

  it('signs a new person in through WeCom’s sign-in page, created just in time with the mapped role', async () => {
    const { page } = b;
    await signInWithSso('alice');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('current-user').getByText('Alice Zhang').waitFor();
    expect(await b.services.users.findByEmail('alice@corp.test')).toMatchObject({
      name: 'Alice Zhang',
      role: 'cs_manager',
      password_hash: null,
    });
    // WeCom was asked in its order: corp token, the code's member, the member, the member's email.
    expect(platform.requests.map((r) => r.path)).toEqual([
      '/cgi-bin/gettoken',
      '/cgi-bin/auth/getuserinfo',
      '/cgi-bin/user/get',
      '/cgi-bin/auth/getuserdetail',
    ]);
  }, 180_000);

  it('says on the sign-in page why a member without an email is refused', async () => {
    const { page } = b;
    await signInWithSso('nomail');
    await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('sso_error') === 'no_email');
    await page.getByTestId('sso-error').getByText('did not send an email address', { exact: false }).waitFor();
  }, 180_000);
});
