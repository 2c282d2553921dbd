import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const CSM = { email: 'csm@e2e.test', name: 'Casey CSM', password: 'e2e correct horse' };

/**
 * One date format per language: a day reads 06/08/2026 in English and 2026/06/08 in Chinese in
 * tables, in messages that quote a server date (a CTA's reason), and in date pickers, where it is
 * also typed that way.
 */
describe('dates in the language of the reader', () => {
  let e: BrowserApp;
  let ctaId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    const csm = await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    await e.services.accounts.create(cliActor, {
      name: 'Northwind',
      ownerId: csm.id,
      firstPaidOn: '2026-06-01',
      lifecycleStage: 'onboarding',
    });
    // The kick-off (due 8 June) is overdue on 15 June: the milestone rule opens one CTA.
    await sql`update cta_rules set enabled = (key = 'milestone_overdue'), owner = 'account_owner'`.execute(
      e.database.db,
    );
    expect((await e.services.ctas.runRules()).opened).toBe(1);
    ctaId = (await sql<{ id: string }>`select id from ctas`.execute(e.database.db)).rows[0]!.id;
  });

  afterAll(() => e?.close());

  const openCta = async () => {
    const row = e.page.getByTestId('cta-row');
    await expect.poll(() => row.count()).toBe(1);
    await row.click();
    return e.page.getByTestId('cta-drawer');
  };

  it('in English: the reason quotes 06/08/2026, and a snooze date is typed as 12/20/2026', async () => {
    const { page, baseUrl, signIn } = e;
    await signIn(CSM);
    await page.goto(`${baseUrl}/ctas`);
    await page.getByTestId('cta-row').getByText('Milestone overdue: Kick-off (due 06/08/2026)').waitFor();
    const drawer = await openCta();
    await drawer.getByTestId('cta-snooze').click();
    const until = drawer.getByTestId('cta-snooze-until');
    await expect.poll(() => until.getAttribute('placeholder')).toBe('Select date');
    await until.fill('12/20/2026');
    await until.press('Enter');
    await drawer.getByTestId('cta-snooze-reason').fill('Their IT lead is on leave');
    await drawer.getByTestId('cta-snooze-submit').click();
    await expect
      .poll(async () => {
        const row = await sql<{
          until: string | null;
        }>`select snoozed_until::text as until from ctas where id = ${ctaId}`.execute(e.database.db);
        return row.rows[0]?.until;
      })
      .toBe('2026-12-20');
  });

  it('in Chinese: the same days read 2026/06/08 and 2026/12/20', async () => {
    const { page, baseUrl } = e;
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'zh-CN'));
    await page.goto(`${baseUrl}/ctas`);
    await page.getByTestId('cta-row').getByText('里程碑逾期：启动（Kick-off）（应于 2026/06/08 完成）').waitFor();
    const drawer = await openCta();
    await drawer.getByText('2026/12/20', { exact: false }).first().waitFor();
  });
});
