import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { writeXlsx } from '../../../test/support/xlsx.js';
import { readRecords } from './spreadsheet.js';

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

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void) {
  const file = await writeXlsx([]);
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('Data'));
  await book.xlsx.writeFile(file);
  return file;
}

const preview = (name: string, content: BlobPart, language: string) => {
  const data = new FormData();
  data.append('file', new Blob([content]), name);
  return fetch(`${base}/api/imports/accounts/preview`, {
    method: 'POST',
    body: data,
    headers: { ...csm.headers, 'accept-language': language },
  });
};

describe('unreadable spreadsheets', () => {
  it('read an error cell, or a formula whose result is an error, as that error', async () => {
    const file = await workbook((sheet) => {
      sheet.addRow(['external_id', 'name', 'employees']);
      const row = sheet.addRow(['X-1', 'Ratio Ltd', null]);
      row.getCell(3).value = { formula: '1/0', result: { error: '#DIV/0!' } };
      row.getCell(4).value = { formula: 'C1-C1', result: 0 }; // a zero result used to read as [object Object] too
      const second = sheet.addRow(['X-2', null, 5]);
      second.getCell(2).value = { error: '#N/A' };
    });
    const records = [];
    for await (const r of readRecords(file)) records.push(r.cells);
    // The streaming reader keeps only that the formula's result is an error, not which one (see cellText).
    expect(records.slice(1)).toEqual([
      ['X-1', 'Ratio Ltd', '#ERROR!', '0'],
      ['X-2', '#N/A', '5'],
    ]);
    fs.rmSync(file);
  });

  it('answer a preview with a 400 in the caller’s language, never a raw catalog key or zlib code', async () => {
    const real = fs.readFileSync(
      await writeXlsx([
        ['external_id', 'name'],
        ...Array.from({ length: 200 }, (_, i) => [`E-${i}`, `Name ${i} ${'x'.repeat(40)}`]),
      ]),
    );
    // A zip whose compressed data is damaged: inflating it fails with Z_DATA_ERROR.
    const damaged = Buffer.from(real);
    for (let i = 200; i < damaged.length - 200; i += 7) damaged[i] ^= 0x5a;
    for (const [content, lang, pattern] of [
      ['this is not a zip file', 'en', /cannot be read as a CSV or Excel/],
      [damaged, 'zh-CN', /无法将文件读取为 CSV 或 Excel/],
      [damaged, 'en', /cannot be read as a CSV or Excel/],
    ] as const) {
      const r = await preview('broken.xlsx', content, lang);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(body.error.code).toBe('unreadable_file');
      expect(body.error.message).toMatch(pattern);
      expect(body.error.message).not.toMatch(/imports\\.|Z_[A-Z_]+|\[object Object\]/);
    }
  });
});
