import { sql } from 'kysely';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const CSM = { email: 'csm@e2e.test', name: 'Wang Fang', password: 'e2e correct horse' };

/** The Customer 360 header answers the first questions without scrolling, in English and Chinese. */
describe('Customer 360 header end to end', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_CURRENCY: 'USD' }, { jobs: false });
    const csm = await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    accountId = (
      await e.services.accounts.create(cliActor, { name: 'Acme Retail', ownerId: csm.id, tier: 'high_touch' })
    ).id;
    await e.services.segments.create(cliActor, {
      name: 'Strategic',
      rules: { match: 'all', conditions: [{ field: 'tier', op: 'eq', value: 'high_touch' }] },
    });
    const { accounts } = e.services;
    await accounts.writeFacts(
      'revenue',
      sql`select ${accountId}::uuid as account_id, 1000000::bigint as mrr_minor, 12000000::bigint as arr_minor,
                 'Growth'::text as plan, '2026-07-15'::date as renewal_on`,
    );
    await accounts.writeFacts(
      'health',
      sql`select ${accountId}::uuid as account_id, 41::float8 as health_score, 'red'::text as health_color,
                 -9::float8 as health_trend, null::date as health_day, null::text as health_color_before`,
    );
    await accounts.writeFacts(
      'prediction',
      sql`select ${accountId}::uuid as account_id, 0.64::float8 as renewal_probability`,
    );
    await accounts.writeFacts('nps', sql`select ${accountId}::uuid as account_id, 5::smallint as latest_nps`);
  });
  afterAll(() => e?.close());

  it('shows ARR, health and its change, renewal and days left, probability, NPS and segments', async () => {
    const { page, baseUrl, signIn } = e;
    await signIn(CSM);
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    const vitals = page.getByTestId('account-vitals');
    await vitals.getByTestId('vital-arr').getByText('$120K').waitFor();
    await vitals.getByTestId('vital-health').getByText('41').waitFor();
    await vitals.getByText('-9.0 in 30 days').waitFor();
    await vitals.getByText('in 30 days', { exact: true }).waitFor();
    await vitals.getByTestId('vital-probability').getByText('64%').waitFor();
    await vitals.getByTestId('vital-nps').getByText('5').waitFor();
    await vitals.getByText('No touch logged').waitFor();
    await vitals.getByTestId('vital-segments').getByText('Strategic').waitFor();
    // The CTA tab is named for what it holds.
    await page.getByRole('tab', { name: 'CTAs', exact: true }).waitFor();

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-option-zh-CN').click();
    await vitals.getByText('续约概率').waitFor();
    await vitals.getByText('30 天后').waitFor();
    await vitals.getByText('尚无接触记录').waitFor();
    await page.getByRole('tab', { name: '行动项', exact: true }).waitFor();
  });
});
