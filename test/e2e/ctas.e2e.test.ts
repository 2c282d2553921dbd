import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { startSmtpServer } from '../support/smtp.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const CSM = { email: 'csm@e2e.test', name: 'Casey CSM', password: 'e2e correct horse' };
const ADMIN = { email: 'admin@e2e.test', name: 'Ada Admin', password: 'e2e correct horse' };

/**
 * Working a CTA in the browser: on 15 June 2026 the kick-off of an account paid on 1 June (due
 * 8 June) is overdue, so the rules opened one CTA with the missed-milestone playbook. The CSM
 * opens it from My CTAs, ticks a task, comments, flags it, closes it as a success, and sees the
 * close on the account's timeline.
 */
describe('working a CTA end to end', () => {
  let e: BrowserApp;
  let csmId: string;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC', SMTP_URL: smtp.url });
    const csm = await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    csmId = csm.id;
    await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    await e.services.accounts.create(cliActor, {
      name: 'Northwind',
      ownerId: csm.id,
      firstPaidOn: '2026-06-01',
      lifecycleStage: 'onboarding',
    });
    // Only the milestone rule, owned by the account owner, so the CSM owns the one CTA.
    await sql`update cta_rules set enabled = (key = 'milestone_overdue'), owner = 'account_owner'`.execute(
      e.database.db,
    );
    const run = await e.services.ctas.runRules();
    expect(run.opened).toBe(1);
  });

  afterAll(async () => {
    await e?.close();
    await smtp?.close();
  });

  it('opens, works and closes a CTA and shows it on the timeline', async () => {
    const { page, baseUrl, signIn, services } = e;
    await signIn(CSM);
    await page.goto(`${baseUrl}/accounts`);
    await page.getByTestId('side-nav').getByRole('link', { name: 'My CTAs' }).click();
    await page.getByRole('heading', { name: 'My CTAs', exact: true }).waitFor();

    const row = page.getByTestId('cta-row');
    await expect.poll(() => row.count()).toBe(1);
    // The reason quotes its date in the language's one date format, as the due-date column does.
    await row.getByText('Milestone overdue: Kick-off (due 06/08/2026)').waitFor();
    await row.click();

    const drawer = page.getByTestId('cta-drawer');
    await drawer.getByText('Missed milestone recovery').waitFor();
    const tasks = drawer.getByTestId('cta-task');
    await expect.poll(() => tasks.count()).toBe(3);
    // The box is controlled by the server's answer: click, then wait for the count to move.
    await tasks.first().getByRole('checkbox').click();
    await drawer.getByText('Tasks (1/3)').waitFor();
    await expect.poll(() => tasks.first().getByRole('checkbox').isChecked()).toBe(true);

    await drawer.getByTestId('cta-comment-input').fill('Kick-off moved: their IT lead is on leave');
    await drawer.getByTestId('cta-comment-submit').click();
    await drawer.getByTestId('cta-comment').getByText('Kick-off moved: their IT lead is on leave').waitFor();

    await drawer.getByTestId('cta-flag').click();
    await drawer.getByTestId('cta-flag-reason').fill('Needs the implementation team to send an engineer');
    await drawer.getByTestId('cta-flag-submit').click();
    await drawer.getByTestId('cta-flagged').waitFor();

    await drawer.getByTestId('cta-close').click();
    await drawer.getByTestId('cta-close-outcome').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Success' }).click();
    await drawer.getByTestId('cta-close-reason').fill('Kick-off held with the engineer on 16 June');
    await drawer.getByTestId('cta-close-submit').click();
    await drawer.getByTestId('cta-status').getByText('Closed').waitFor();

    const [cta] = (await services.ctas.list(cliActor, { scope: 'all', status: 'all', page: 1, pageSize: 10 })).items;
    expect(cta).toMatchObject({ status: 'closed', outcome: 'success', flagged: true, tasksDone: 1 });

    await drawer.getByTestId('cta-account-link').click();
    await page.getByRole('heading', { name: 'Northwind' }).waitFor();
    await page
      .getByTestId('timeline')
      .getByText('CTA closed (Success): Kick-off held with the engineer on 16 June')
      .waitFor();
    await page.getByTestId('timeline').getByText('CTA opened: Onboarding milestone overdue').waitFor();

    // The link notifications and the digest carry opens the CTA itself.
    await page.goto(`${baseUrl}/ctas?cta=${cta!.id}`);
    await page.getByTestId('cta-drawer').getByTestId('cta-status').getByText('Closed').waitFor();
  });

  it('lets an admin add a task to a playbook in Settings → Rules', async () => {
    const { page, baseUrl, signIn, services } = e;
    await signIn(ADMIN);
    await page.goto(`${baseUrl}/settings/rules`);
    const table = page.getByTestId('playbooks-table');
    await table.waitFor();
    await page.getByTestId('playbook-edit-reengage').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('playbook-add-task').click();
    await dialog.getByTestId('playbook-task-row').last().getByPlaceholder('Task').fill('Send the renewal deck');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await table.getByText('Send the renewal deck').waitFor();
    const book = (await services.rules.playbooks()).find((p) => p.key === 'reengage')!;
    expect(book.tasks.map((task) => [task.title, task.dueDays]).at(-1)).toEqual(['Send the renewal deck', 7]);
    expect(book.tasks[0]!.emailTemplate).toBe('reengage'); // the tasks left alone keep their email
  });

  it('writes and sends a playbook task’s email to the primary contact from the CTA', async () => {
    const { page, baseUrl, signIn, services } = e;
    const accountId = (await services.accounts.create(cliActor, { name: 'Contoso', ownerId: csmId })).id;
    await services.contacts.create(cliActor, accountId, { name: 'Li Lei', email: 'li@contoso.test', isPrimary: true });
    const reengage = (await services.rules.playbooks()).find((p) => p.key === 'reengage')!;
    const cta = await services.ctas.open(cliActor, {
      accountId,
      type: 'risk',
      title: 'Quiet account',
      priority: 'high',
      dueOn: '2026-06-18',
      playbookId: reengage.id,
    });

    await signIn(CSM);
    await page.goto(`${baseUrl}/ctas?cta=${cta.id}`);
    const drawer = page.getByTestId('cta-drawer');
    await drawer.getByTestId('cta-task-email').click();
    const dialog = page.getByTestId('task-email-modal');
    await dialog.getByTestId('task-email-to').getByText('Li Lei <li@contoso.test>').waitFor();
    const subject = dialog.getByTestId('task-email-subject');
    await expect.poll(() => subject.inputValue()).toBe('Contoso: can we help your team get more from the product?');
    await subject.fill('Contoso: a quick call this week?');
    await page.getByTestId('task-email-send').click();

    await drawer
      .getByTestId('cta-task-email-sent')
      .getByText(/Email sent to li@contoso\.test/)
      .waitFor();
    await expect.poll(() => drawer.getByTestId('cta-task').first().getByRole('checkbox').isChecked()).toBe(true);
    expect(smtp.mails.map((m) => m.to)).toEqual([['li@contoso.test']]);
    expect(smtp.mails[0]!.raw).toContain('Subject: Contoso: a quick call this week?');
  });
});
