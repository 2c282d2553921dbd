import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../../test/support/csv.js';
import { testDatabase } from '../../../test/support/db.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import type { ImportKind } from '../../shared/imports.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';
import { ImportAborted, parseRow, runImport } from './engine.js';
import type { ImportContext, KindDefinition } from './import.types.js';
import { importJobsRepository } from './imports.repository.js';
import { KINDS } from './kinds/index.js';

/** Imports are all or nothing per row, never per chunk: a bad cell or a row the database refuses is one refused row. */
let database: Database;
let s: Services;
beforeAll(async () => {
  database = await testDatabase();
  s = createServices({
    db: database.db,
    clock: createClock('2024-06-01T00:00:00Z'),
    config: { TENURE_SESSION_DAYS: 14, TENURE_TIMEZONE: 'Asia/Shanghai' },
  });
  await s.accounts.create(cliActor, { name: 'Acme', externalId: 'ACME' });
  await sql`create table import_probe (n integer primary key)`.execute(database.db);
});
afterAll(() => database.close());

const count = async (table: 'usage_daily' | 'import_probe') =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0].n);

describe('a cell the database cannot store', () => {
  it('refuses that row of a 5,000-row file and imports every other row, across chunks', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      account_external_id: 'ACME',
      date: '2024-03-01',
      event: `e${i}`,
      count: i,
      users: 1,
    }));
    rows[2500].event = 'bad\u0000event';
    const report = await s.imports.importFile(cliActor, 'usage', writeCsv(rows), { locale: 'en' });
    expect(report).toMatchObject({ rows: 5000, imported: 4999, refusedRows: 1 });
    expect(report.refused).toEqual([
      expect.objectContaining({
        line: 2502,
        column: 'event',
        reason: 'imports.unstorableText',
        message: 'event contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored',
      }),
    ]);
    expect(await count('usage_daily')).toBe(4999);
    const zh = await s.imports.importFile(cliActor, 'usage', writeCsv(rows), { locale: 'zh-CN' });
    expect(zh.refused[0].message).toMatch(/event.*NUL/);
    expect(zh.refused[0].message).not.toBe(report.refused[0].message);
  });

  it('is refused by every kind, in known columns and custom attributes, with the other rows imported', async () => {
    const files: Record<ImportKind, Record<string, string>[]> = {
      accounts: [
        { external_id: 'N-1', name: 'Good' },
        { external_id: 'N-2', name: 'Bad\u0000' },
        { external_id: 'N-3', name: 'Odd', segment: 'x\u0000y' },
      ],
      contacts: [
        { account_external_id: 'ACME', external_id: 'c1', name: 'Good' },
        { account_external_id: 'ACME', external_id: 'c2', name: 'B\u0000d' },
      ],
      subscriptions: [
        { account_external_id: 'S-1', plan: 'Pro', amount: '10', interval: 'month', starts_on: '2024-01-01' },
        { account_external_id: 'S-2', plan: 'P\u0000ro', amount: '10', interval: 'month', starts_on: '2024-01-01' },
      ],
      usage: [
        { account_external_id: 'ACME', date: '2024-01-01', event: 'ok', count: '1' },
        { account_external_id: 'ACME', date: '2024-01-02', event: '\u0000', count: '1' },
      ],
      tickets: [
        { external_id: 't1', account_external_id: 'ACME', subject: 'Good', opened_at: '2024-01-01' },
        { external_id: 't2', account_external_id: 'ACME', subject: 'B\u0000d', opened_at: '2024-01-01' },
      ],
      nps: [
        { external_id: 'r1', account_external_id: 'ACME', score: '9', comment: 'fine', responded_at: '2024-01-01' },
        {
          external_id: 'r2',
          account_external_id: 'ACME',
          score: '9',
          comment: 'nul \u0000 here',
          responded_at: '2024-01-01',
        },
      ],
    };
    for (const [kind, rows] of Object.entries(files) as [ImportKind, Record<string, string>[]][]) {
      const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      const report = await s.imports.importFile(cliActor, kind, writeCsv(rows, header), { locale: 'en' });
      expect(report, kind).toMatchObject({ rows: rows.length, imported: 1 });
      expect(
        report.refused.every((r) => r.reason === 'imports.unstorableText'),
        kind,
      ).toBe(true);
      expect(
        report.refused.map((r) => r.line),
        kind,
      ).toEqual(kind === 'accounts' ? [3, 4] : [3]);
    }
    const accounts = await s.accounts.list({
      externalId: 'N-3',
      page: 1,
      pageSize: 5,
      sort: 'name',
      order: 'asc',
      filters: [],
      match: 'all',
    });
    expect(accounts.items).toEqual([]);
  });

  it('includes an unpaired surrogate, while a real pair (an emoji) is text like any other', () => {
    const ctx = {
      attributeTypes: new Map(),
      userIds: new Map(),
      timeZone: 'UTC',
      baseCurrency: 'CNY',
    } as unknown as ImportContext;
    expect(parseRow(KINDS.accounts, 7, { external_id: 'X', name: 'half \uD83D pair' }, [], ctx)).toEqual([
      { line: 7, column: 'name', reason: 'imports.unstorableText', params: {} },
    ]);
    expect(parseRow(KINDS.accounts, 7, { external_id: 'X', name: 'smile 😀' }, [['mood', '\uDE00']], ctx)).toEqual([
      { line: 7, column: 'mood', reason: 'imports.unstorableText', params: {} },
    ]);
    expect(parseRow(KINDS.accounts, 7, { external_id: 'X', name: 'smile 😀' }, [], ctx)).toMatchObject({
      line: 7,
      name: 'smile 😀',
    });
  });
});

