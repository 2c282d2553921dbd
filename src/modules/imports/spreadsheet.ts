import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

/** One record of a file: its 1-based line (CSV record) or row number (xlsx), and its cells. */
export interface SheetRecord {
  line: number;
  cells: string[];
}

/** How far a reader has got through its file, for progress bars. */
export interface Meter {
  readBytes: number;
}

/** Problems with the file itself rather than a row: an unreadable workbook, an unsupported type. */
export class SheetError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export const SHEET_EXTENSIONS = ['.csv', '.txt', '.tsv', '.xlsx'] as const;
export const isSupportedFile = (name: string) => (SHEET_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());

/** Header cells become keys: trimmed, lower-case, spaces as underscores ("Starts On" → starts_on). */
export const normaliseHeader = (header: string) => header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');

const pad = (n: number) => String(n).padStart(2, '0');

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel has no time zones: the cell's wall-clock time arrives as the UTC fields of a Date.
    const date = value.toISOString().slice(0, 10);
    const time = [value.getUTCHours(), value.getUTCMinutes(), value.getUTCSeconds()];
    return time.some(Boolean) ? `${date} ${time.map(pad).join(':')}` : date;
  }
  if (typeof value === 'object') {
    if ('error' in value) return '';
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
  }
  return String(value);
}

/**
 * Chinese spreadsheet tools often save CSV as GB18030 (GBK); anything that is not valid UTF-8
 * in its first 64 KiB is read as GB18030, which is a superset of GBK and GB2312.
 */
function csvEncoding(file: string): 'utf-8' | 'gb18030' {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(65_536);
    const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    let sample = buffer.subarray(0, length);
    // A multi-byte character cut at the end of the sample is not an error.
    if (length === buffer.length) sample = sample.subarray(0, sample.lastIndexOf(0x0a) + 1 || length - 4);
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return 'utf-8';
  } catch {
    return 'gb18030';
  } finally {
    fs.closeSync(fd);
  }
}

function meteredStream(file: string, meter?: Meter) {
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  if (meter) stream.on('data', (chunk) => (meter.readBytes += chunk.length));
  return stream;
}

async function* csvRecords(file: string, meter?: Meter): AsyncGenerator<SheetRecord> {
  const decoder = new TextDecoder(csvEncoding(file));
  const text = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const source = meteredStream(file, meter);
  // Streams: a file of millions of rows is never held in memory at once.
  const parser = source.pipe(text).pipe(Papa.parse(Papa.NODE_STREAM_INPUT, { header: false, skipEmptyLines: false }));
  let line = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      line += 1;
      if (cells.every((c) => c.trim() === '')) continue;
      yield { line, cells: cells.map((c) => c.trim()) };
    }
  } finally {
    source.destroy();
  }
}

async function* xlsxRecords(file: string, meter?: Meter): AsyncGenerator<SheetRecord> {
  const source = meteredStream(file, meter);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const cells = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim());
        if (cells.every((c) => c === '')) continue;
        yield { line: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof SheetError) throw error;
    throw new SheetError('imports.unreadable');
  } finally {
    source.destroy();
  }
}

/**
 * Streams the records of a CSV or .xlsx file (first worksheet), blank records skipped, cells
 * trimmed; the first record is the header. `meter` counts the bytes read so far.
 */
export function readRecords(file: string, meter?: Meter): AsyncGenerator<SheetRecord> {
  const ext = path.extname(file).toLowerCase();
  if (!isSupportedFile(file)) throw new SheetError('imports.fileType');
  return ext === '.xlsx' ? xlsxRecords(file, meter) : csvRecords(file, meter);
}
