import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const MANAGER = { email: 'journeys.manager@e2e.test', name: 'Morgan Manager', password: 'e2e correct horse' };
const CSM = { email: 'journeys.csm@e2e.test', name: 'Casey Csm', password: 'e2e correct horse' };

/**
 * The journeys flow editor (issue 14.1): a CS manager builds send → wait → exit on the canvas, sees the
 * server's refusal of the unfinished send step on that step, saves, publishes version 1, enrols an account
 * by hand and finds it among the participants; then the same page in Chinese: a refusal in Chinese on its
 * step, and version 2 published with the promise that people keep their place.
 */
describe('journeys', () => {
  let e: BrowserApp;
  let journeyUrl: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    await e.services.users.create(cliActor, { ...MANAGER, role: 'cs_manager' });
    await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    const account = await e.services.accounts.create(cliActor, { name: 'Northwind Logistics' });
    await e.services.contacts.create(cliActor, account.id, { name: 'Ada Park', email: 'ada@northwind.example' });
    await e.services.messaging.templates.create(cliActor, {
      name: 'Welcome email',
      channel: 'email',
      messageType: 'transactional',
      content: {
        'zh-CN': { subject: '欢迎', body: '{{contact.name}}，您好' },
        en: { subject: 'Welcome', body: 'Hello {{contact.name}}' },
      },
    });
  }, 180_000);

  afterAll(async () => {
    await e?.close();
  });

  const dropdown = () => e.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  const menu = () => e.page.locator('.ant-dropdown:not(.ant-dropdown-hidden)');

  it('builds send → wait → exit, shows a refusal on its step, saves, publishes and enrols an account', async () => {
    const { page, baseUrl } = e;
    await e.signIn(MANAGER);
    await page.goto(`${baseUrl}/`);
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'en'));
    await page.getByTestId('side-nav').getByRole('link', { name: 'Journeys' }).click();
    // The empty list offers to create the first journey.
    await page.getByTestId('journeys-table').getByText('No journeys yet').waitFor();
    await page.getByTestId('journeys-table').getByTestId('journey-new').click();
    await page.getByTestId('journey-create-name').fill('Onboarding welcome');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('journey-title').getByText('Onboarding welcome').waitFor();
    journeyUrl = page.url();
    await page.getByTestId('step-node-exit-1').waitFor();

    // A send step between the entry and the exit, then a wait after the send.
    await page.getByTestId('add-on-entry-next').click();
    await menu().getByTestId('add-kind-send').click();
    await page.getByTestId('step-node-send-1').waitFor();
    await page.getByTestId('add-on-send-1-next').click();
    await menu().getByTestId('add-kind-wait').click();
    await page.getByTestId('step-node-wait-1').getByText('Wait 1 day').waitFor();
    await page.getByTestId('step-panel').getByTestId('wait-days').fill('2');
    await page.getByTestId('step-node-wait-1').getByText('Wait 2 days').waitFor();
    await page.getByTestId('journey-unsaved').waitFor();

    // Saved without a template: the server's refusal lands on the send step and on its template field.
    await page.getByTestId('journey-save').click();
    await page.locator('[data-testid="step-node-send-1"][data-invalid="true"]').waitFor();
    await page.getByTestId('step-panel').getByTestId('field-error-templateId').waitFor();
    expect(await page.locator('[data-invalid="true"]').count()).toBe(1);

    await page.getByTestId('step-template').click();
    await dropdown().getByTitle('Welcome email · Email').click();
    await page.getByTestId('journey-save').click();
    await page.getByTestId('journey-unsaved').waitFor({ state: 'detached' });
    expect(await page.locator('[data-invalid="true"]').count()).toBe(0);
    await page.getByTestId('step-node-send-1').getByText('Welcome email · Email').waitFor();

    // Publishing names the version (the first one starts the journey).
    await page.getByTestId('journey-publish').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.locator('.ant-modal-confirm-title').getByText('Publish version 1?').waitFor();
    await confirm.getByText('The journey starts running', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Publish' }).click();
    await page.getByTestId('journey-status').getByText('Active').waitFor();
    await page.getByTestId('journey-version').getByText('v1').waitFor();
    await page.getByTestId('journey-versions-open').click();
    await page.getByTestId('journey-versions').getByText('Published by Morgan Manager', { exact: false }).waitFor();
    await page.locator('.ant-drawer').getByRole('button', { name: 'Close' }).click();

    // Enrol by hand; the account shows among the participants.
    await page.getByTestId('journey-tab-participants').click();
    await page.getByTestId('journey-enrol').click();
    await page.getByTestId('enrol-accounts').click();
    await page.keyboard.type('Northwind');
    await dropdown().getByText('Northwind Logistics').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Enrol' }).click();
    await page.getByText('Enrolled 1, skipped 0').waitFor();
    await page.getByTestId('participants-table').getByRole('link', { name: 'Northwind Logistics' }).waitFor();
    // Without a queue the engine runs within the enrolment: the account has passed the send and waits.
    await page.getByRole('tab', { name: 'Flow' }).click();
    await page.getByTestId('step-counts-send-1').getByText('0 now · 1 passed').waitFor();
    await page.getByTestId('step-counts-wait-1').getByText('1 now · 0 passed').waitFor();
    // And the account's 360 lists the journey it is in.
    await page.getByTestId('journey-tab-participants').click();
    await page.getByTestId('participants-table').getByRole('link', { name: 'Northwind Logistics' }).click();
    await page.getByTestId('account-journeys').getByRole('link', { name: 'Onboarding welcome' }).waitFor();
  }, 180_000);

  it('reads the journey in Chinese, and shows a refusal in Chinese on the step it names', async () => {
    const { page } = e;
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'zh-CN'));
    await page.goto(journeyUrl);
    await page.getByTestId('side-nav').getByRole('link', { name: '旅程' }).waitFor();
    await page.getByTestId('journey-status').getByText('运行中').waitFor();
    await page.getByTestId('step-node-send-1').getByText('发送消息').waitFor();
    await page.getByTestId('step-node-wait-1').getByText('等待 2 天').waitFor();

    // A CTA without a title after the wait: refused, on that step, in Chinese.
    await page.getByTestId('add-on-wait-1-next').click();
    await menu().getByTestId('add-kind-cta').click();
    await page.getByTestId('journey-save').click();
    const error = page.getByTestId('step-node-cta-1').getByTestId('step-node-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/[\u4e00-\u9fff]/);
    await page.getByTestId('step-panel').getByTestId('field-error-title').waitFor();

    // Fixed and published as version 2: the dialog says the people already in it keep their place.
    await page.getByTestId('step-cta-title').fill('安排上线回访');
    await page.getByTestId('journey-save').click();
    await page.getByTestId('journey-unsaved').waitFor({ state: 'detached' });
    await page.getByTestId('journey-unpublished').getByText('有未发布的修改').waitFor();
    await page.getByTestId('journey-publish').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.locator('.ant-modal-confirm-title').getByText('发布第 2 版？').waitFor();
    await confirm.getByText('已在旅程中的人保持当前位置', { exact: false }).waitFor();
    // Ant Design spaces out two-character Chinese button labels (发 布).
    await confirm.getByRole('button', { name: /^发\s?布$/ }).click();
    await page.getByTestId('journey-version').getByText('第 2 版').waitFor();
    await page.getByTestId('journey-unpublished').waitFor({ state: 'detached' });
  }, 120_000);

  it('shows a CSM the flow to read, without editing, but lets them enrol accounts', async () => {
    const { page } = e;
    await e.signIn(CSM);
    await page.goto(journeyUrl);
    await page.getByTestId('step-node-send-1').click();
    await page.getByTestId('step-panel').waitFor();
    // The step's form is there to read, disabled.
    expect(await page.locator('.ant-select-disabled[data-testid="step-template"]').count()).toBe(1);
    for (const id of ['journey-save', 'journey-publish', 'journey-archive', 'step-delete', 'add-on-entry-next'])
      expect(await page.getByTestId(id).count()).toBe(0);
    await page.getByTestId('journey-tab-participants').click();
    await page.getByTestId('journey-enrol').waitFor();
    expect(await page.getByTestId('participant-remove').count()).toBe(0);
  }, 120_000);
});
