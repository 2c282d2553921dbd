import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { startSmtpServer } from '../support/smtp.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const MANAGER = { email: 'manager@e2e.test', name: 'Morgan Manager', password: 'e2e correct horse' };

/**
 * Surveys sent by Tenure (docs/surveys.md): a manager creates an NPS survey (a refusal shows on its field),
 * sends it to an account and reads the counts; the contact answers in Chinese on a phone-sized screen and
 * sees the thank-you; the report shows the answer.
 */
describe('surveys', () => {
  let e: BrowserApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let accountId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    e = await startBrowserApp(
      { TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC', SMTP_URL: smtp.url },
      { jobs: false },
    );
    await e.services.users.create(cliActor, { ...MANAGER, role: 'cs_manager' });
    accountId = (await e.services.accounts.create(cliActor, { name: '北方物流', attributes: { language: 'zh-CN' } }))
      .id;
    await e.services.contacts.create(cliActor, accountId, { name: '王芳', email: 'wang.fang@beifang.example' });
    await e.services.messaging.templates.create(cliActor, {
      name: 'NPS invitation',
      channel: 'email',
      messageType: 'marketing',
      content: {
        'zh-CN': { subject: '请为我们打分', body: '{{contact.name}}，您好：[点此回答]({{survey.link}})' },
        en: { subject: 'Rate us', body: 'Hello {{contact.name}}: [answer]({{survey.link}})' },
      },
    });
  }, 180_000);

  afterAll(async () => {
    await e?.close();
    await smtp?.close();
  });

  const dropdown = () => e.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

  it('creates a survey, shows a refusal on its field, and sends it to an account with the counts', async () => {
    const { page, baseUrl } = e;
    await e.signIn(MANAGER);
    await page.goto(`${baseUrl}/surveys`);
    await page.getByTestId('survey-new').click();
    await page.getByTestId('survey-template').click();
    await dropdown().getByTitle('NPS invitation').click();
    // No name: the server's refusal lands on the name field.
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('survey-form').locator('.ant-form-item-explain-error').first().waitFor();
    await page.getByTestId('survey-name').fill('Quarterly NPS');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('surveys-table').getByRole('link', { name: 'Quarterly NPS' }).waitFor();

    await page.getByTestId('survey-send').click();
    await page.getByTestId('survey-send-account').click();
    await page.keyboard.type('北方');
    await dropdown().getByText('北方物流').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('survey-send-result').getByText('Sent to 1 of 1 contacts').waitFor();
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['wang.fang@beifang.example']);
    // Again at once: the contact was surveyed within the window, and the dialog says so.
    await page.getByRole('dialog').locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('survey-send').click();
    await page.getByTestId('survey-send-account').click();
    await page.keyboard.type('北方');
    await dropdown().getByText('北方物流').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send' }).click();
    const again = page.getByTestId('survey-send-result');
    await again.getByText('Sent to 0 of 1 contacts').waitFor();
    await again.getByText('Surveyed recently').waitFor();
    expect(smtp.mails).toHaveLength(1);
  }, 120_000);

  it('lets the contact answer in Chinese on a phone and thanks them; the answer becomes an NPS answer', async () => {
    const { token } = await e.database.db
      .selectFrom('survey_sends')
      .select('token')
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    const phone = await e.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      reducedMotion: 'reduce',
    });
    const page = await phone.newPage();
    page.setDefaultTimeout(30_000);
    try {
      await page.goto(`${e.baseUrl}/survey?t=${token}`);
      // The contact's language, with a switch to the other.
      await page.getByText('您有多大可能向朋友或同事推荐我们？').waitFor();
      await page.getByRole('link', { name: 'English' }).waitFor();
      // Tap targets a thumb can hit.
      const box = await page.locator('label:has(input[value="9"]) span').boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      await page.locator('label:has(input[value="9"]) span').tap();
      await page.getByLabel('还有什么想告诉我们的吗？（选填）').fill('实施团队很专业');
      await page.getByRole('button', { name: '提交答卷' }).tap();
      await page.getByText('感谢您的反馈！').waitFor();
    } finally {
      await phone.close();
    }
    const answers = await e.services.nps.list(accountId, { page: 1, pageSize: 5 });
    expect(answers.items).toMatchObject([{ score: 9, comment: '实施团队很专业', category: 'promoter' }]);
  }, 120_000);

  it('shows the answer in the survey report', async () => {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}/surveys`);
    await page.getByTestId('surveys-table').getByRole('link', { name: 'Quarterly NPS' }).click();
    await page.getByTestId('survey-verbatims').getByText('实施团队很专业').waitFor();
    await page.getByTestId('survey-score').getByText('100').waitFor();
  }, 120_000);
});
