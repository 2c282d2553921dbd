import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { Rng } from '../../src/shared/stats.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const MANAGER = { email: 'manager@e2e.test', name: 'CS Manager', password: 'e2e correct horse' };

describe('prediction page end to end', () => {
  let e: BrowserApp;
  let services: BrowserApp['services'];
  let page: BrowserApp['page'];
  let baseUrl: string;
  let strongId = '';

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-03-15T04:00:00Z' });
    ({ services, page, baseUrl } = e);
    page.setDefaultTimeout(20_000);
    await services.users.create(cliActor, { ...MANAGER, role: 'cs_manager' });
    // 80 accounts whose known outcome follows `usage_score`.
    const rng = new Rng(3);
    const rows = Array.from({ length: 80 }, (_, i) => {
      const score = rng.next() * 4 - 2;
      const churned = rng.next() < 1 / (1 + Math.exp(3 * score));
      return {
        external_id: `P-${i}`,
        name: `Predicted ${i}`,
        attributes: JSON.stringify({ usage_score: score, churn_outcome: churned }),
        score,
        churned,
      };
    });
    const inserted = await e.database.db
      .insertInto('accounts')
      .values(rows.map(({ score: _s, churned: _c, ...r }) => r))
      .returning(['id', 'external_id'])
      .execute();
    const best = rows.filter((r) => !r.churned).reduce((a, b) => (b.score > a.score ? b : a));
    strongId = inserted.find((r) => r.external_id === best.external_id)!.id;
    await e.signIn(MANAGER);
  });

  afterAll(async () => {
    // A training run the page started finishes before the database closes under it.
    await services?.prediction.idle();
    await e?.close();
  });

  it('trains from the UI with progress and shows the result, then the probability on the 360 page and the list', async () => {
    await page.goto(`${baseUrl}/accounts`);
    await page.getByTestId('side-nav').getByText('Prediction').click();
    await page.getByText('No model yet. Choose features and train one.').waitFor();

    await page.getByTestId('feature-picker').click();
    await page.keyboard.type('usage_score');
    await page.locator('.ant-select-item-option', { hasText: 'usage_score · numeric · 80 accounts' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('train-button').click();
    await page.getByTestId('train-progress').waitFor();

    const result = page.getByTestId('model-result');
    await result.waitFor();
    await expect.poll(() => page.getByTestId('fold-aucs').locator('.ant-tag').count()).toBe(5);
    const model = (await services.prediction.latestModel())!;
    expect(model.auc).toBeGreaterThan(0.8);
    await result.getByText(model.auc!.toFixed(3)).first().waitFor();
    await result.getByText('Stratified 5-fold cross-validation').waitFor();
    expect(await result.getByTestId('calibration-chart').locator('canvas').count()).toBeGreaterThan(0);
    await page.getByTestId('coefficients').getByText('usage_score').first().waitFor();
    await page.getByTestId('train-progress').locator('.ant-progress-status-success').waitFor();

    await page.goto(`${baseUrl}/accounts/${strongId}`);
    const card = page.getByTestId('renewal-card');
    await card.getByText('Renewal probability').waitFor();
    const [prediction] = await services.prediction.latestForAccounts([strongId]);
    // One percent format everywhere: 64%, as the 360 header and the lists write it.
    await card.getByText(`${Math.round(prediction.renewalProbability * 100)}%`).waitFor();
    await card.getByText('usage_score').waitFor();
    await card.getByLabel('raises renewal').waitFor();

    await page.goto(`${baseUrl}/accounts`);
    await page.getByTestId('accounts-table').getByRole('columnheader', { name: 'Renewal' }).waitFor();
    await expect.poll(() => page.getByTestId('renewal-probability').count()).toBeGreaterThan(0);
  });
});
