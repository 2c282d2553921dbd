import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'admin@e2e.test', name: 'Ada Admin', password: 'e2e correct horse' };

/**
 * An admin gives public-sector accounts a 120-day onboarding in Settings → Lifecycle. A government
 * customer on day 106 after its first payment (15 June 2026) is in adoption by the defaults; after
 * saving and recomputing it is back in onboarding. Durations that do not add up are refused on the field.
 */
describe('lifecycle durations per segment', () => {
  let e: BrowserApp;
  let govId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    govId = (
      await e.services.accounts.create(cliActor, {
        name: 'City of Springfield',
        industry: 'Government',
        firstPaidOn: '2026-03-01',
      })
    ).id;
    await e.services.subscriptions.recordVersion(cliActor, govId, {
      subscriptionExternalId: 'sub-gov',
      amountMinor: 100_000,
      currency: 'CNY',
      interval: 'year',
      startsOn: '2026-03-01',
    });
    await e.services.segments.create(cliActor, {
      name: 'Public sector',
      rules: { match: 'all', conditions: [{ field: 'industry', op: 'eq', value: 'Government' }] },
    });
    await e.services.lifecycle.run(cliActor);
  });

  afterAll(() => e?.close());

  const stage = async () => (await e.services.lifecycle.view(govId)).stage;
  /** A duration's number box (antd may put the test id on the input or on its wrapper). */
  const field = (scope: ReturnType<BrowserApp['page']['getByTestId']>, key: string) =>
    scope.locator(`input[data-testid="lifecycle-${key}"], [data-testid="lifecycle-${key}"] input`).first();

  it('saves a segment’s durations, refuses ones that do not add up, and recomputes on demand', async () => {
    const { page, baseUrl, signIn, services } = e;
    expect(await stage()).toBe('adoption');
    await signIn(ADMIN);
    await page.goto(`${baseUrl}/accounts`);
    await page.getByTestId('side-nav').getByText('Settings').click();
    await page.getByTestId('side-nav').getByRole('link', { name: 'Lifecycle' }).click();
    const defaults = page.getByTestId('lifecycle-defaults');
    await expect.poll(() => field(defaults, 'onboardingDays').inputValue()).toBe('90');

    await page.getByTestId('lifecycle-add-segment').click();
    const row = page.getByTestId('lifecycle-segment-row');
    await row.getByTestId('lifecycle-segment').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Public sector' }).click();
    await field(row, 'onboardingDays').fill('120');
    await field(row, 'adoptionEndDays').fill('100');
    await page.getByTestId('lifecycle-save').click();
    // The server's 400 lands on the field it names.
    await row.getByText('adoption must end after onboarding does').waitFor();
    expect((await services.lifecycle.settings()).segments).toEqual([]);

    await field(row, 'adoptionEndDays').fill('300');
    await page.getByTestId('lifecycle-save').click();
    await page.getByText('Lifecycle durations saved', { exact: false }).waitFor();
    expect((await services.lifecycle.settings()).segments).toMatchObject([
      { onboardingDays: 120, adoptionEndDays: 300, renewalDays: 90, renewedDays: 30 },
    ]);

    await page.getByTestId('lifecycle-run').click();
    await page.getByText('1 account changed stage').waitFor();
    expect(await stage()).toBe('onboarding');
  });
});
