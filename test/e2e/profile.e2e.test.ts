import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const CSM = { email: 'csm@profile.test', name: 'Pat Csm', password: 'first password ok' };
const NEW_PASSWORD = 'a new password, long';

/** The profile page: a person changes their own name, password and language; the language follows them. */
let b: BrowserApp;
let userId: string;
beforeAll(async () => {
  b = await startBrowserApp();
  userId = (await b.services.users.create(cliActor, { ...CSM, role: 'csm' })).id;
}, 300_000);
afterAll(() => b?.close());

describe('/profile', () => {
  it('changes the name, the password (current one required, policy checked) and the language at once', async () => {
    const { page, baseUrl } = b;
    await b.signIn(CSM);
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('profile-link').click();
    await page.waitForURL((url) => url.pathname === '/profile');
    await expect.poll(() => page.getByTestId('profile-name').inputValue()).toBe(CSM.name);

    await page.getByTestId('profile-name').fill('Pat Renamed');
    await page.getByTestId('profile-language').click();
    await page.getByTestId('profile-language-zh-CN').click();
    await page.getByTestId('profile-save').click();
    // Saved: a toast, and the UI is Chinese at once.
    await page.getByText('个人资料已保存').waitFor();
    await page.getByTestId('current-user').getByText('Pat Renamed').waitFor();
    expect(await b.services.users.get(userId)).toMatchObject({ name: 'Pat Renamed', locale: 'zh-CN' });

    // The policy is checked in the form, and a new password needs the current one.
    await page.getByTestId('profile-new-password').fill('short');
    await page.getByTestId('profile-save').click();
    await page.getByText('8 到 200 个字符', { exact: true }).last().waitFor();
    await page.getByTestId('profile-new-password').fill(NEW_PASSWORD);
    await page.getByTestId('profile-confirm-password').fill(NEW_PASSWORD);
    await page.getByTestId('profile-save').click();
    await page.getByText('修改密码需要输入当前密码').waitFor();
    // A wrong current password is refused by the server, next to the field.
    await page.getByTestId('profile-current-password').fill('not my password');
    await page.getByTestId('profile-save').click();
    await page.getByText('需要当前密码，且当前密码缺失或错误').waitFor();
    // The right one: every session ends, this one too, and the sign-in page asks for the new password.
    await page.getByTestId('profile-current-password').fill(CSM.password);
    await page.getByTestId('profile-save').click();
    await page.waitForURL(/\/sign-in/);
  }, 180_000);

  it('keeps the saved language across sign-ins, even in a browser set to English', async () => {
    const { page, baseUrl } = b;
    // Another browser: nothing remembered, English asked for.
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'en'));
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByTestId('signin-email').fill(CSM.email);
    await page.getByTestId('signin-password').fill(NEW_PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.getByTestId('user-menu').click();
    await page.getByTestId('profile-link').getByText('个人资料').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  }, 120_000);
});
