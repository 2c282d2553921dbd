import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ TENURE_CURRENCY: 'USD' });
  const mine = await t.services.accounts.create(cliActor, {
    name: 'Mine',
    externalId: 'm1',
    ownerId: t.users.csm.id,
    attributes: { segment: 'smb' },
  });
  const theirs = await t.services.accounts.create(cliActor, {
    name: 'Theirs',
    externalId: 't1',
    attributes: { segment: 'enterprise' },
  });
  for (const [account, amount] of [
    [mine.id, 10000],
    [theirs.id, 250000],
  ] as const) {
    await t.services.subscriptions.recordVersion(cliActor, account, {
      subscriptionExternalId: `s-${account}`,
      plan: amount > 100000 ? 'Enterprise' : 'Starter',
      amountMinor: amount,
      currency: 'USD',
      interval: 'month',
      startsOn: '2024-01-10',
    });
  }
});
afterAll(() => t.close());

const get = async (url: string, lang = 'en') =>
  t.app.inject({ method: 'GET', url, headers: { ...(await t.as('viewer')).headers, 'accept-language': lang } });

describe('metrics API', () => {
  it('returns the documented shape, one entry per month', async () => {
    const body = (await get('/api/metrics/mrr?from=2024-01&to=2024-03')).json();
    expect(body.currency).toBe('USD');
    expect(body.months).toHaveLength(3);
    expect(body.months[0]).toEqual({
      month: '2024-01',
      startingMrr: 0,
      newMrr: 260000,
      expansionMrr: 0,
      contractionMrr: 0,
      churnedMrr: 0,
      reactivationMrr: 0,
      netNewMrr: 260000,
      endingMrr: 260000,
      arr: 3120000,
      customers: { starting: 0, new: 2, reactivated: 0, churned: 0, ending: 2 },
      partial: false,
    });
  });

  it('filters by CSM, plan and segment', async () => {
    expect(
      (await get(`/api/metrics/mrr?from=2024-01&to=2024-01&csm=${t.users.csm.id}`)).json().months[0].endingMrr,
    ).toBe(10000);
    expect((await get('/api/metrics/mrr?from=2024-01&to=2024-01&plan=Enterprise')).json().months[0].endingMrr).toBe(
      250000,
    );
    const manager = await t.as('cs_manager');
    const segment = (
      await t.app.inject({
        method: 'POST',
        url: '/api/segments',
        headers: manager.headers,
        payload: { name: 'SMB', rules: { conditions: [{ field: 'attributes.segment', op: 'eq', value: 'smb' }] } },
      })
    ).json();
    expect(
      (await get(`/api/metrics/mrr?from=2024-01&to=2024-01&segment=${segment.id}`)).json().months[0].customers.ending,
    ).toBe(1);
  });

  it('drills down to the accounts behind a figure', async () => {
    const body = (await get('/api/metrics/movements?month=2024-01&type=new')).json();
    expect(body.items.map((i: { name: string; amount: number }) => [i.name, i.amount])).toEqual([
      ['Theirs', 250000],
      ['Mine', 10000],
    ]);
  });

  it('lists the customers behind the customer counts, and the plans in use', async () => {
    const end = (await get('/api/metrics/customers?month=2024-01&at=end')).json();
    expect(end.items.map((i: { name: string; mrr: number }) => [i.name, i.mrr])).toEqual([
      ['Theirs', 250000],
      ['Mine', 10000],
    ]);
    expect((await get('/api/metrics/customers?month=2024-01&at=start')).json().items).toEqual([]);
    expect((await get('/api/metrics/plans')).json().items).toEqual(['Enterprise', 'Starter']);
  });

  it('exports the report as CSV and Excel in the reader language, money in major units', async () => {
    const csv = await get('/api/metrics/export?from=2024-01&to=2024-02&format=csv', 'zh-CN');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^月份,期初 MRR \(USD\),新增 MRR \(USD\)/);
    expect(lines[1]).toMatch(/^2024-01,0,2600,/);
    expect(lines).toHaveLength(3);
    const english = await get('/api/metrics/export?from=2024-01&to=2024-01&format=csv&lang=en', 'zh-CN');
    expect(english.body).toContain('Month,Starting MRR (USD)');
    const xlsx = await get('/api/metrics/export?from=2024-01&to=2024-01&format=xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(9).value).toBe('Ending MRR (USD)');
    expect(sheet.getRow(2).getCell(9).value).toBe(2600);
  });

  // The clock is 15 June 2026 (Asia/Shanghai): June is running, May is the last complete month.
  it('defaults to the last complete month and marks the running month partial', async () => {
    const summary = (await get('/api/metrics/summary')).json();
    expect(summary).toMatchObject({ month: '2026-05', partial: false, currentMonth: '2026-06' });
    expect(summary.previousMonth).toMatchObject({ month: '2026-04', partial: false });
    const running = (await get('/api/metrics/summary?month=2026-06')).json();
    expect(running).toMatchObject({ month: '2026-06', partial: true, currentMonth: '2026-06' });
    expect(running.previousMonth).toMatchObject({ month: '2026-05', partial: false });

    const series = (await get('/api/metrics/mrr')).json().months;
    expect(series).toHaveLength(13);
    expect(series.at(-1)).toMatchObject({ month: '2026-05', partial: false });
    const withRunning = (await get('/api/metrics/mrr?from=2026-05&to=2026-06')).json().months;
    expect(withRunning.map((m: { month: string; partial: boolean }) => [m.month, m.partial])).toEqual([
      ['2026-05', false],
      ['2026-06', true],
    ]);

    const cohorts = (await get('/api/metrics/cohorts?from=2024-01&to=2026-06')).json().cohorts;
    expect(cohorts[0].months.at(-1)).toMatchObject({ month: '2026-06', partial: true });
    expect(cohorts[0].months.at(-2)).toMatchObject({ month: '2026-05', partial: false });
  });

  it('marks the running month in the exported report', async () => {
    const lines = (await get('/api/metrics/export?from=2026-05&to=2026-06&format=csv', 'zh-CN')).body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0].split(',').at(-1)).toBe('月份状态');
    expect(lines[1]).toMatch(/^2026-05,.*,完整$/);
    expect(lines[2]).toMatch(/^2026-06,.*,本月进行中（不完整）$/);
    const english = (await get('/api/metrics/export?format=csv&lang=en')).body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(english.at(-1)).toMatch(/^2026-05,.*,complete$/);
    const running = (await get('/api/metrics/export?from=2026-06&to=2026-06&format=csv&lang=en')).body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(running[0].split(',').at(-1)).toBe('Month status');
    expect(running[1]).toMatch(/,partial month \(in progress\)$/);
  });

  it('refuses a bad month with 400 naming the field', async () => {
    const response = await get('/api/metrics/mrr?from=2024-13&to=2024-01', 'zh-CN');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.issues[0]).toEqual({ path: 'querystring.from', message: '必须是 YYYY-MM 格式的月份' });
    const order = await get('/api/metrics/mrr?from=2024-05&to=2024-01');
    expect(order.json().error.issues[0].path).toBe('querystring.to');
  });

  it('lets managers, not CSMs, set exchange rates and finance', async () => {
    const csm = await t.as('csm');
    expect(
      (await t.app.inject({ method: 'PUT', url: '/api/settings/fx-rates', headers: csm.headers, payload: { USD: 1 } }))
        .statusCode,
    ).toBe(403);
    const manager = await t.as('cs_manager');
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/finance',
      headers: { ...manager.headers, 'accept-language': 'en' },
      payload: { '2024-01': { grossMargin: 1.5 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('body.2024-01.grossMargin');
    const ok = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/finance',
      headers: manager.headers,
      payload: { '2024-01': { grossMargin: 0.75, salesMarketingSpendMinor: 500000 } },
    });
    expect(ok.statusCode).toBe(200);
    const summary = (await get('/api/metrics/summary?month=2024-01')).json();
    expect(summary).toMatchObject({
      month: '2024-01',
      mrr: 260000,
      cac: 250000,
      grossMargin: 0.75,
      spendBasedFigures: true,
    });
    // Company-wide spend over one plan's new customers would be a wrong CAC: not shown.
    const filtered = (await get('/api/metrics/summary?month=2024-01&plan=Starter')).json();
    expect(filtered).toMatchObject({
      mrr: 10000,
      cac: null,
      ltvToCac: null,
      cacPaybackMonths: null,
      spendBasedFigures: false,
    });
  });
});
