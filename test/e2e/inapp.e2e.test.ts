import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { userHashOf } from '../../src/modules/messaging/inapp.js';
import { waitFor } from '../support/wait.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

/**
 * The in-app snippet on a customer's page (docs/inapp.md): a plain HTML page served from another origin
 * by a tiny local server includes /inapp.js from the running app and identifies its user. With a wrong
 * hash nothing is shown; with the right one the in-app message sent to that contact appears (the page's
 * own CSS does not reach it), its button click is recorded on the send and the account timeline, and the
 * NPS prompt that follows is answered and stored as an NPS answer.
 */
describe('in-app snippet', () => {
  let e: BrowserApp;
  let host: http.Server;
  let hostUrl: string;
  let secret: string;
  let accountId: string;
  let contactId: string;
  let sendId: string;

  const page = (userId: string, userHash: string) => `<!doctype html><html><head><meta charset="utf-8">
<title>Customer product</title>
<style>div, a, button { color: rgb(255, 0, 0) !important; font-size: 40px !important; }</style>
<script>
  window.Tenure = window.Tenure || function () { (window.Tenure.q = window.Tenure.q || []).push(arguments); };
  Tenure('identify', ${JSON.stringify({ userId, userHash })});
</script>
<script async src="${e.baseUrl}/inapp.js"></script>
</head><body><h1>Your dashboard</h1></body></html>`;

  beforeAll(async () => {
    // The real clock: pending messages show oldest first, and the message is sent before the survey prompt.
    e = await startBrowserApp({ TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    secret = await e.services.messaging.inApp.rotateSecret(cliActor);
    accountId = (await e.services.accounts.create(cliActor, { name: 'Northwind', attributes: { language: 'en' } })).id;
    contactId = (
      await e.services.contacts.create(cliActor, accountId, {
        name: 'Ada Park',
        email: 'ada@northwind.example',
        externalId: 'user-42',
      })
    ).id;
    host = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/landing')
        return response.writeHead(200, { 'content-type': 'text/html' }).end('<p>landed</p>');
      const userId = url.searchParams.get('user') ?? '';
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page(userId, url.searchParams.get('hash') ?? ''));
    });
    await new Promise<void>((resolve) => host.listen(0, 'localhost', resolve));
    // localhost vs the app's 127.0.0.1, and another port: another origin.
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;

    const message = await e.services.messaging.templates.create(cliActor, {
      name: 'Reports launch',
      channel: 'in_app',
      messageType: 'transactional',
      inApp: { style: 'modal', buttonUrl: `${hostUrl}/landing` },
      content: {
        en: {
          subject: 'Usage reports are here',
          body: 'Hello {{contact.name}}, try **reports**.',
          button: 'Open reports',
        },
      },
    });
    [{ id: sendId }] = await e.services.messaging.sendMany({
      templateId: message.id,
      contactIds: [contactId],
      idempotencyKey: 'launch',
    });
    const prompt = await e.services.messaging.templates.create(cliActor, {
      name: 'NPS prompt',
      channel: 'in_app',
      messageType: 'transactional',
      inApp: { style: 'modal', buttonUrl: null },
      content: { en: { subject: 'A quick question', body: 'It takes two seconds.' } },
    });
    const survey = await e.services.surveys.create(cliActor, {
      name: 'In-app NPS',
      kind: 'nps',
      question: {},
      templateId: prompt.id,
      throttleDays: 90,
      active: true,
    });
    const sent = await e.services.surveys.send(cliActor, survey.id, { contactId });
    expect(sent.sent).toBe(1);
  }, 180_000);

  afterAll(async () => {
    await e?.close();
    await new Promise((resolve) => host?.close(resolve));
  });

  it('shows nothing to a user whose hash is wrong', async () => {
    const refused = e.page.waitForResponse((r) => r.url().endsWith('/v1/inapp/messages'));
    await e.page.goto(`${hostUrl}/?user=user-42&hash=${userHashOf('not the secret', 'user-42')}`);
    expect((await refused).status()).toBe(401);
    expect(await e.page.locator('[data-tenure-inapp]').count()).toBe(0);
  }, 60_000);

  it('shows the message, records its button click, then takes the NPS answer', async () => {
    const { page } = e;
    await page.goto(`${hostUrl}/?user=user-42&hash=${userHashOf(secret, 'user-42')}`);
    const dialog = page.locator('[data-tenure-inapp]').getByRole('dialog');
    await dialog.getByText('Usage reports are here').waitFor();
    await dialog.getByText('try reports.', { exact: false }).waitFor();
    // The host page's CSS does not leak into the shadow root.
    const color = await dialog.getByText('Usage reports are here').evaluate((n) => getComputedStyle(n).color);
    expect(color).not.toBe('rgb(255, 0, 0)');

    const opened = page.context().waitForEvent('page');
    await dialog.getByRole('link', { name: 'Open reports' }).click();
    await (await opened).close();
    await waitFor(
      async () => {
        const timeline = await e.services.timeline.list(accountId, { page: 1, pageSize: 50 } as never);
        const keys = timeline.items
          .filter((i: { data: unknown }) => (i.data as { sendId?: string }).sendId === sendId)
          .map((i: { data: unknown }) => (i.data as { key: string }).key);
        return keys.includes('timeline.messageClick') && keys.includes('timeline.messageView');
      },
      30_000,
      'the click is on the timeline',
    );
    const [send] = (await e.services.messaging.accountSends(accountId)).filter((s) => s.id === sendId);
    expect(send.status).toBe('sent');

    // The NPS prompt comes next.
    await dialog.getByText('How likely are you to recommend us to a friend or colleague?').waitFor();
    await dialog.locator('[data-score="9"]').click();
    await dialog.locator('[data-tenure="comment"]').fill('Reports saved me an hour');
    await dialog.locator('[data-tenure="submit"]').click();
    await dialog.locator('[data-tenure="thanks"]').waitFor();
    const answers = await e.services.nps.list(accountId, { page: 1, pageSize: 10 });
    expect(answers.items).toHaveLength(1);
    expect(answers.items[0]).toMatchObject({ score: 9, comment: 'Reports saved me an hour', contactId });

    // Nothing is left to show on the next page load.
    const next = page.waitForResponse((r) => r.url().endsWith('/v1/inapp/messages'));
    await page.reload();
    expect(await (await next).json()).toEqual({ messages: [] });
  }, 120_000);

  it('lets an admin rotate the secret (shown once) and preview a message on the settings page', async () => {
    const { page, baseUrl } = e;
    const admin = { email: 'admin@e2e.test', name: 'Ari Admin', password: 'e2e correct horse' };
    await e.services.users.create(cliActor, { ...admin, role: 'admin' });
    await e.signIn(admin);
    await page.goto(`${baseUrl}/settings/in-app`);
    // The install code points at TENURE_PUBLIC_URL (here the default).
    await page.getByText('Secret set').waitFor();
    await page.getByTestId('inapp-snippet').getByText('http://localhost:3000/inapp.js', { exact: false }).waitFor();
    await page.getByTestId('inapp-rotate').click();
    await page.getByRole('button', { name: 'OK' }).click();
    const shown = (await page.getByTestId('inapp-secret').innerText()).trim();
    expect(shown).not.toBe(secret);
    // The new secret signs identities from now on; the old one no longer does.
    expect(
      await e.services.messaging.inApp.contactsOf({ userId: 'user-42', userHash: userHashOf(shown, 'user-42') }),
    ).toEqual([contactId]);
    expect(
      await e.services.messaging.inApp.contactsOf({ userId: 'user-42', userHash: userHashOf(secret, 'user-42') }),
    ).toBeUndefined();
    await page.getByTestId('inapp-preview').click();
    await page.locator('[data-tenure-inapp]').getByRole('dialog').getByText('A new report is ready').waitFor();
  }, 60_000);

  it('lets the template editor make an in-app template with a style and a button', async () => {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}/settings/messages`);
    await page.getByTestId('new-template').click();
    await page.getByTestId('template-name').fill('Banner news');
    await page.getByTestId('template-channel').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle('In-app').click();
    await page.getByTestId('template-inapp-style').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle('Banner at the top').click();
    await page.getByTestId('template-inapp-url').fill('https://example.com/news');
    await page.getByRole('tab', { name: 'English' }).click();
    await page.getByTestId('subject-en').fill('News');
    await page.getByTestId('body-en').fill('Something **new**');
    await page.getByTestId('button-en').fill('Read');
    await page.getByTestId('template-save').click();
    await waitFor(
      async () => (await e.services.messaging.templates.list()).some((x) => x.name === 'Banner news'),
      30_000,
      'the template is saved',
    );
    const saved = (await e.services.messaging.templates.list()).find((x) => x.name === 'Banner news');
    expect(saved).toMatchObject({
      channel: 'in_app',
      inApp: { style: 'banner', buttonUrl: 'https://example.com/news' },
      content: { en: { subject: 'News', body: 'Something **new**', button: 'Read' } },
    });
  }, 60_000);
});