/** A kind writing integers through real SQL: a cell that is no integer fails in the database, not in the parser. */
function probeKind(
  onWrite: (rows: { line: number; n: string }[]) => void = () => undefined,
): KindDefinition<{ line: number; n: string }> {
  return {
    kind: 'usage',
    columns: [{ name: 'n', required: true, type: 'text', aliases: [], example: '' }],
    attributes: false,
    parse: (line, values) => ({ line, n: values.n }),
    async write(rows, trx) {
      onWrite(rows);
      await sql`insert into import_probe (n) values ${sql.join(rows.map((r) => sql`(${r.n}::integer)`))}`.execute(trx);
      return { refused: [], createdAccounts: [] };
    },
  };
}
const probeFile = (cells: string[]) =>
  writeCsv(
    cells.map((n) => ({ n })),
    ['n'],
  );
const ctx = () =>
  ({
    actor: cliActor,
    attributeTypes: new Map(),
    userIds: new Map(),
    timeZone: 'UTC',
    baseCurrency: 'CNY',
  }) as unknown as ImportContext;

describe('a chunk the database refuses', () => {
  it('is retried in parts, so every good row is stored and each bad one is reported, without a transaction per row', async () => {
    await sql`delete from import_probe`.execute(database.db);
    const cells = Array.from({ length: 5000 }, (_, i) => String(i));
    cells[10] = 'ten';
    cells[2999] = 'x'.repeat(300);
    let writes = 0;
    const report = await runImport(
      database.db,
      probeKind(() => writes++),
      probeFile(cells),
      ctx(),
    );
    expect(report).toMatchObject({ rows: 5000, imported: 4998, refusedRows: 2 });
    expect(report.refused).toEqual([
      { line: 12, column: null, reason: 'imports.notStored', params: { code: '22P02' } },
      { line: 3001, column: null, reason: 'imports.notStored', params: { code: '22P02' } },
    ]);
    expect(await count('import_probe')).toBe(4998);
    expect(writes).toBeLessThan(100); // 3 chunks, two of them halved down to one row: not 2,000 transactions
  });

  it('that fails for another reason (the connection) stops the import with a report of what was stored', async () => {
    await sql`delete from import_probe`.execute(database.db);
    let chunks = 0;
    const kind = probeKind(() => {
      if (++chunks === 2) throw Object.assign(new Error('Connection terminated unexpectedly'), {});
    });
    const failure = await runImport(
      database.db,
      kind,
      probeFile(Array.from({ length: 5000 }, (_, i) => String(i))),
      ctx(),
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportAborted);
    expect((failure as ImportAborted).reason).toBe('imports.aborted');
    expect((failure as ImportAborted).report).toMatchObject({ rows: 4000, imported: 2000, refusedRows: 0 });
    expect(chunks).toBe(2);
    expect(await count('import_probe')).toBe(2000);
  });

  it('is a failed job that still shows its report, the counts in the reason', async () => {
    const failure = (await runImport(
      database.db,
      probeKind(() => {
        throw new Error('Connection terminated unexpectedly');
      }),
      probeFile(['1', '2']),
      ctx(),
    ).catch((e: unknown) => e)) as ImportAborted;
    const id = await importJobsRepository.create(database.db, {
      kind: 'usage',
      fileName: 'p.csv',
      totalBytes: 10,
      createdBy: null,
      createdByName: 'cli',
    });
    await importJobsRepository.finish(database.db, id, { error: failure.reason, report: failure.report });
    const job = await s.imports.getJob(id, 'en');
    expect(job).toMatchObject({ state: 'failed', rows: 2, imported: 0, report: { rows: 2, imported: 0 } });
    expect(job.error).toBe(
      'the import stopped after 2 rows (0 stored) because the database failed; import the file again — rows already stored are not duplicated',
    );
  });
});
