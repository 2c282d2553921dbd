import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_KINDS } from '../../shared/imports.js';
import { planColumns } from './columns.js';
import { KINDS } from './kinds/index.js';
import { readRecords } from './spreadsheet.js';
import { isNumeric, parseBoolean, parseTimestamp } from './values.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const tempFile = (name: string, content: Buffer | string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-sheet-')), name);
  fs.writeFileSync(file, content);
  return file;
};
const records = async (file: string) => {
  const out: { line: number; cells: string[] }[] = [];
  for await (const r of readRecords(file)) out.push(r);
  return out;
};

describe('cell values', () => {
  it('reads times without an offset in the organisation’s zone, across daylight saving', () => {
    expect(parseTimestamp('2024-03-01', 'Asia/Shanghai')?.toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(parseTimestamp('2024-03-01 09:30', 'Asia/Shanghai')?.toISOString()).toBe('2024-03-01T01:30:00.000Z');
    expect(parseTimestamp('2024-03-01T09:30:15+08:00', 'UTC')?.toISOString()).toBe('2024-03-01T01:30:15.000Z');
    expect(parseTimestamp('2024-03-01T09:30Z', 'Asia/Shanghai')?.toISOString()).toBe('2024-03-01T09:30:00.000Z');
    expect(parseTimestamp('2024-07-01 12:00', 'Europe/Berlin')?.toISOString()).toBe('2024-07-01T10:00:00.000Z');
    expect(parseTimestamp('2024-01-01 12:00', 'Europe/Berlin')?.toISOString()).toBe('2024-01-01T11:00:00.000Z');
    for (const bad of ['2024-02-30', '2024-03-01 24:00', '03/01/2024', '2024-3-1', 'soon'])
      expect(parseTimestamp(bad, 'UTC'), bad).toBeUndefined();
  });

  it('reads the same wall-clock time the same way whatever rows came before it, in half-hour zones too', () => {
    // Adelaide leaves daylight saving (+10:30 → +09:30) at 03:00 local on 2027-04-04, 16:30 UTC: inside a UTC
    // hour. An offset kept for that whole hour made 01:45 (still +10:30) read an hour late once a time of the
    // repeated 02:00–03:00 hour had been read first.
    const tz = 'Australia/Adelaide';
    const repeated = parseTimestamp('2027-04-04 02:10', tz)?.toISOString();
    expect(parseTimestamp('2027-04-04 01:45', tz)?.toISOString()).toBe('2027-04-03T15:15:00.000Z');
    // A time of the repeated hour is its first occurrence (+10:30), asked first or after others.
    expect(repeated).toBe('2027-04-03T15:40:00.000Z');
    expect(parseTimestamp('2027-04-04 02:10', tz)?.toISOString()).toBe(repeated);
    expect(parseTimestamp('2027-04-04 03:30', tz)?.toISOString()).toBe('2027-04-03T18:00:00.000Z');
    // Into daylight saving (+09:30 → +10:30) at 02:00 local on 2026-10-04, also half past a UTC hour.
    expect(parseTimestamp('2026-10-04 01:50', tz)?.toISOString()).toBe('2026-10-03T16:20:00.000Z');
    expect(parseTimestamp('2026-10-04 03:15', tz)?.toISOString()).toBe('2026-10-03T16:45:00.000Z');
    // West of UTC the same rules: a skipped time moves forward, a repeated one is its first occurrence.
    expect(parseTimestamp('2026-03-08 02:30', 'America/New_York')?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(parseTimestamp('2026-11-01 01:30', 'America/New_York')?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('tells numbers from codes, and reads yes/no in both languages', () => {
    for (const n of ['0', '12', '-3', '29.85', '0.5', '1e6']) expect(isNumeric(n), n).toBe(true);
    for (const c of ['007', '1,200', '12a', '', ' 1', 'Infinity', '.5']) expect(isNumeric(c), c).toBe(false);
    expect(['Yes', 'no', 'TRUE', '0', '是', '否', 'maybe'].map(parseBoolean)).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
      undefined,
    ]);
  });
});

describe('spreadsheet reading', () => {
  it('reads semicolon-separated CSV, quoted newlines and a BOM', async () => {
    const file = tempFile('a.csv', '\uFEFFexternal_id;name\nA1;"Acme; Ltd"\n\nA2;"two\nlines"\n');
    expect(await records(file)).toEqual([
      { line: 1, cells: ['external_id', 'name'] },
      { line: 2, cells: ['A1', 'Acme; Ltd'] },
      { line: 4, cells: ['A2', 'two\nlines'] },
    ]);
  });

  it('reads CSV saved as GB18030 (GBK) by Chinese tools', async () => {
    const gbk = Buffer.from([
      0xbf, 0xcd, 0xbb, 0xa7, 0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a, 0x41, 0x31, 0x2c, 0xc4, 0xe3,
      0xba, 0xc3, 0x0a,
    ]);
    expect(await records(tempFile('gbk.csv', gbk))).toEqual([
      { line: 1, cells: ['客户编号', '名称'] },
      { line: 2, cells: ['A1', '你好'] },
    ]);
  });

  it('plans columns: aliases, maps, attributes, and what is missing or doubled', () => {
    const plan = planColumns(KINDS.accounts, ['客户ID', 'Company', 'Seats', 'Notes'], { notes: 'ignore' });
    expect(plan.targets).toEqual([
      { column: 'external_id' },
      { column: 'name' },
      { attribute: 'Seats' },
      { ignore: true },
    ]);
    expect(plan.problems).toEqual([]);
    expect(
      planColumns(KINDS.usage, ['customer_id', '客户编号', 'date'], {}).problems.map((p) => [p.column, p.reason]),
    ).toEqual([
      ['客户编号', 'imports.duplicateColumn'],
      ['event', 'imports.missingColumn'],
      ['count', 'imports.missingColumn'],
    ]);
    expect(planColumns(KINDS.usage, ['x'], { y: 'date' }).problems[0]).toMatchObject({
      column: 'y',
      reason: 'imports.missingColumn',
    });
  });
});

describe('docs/imports.md', () => {
  it('documents every kind, column and header alias', () => {
    const doc = fs.readFileSync(path.join(root, 'docs', 'imports.md'), 'utf8');
    const missing: string[] = [];
    for (const kind of IMPORT_KINDS) {
      if (!doc.includes(`## ${kind}`)) missing.push(`## ${kind}`);
      const section = doc.slice(doc.indexOf(`## ${kind}`));
      for (const column of KINDS[kind].columns) {
        if (!section.includes(`| \`${column.name}\``)) missing.push(`${kind}.${column.name}`);
        for (const alias of column.aliases)
          if (!section.includes(alias)) missing.push(`${kind}.${column.name} alias ${alias}`);
        for (const value of column.allowed ?? [])
          if (!section.includes(`\`${value}\``)) missing.push(`${kind}.${column.name} value ${value}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
