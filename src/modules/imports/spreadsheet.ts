import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

export interface SheetRow {
  /** 1-based line (CSV) or row (xlsx) number in the file, the header being line 1. */
  line: number;
  values: Record<string, string>;
}

/** Header cells become keys: trimmed, lower-case, spaces as underscores ("Starts On" → starts_on). */
export const normaliseHeader = (header: string) => header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
  }
  return String(value);
}

async function* csvRows(file: string): AsyncGenerator<SheetRow> {
  // Streams: a file of millions of rows is never held in memory at once.
  const stream = fs.createReadStream(file, 'utf8').pipe(Papa.parse(Papa.NODE_STREAM_INPUT, { header: false, skipEmptyLines: false }));
  let headers: string[] | undefined;
  let line = 0;
  for await (const cells of stream as AsyncIterable<string[]>) {
    line += 1;
    if (!headers) {
      headers = cells.map(normaliseHeader);
      continue;
    }
    if (cells.every((c) => c.trim() === '')) continue;
    yield { line, values: Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? '').trim()])) };
  }
}

async function* xlsxRows(file: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  for await (const sheet of reader) {
    let headers: string[] | undefined;
    for await (const row of sheet) {
      const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
      if (!headers) {
        headers = cells.map(normaliseHeader);
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      yield { line: row.number, values: Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? '').trim()])) };
    }
    return; // the first worksheet only
  }
}

export function readSheet(file: string): AsyncGenerator<SheetRow> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return xlsxRows(file);
  return csvRows(file);
}
