import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { writeXlsx } from '../../../test/support/xlsx.js';
import type { ImportJob, ImportPreview } from '../../shared/imports.js';
import { readRecords } from './spreadsheet.js';

/** What an upload can make the server hold: a zip bomb is refused by its unpacked size, a preview stays small. */
let t: TestApp;
let base: string;
let csm: Session;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  csm = await t.as('csm');
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, name: string, content: BlobPart, language = 'en') => {
  const data = new FormData();
  data.append('file', new Blob([content]), name);
  return fetch(`${base}${url}`, {
    method: 'POST',
    body: data,
    headers: { ...csm.headers, 'accept-language': language },
  });
};
async function finished(id: string, language = 'en'): Promise<ImportJob> {
  for (let i = 0; i < 300; i++) {
    const job = (await (
      await fetch(`${base}/api/imports/${id}`, { headers: { ...csm.headers, 'accept-language': language } })
    ).json()) as ImportJob;
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import did not finish');
}

/** A zip written by hand, so an entry can declare a size other than its real one. */
function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declaredSize } of entries) {
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(declaredSize ?? data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(declaredSize ?? data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, deflated);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A real workbook, rezipped by hand; its shared-string table replaced by ~100 MB of one repeated string unless `plain`. */
async function bomb(declared?: number, plain = false): Promise<Buffer> {
  const real = await JSZip.loadAsync(
    fs.readFileSync(
      await writeXlsx([
        ['external_id', 'name'],
        ['B-1', 'Bomb Ltd'],
      ]),
    ),
  );
  const entries: { name: string; data: Buffer; declaredSize?: number }[] = [];
  for (const [name, entry] of Object.entries(real.files)) {
    if (entry.dir) continue;
    entries.push({ name, data: await entry.async('nodebuffer') });
  }
  const item = `<si><t>${'A'.repeat(1000)}</t></si>`;
  const count = 100_000;
  const strings = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">${item.repeat(count)}</sst>`,
  );
  const shared = entries.find((e) => e.name === 'xl/sharedStrings.xml')!;
  if (plain) return zip(entries);
  shared.data = strings;
  shared.declaredSize = declared;
  return zip(entries);
}

const xlsxFile = (bytes: Buffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bomb-')), 'bomb.xlsx');
  fs.writeFileSync(file, bytes);
  return file;
};

describe('an .xlsx zip bomb', () => {
  it('is built as a real workbook (the same zip with its own shared strings reads as it should)', async () => {
    const records = [];
    for await (const r of readRecords(xlsxFile(await bomb(undefined, true)))) records.push(r.cells);
    expect(records).toEqual([
      ['external_id', 'name'],
      ['B-1', 'Bomb Ltd'],
    ]);
  });

  it('is refused by the size its parts unpack to, before ExcelJS holds any of it', async () => {
    for (const declared of [undefined, 1_000]) {
      const bytes = await bomb(declared);
      expect(bytes.length).toBeLessThan(300_000); // ~100 KB that unpacks to ~100 MB
      const file = xlsxFile(bytes);
      const reader = vi.spyOn(ExcelJS.stream.xlsx, 'WorkbookReader');
      const before = process.memoryUsage();
      const failure = await (async () => {
        for await (const _ of readRecords(file)) return undefined;
      })().catch((e: unknown) => e);
      const after = process.memoryUsage();
      expect(failure, `declared ${declared}`).toMatchObject({ reason: 'imports.expandedTooLarge' });
      expect(reader).not.toHaveBeenCalled();
      expect(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers).toBeLessThan(30 * 1024 ** 2);
      reader.mockRestore();
    }
  });

  it('answers a preview with 400 and an import job with a failure, in the caller’s language', async () => {
    const bytes = new Uint8Array(await bomb());
    const en = await post('/api/imports/accounts/preview', 'bomb.xlsx', bytes);
    const body = (await en.json()) as { error: { code: string; message: string } };
    expect(en.status).toBe(400);
    expect(body.error.message).toMatch(/unpacks to more than Tenure reads/);
    const zh = await post('/api/imports/accounts/preview', 'bomb.xlsx', bytes, 'zh-CN');
    expect(((await zh.json()) as { error: { message: string } }).error.message).toMatch(/工作簿解压后超过/);
    const job = await finished(
      ((await (await post('/api/imports/accounts', 'bomb.xlsx', bytes)).json()) as { id: string }).id,
    );
    expect(job).toMatchObject({ state: 'failed', report: null });
    expect(job.error).toMatch(/unpacks to more than Tenure reads/);
    expect(await t.database.db.selectFrom('accounts').select('id').where('external_id', '=', 'B-1').execute()).toEqual(
      [],
    );
  });
});

describe('a preview', () => {
  it('stays small: 20 rows, each cell and echoed value cut to 200 characters, even with 1 MB cells', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const csv = [
      'external_id,name,first_paid_on,Notes',
      ...Array.from({ length: 25 }, (_, i) => `P-${i},Name ${i},${big},${big}`),
    ].join('\n');
    const response = await post('/api/imports/accounts/preview', 'big.csv', csv);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text.length).toBeLessThan(60_000);
    const preview = JSON.parse(text) as ImportPreview;
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0].cells[3]).toBe(`${'x'.repeat(200)}…`);
    expect(preview.problems[0]).toMatchObject({
      line: 2,
      column: 'first_paid_on',
      reason: 'imports.badDate',
      params: { value: `${'x'.repeat(200)}…` },
    });

    const job = await finished(
      ((await (await post('/api/imports/accounts', 'big.csv', csv)).json()) as { id: string }).id,
    );
    expect(job.report).toMatchObject({ rows: 25, refusedRows: 25 });
    expect(JSON.stringify(job.report).length).toBeLessThan(60_000);
  });
});
