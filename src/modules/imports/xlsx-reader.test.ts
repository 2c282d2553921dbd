import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeXlsx } from '../../../test/support/xlsx.js';
import { readRecords } from './spreadsheet.js';
import { template } from './templates.js';

async function records(file: string, meter?: { readBytes: number }) {
  const out: { line: number; cells: string[] }[] = [];
  for await (const record of readRecords(file, meter)) out.push(record);
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reading an .xlsx workbook', () => {
  it('reads every row when the disk is slow, though the worksheet comes before the shared strings', async () => {
    // Tenure's own templates (ExcelJS) put the worksheet before the shared strings and the workbook
    // part last. A reader that parks the worksheet in a temporary file while it walks on lost the
    // parts after it whenever that file was slow to write (a busy machine), refusing the file.
    const body = (await template('nps', 'xlsx')).body;
    const file = await writeXlsx([['placeholder']]);
    fs.writeFileSync(file, body);
    const create = fs.createWriteStream;
    vi.spyOn(fs, 'createWriteStream').mockImplementation(((...args: Parameters<typeof create>) => {
      const stream = create(...args);
      const emit = stream.emit.bind(stream);
      stream.emit = ((event: string, ...rest: unknown[]) => {
        if (event !== 'finish') return emit(event, ...rest);
        setTimeout(() => emit(event, ...rest), 50);
        return true;
      }) as typeof stream.emit;
      return stream;
    }) as typeof create);

    const read = await records(file);
    expect(read.map((r) => r.line)).toEqual([1, 2]);
    expect(read[0].cells).toEqual([
      'external_id',
      'account_external_id',
      'contact_email',
      'score',
      'comment',
      'responded_at',
    ]);
    expect(read[1].cells[0]).toBe('R-9001');
  });

  it('counts the whole file as read once the last row is read', async () => {
    const rows = [['external_id', 'name'], ...Array.from({ length: 3000 }, (_, i) => [`A-${i}`, `Account ${i}`])];
    const file = await writeXlsx(rows);
    const meter = { readBytes: 0 };
    const read = await records(file, meter);
    expect(read).toHaveLength(3001);
    expect(read[3000].cells).toEqual(['A-2999', 'Account 2999']);
    expect(meter.readBytes).toBe(fs.statSync(file).size);
  });

  it('reads the first tab, not another sheet', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Accounts').addRows([['external_id'], ['FIRST']]);
    workbook.addWorksheet('Notes').addRows([['note'], ['second']]);
    const file = await writeXlsx([['placeholder']]);
    await workbook.xlsx.writeFile(file);
    expect((await records(file)).map((r) => r.cells[0])).toEqual(['external_id', 'FIRST']);
  });
});
