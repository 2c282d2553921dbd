import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../../test/support/csv.js';
import { testDatabase } from '../../../test/support/db.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';

let database: Database;
let s: Services;
beforeAll(async () => {
  database = await testDatabase();
  s = createServices({
    db: database.db,
    clock: createClock('2024-06-01T00:00:00Z'),
    config: { TENURE_SESSION_DAYS: 14 },
  });
});
afterAll(() => database.close());

const header = [
  'account_external_id',
  'subscription_external_id',
  'plan',
  'quantity',
  'amount',
  'currency',
  'interval',
  'starts_on',
  'ends_on',
  'status',
];
const versionCount = async () =>
  Number(
    (
      await database.db
        .selectFrom('subscription_versions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('subscription import', () => {
  it('stores every good row, refuses each bad one with line, column and reason, and creates unknown accounts', async () => {
    await s.accounts.create(cliActor, { name: 'Known Ltd', externalId: 'known' });
    const file = writeCsv(
      [
        {
          account_external_id: 'known',
          subscription_external_id: 'k-1',
          plan: 'Pro',
          quantity: 5,
          amount: '1,200.50',
          currency: 'CNY',
          interval: 'month',
          starts_on: '2024-01-01',
        },
        {
          account_external_id: 'new-co',
          subscription_external_id: 'n-1',
          plan: 'Pro',
          quantity: 2,
          amount: '99',
          currency: 'usd',
          interval: 'annual',
          starts_on: '2024-02-01',
          ends_on: '2025-02-01',
        },
        {
          account_external_id: '',
          subscription_external_id: 'x',
          amount: '10',
          interval: 'month',
          starts_on: '2024-01-01',
        },
        {
          account_external_id: 'bad',
          subscription_external_id: 'b-1',
          amount: '10.999',
          currency: 'CNY',
          interval: 'weekly',
          starts_on: '2024-02-30',
          status: 'paused',
        },
      ],
      header,
    );
    const report = await s.imports.importFile(cliActor, 'subscriptions', file, { locale: 'en' });
    expect(report).toMatchObject({ rows: 4, imported: 2, createdAccounts: ['new-co'] });
    expect(report.refused.map((r) => [r.line, r.column])).toEqual([
      [4, 'account_external_id'],
      [5, 'amount'],
      [5, 'interval'],
      [5, 'status'],
      [5, 'starts_on'],
    ]);
    expect(report.refused.find((r) => r.column === 'interval')!.message).toBe(
      '"weekly" is not one of month, quarter, year',
    );

    const known = (
      await s.accounts.list({
        externalId: 'known',
        page: 1,
        pageSize: 1,
        sort: 'name',
        order: 'asc',
        filters: [],
        match: 'all',
      })
    ).items[0];
    const versions = await s.subscriptions.listForAccount(known.id);
    expect(versions).toEqual([
      expect.objectContaining({
        amountMinor: 120050,
        quantity: 5,
        interval: 'month',
        startsOn: '2024-01-01',
        endsOn: null,
        status: 'active',
      }),
    ]);
    const created = (
      await s.accounts.list({
        externalId: 'new-co',
        page: 1,
        pageSize: 1,
        sort: 'name',
        order: 'asc',
        filters: [],
        match: 'all',
      })
    ).items[0];
    expect(created.name).toBe('new-co');
    expect((await s.subscriptions.listForAccount(created.id))[0]).toMatchObject({
      currency: 'USD',
      interval: 'year',
      amountMinor: 9900,
      endsOn: '2025-02-01',
    });
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = writeCsv(
      [
        {
          account_external_id: 'again',
          subscription_external_id: 'a-1',
          amount: '10',
          interval: 'month',
          starts_on: '2024-01-01',
        },
      ],
      header,
    );
    await s.imports.importFile(cliActor, 'subscriptions', file, { locale: 'en' });
    const before = await versionCount();
    const second = await s.imports.importFile(cliActor, 'subscriptions', file, { locale: 'en' });
    expect(second).toMatchObject({ imported: 1, createdAccounts: [] });
    expect(await versionCount()).toBe(before);
  });

  it('refuses a file missing a required column, in the reader language', async () => {
    const file = writeCsv([{ account_external_id: 'x', amount: '1', starts_on: '2024-01-01' }]);
    const report = await s.imports.importFile(cliActor, 'subscriptions', file, { locale: 'zh-CN' });
    expect(report.imported).toBe(0);
    expect(report.refused).toEqual([
      expect.objectContaining({ line: 1, column: 'interval', message: '文件缺少 interval 列' }),
    ]);
  });

  it('renames columns with a map and reads Excel files', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Subs');
    sheet.addRow(['Customer', 'Sub', 'Amount', 'Interval', 'Starts On']);
    sheet.addRow(['xl-1', 'xl-sub', 3600, 'quarter', '2024-03-01']);
    sheet.addRow(['xl-2', 'xl-sub2', 'abc', 'month', '2024-03-01']);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-xlsx-')), 'subs.xlsx');
    await workbook.xlsx.writeFile(file);
    const report = await s.imports.importFile(cliActor, 'subscriptions', file, {
      locale: 'en',
      map: { customer: 'account_external_id', sub: 'subscription_external_id' },
    });
    expect(report).toMatchObject({ rows: 2, imported: 1, createdAccounts: ['xl-1'] });
    expect(report.refused).toEqual([expect.objectContaining({ line: 3, column: 'amount' })]);
    expect((await s.metrics.mrr('2024-03', '2024-03', {})).months[0].newMrr).toBeGreaterThanOrEqual(120000);
  });
});
