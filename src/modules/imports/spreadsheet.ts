import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { AppError } from '../../http/errors.js';
import { detectEncoding, type TextEncoding } from './encoding.js';
import { checkXlsx } from './xlsx-limits.js';
import { type OpenedSheet, openFirstSheet } from './xlsx-reader.js';

/** One record of a file: its 1-based line (CSV record) or row number (xlsx), and its cells. */
export interface SheetRecord {
  line: number;
  cells: string[];
}

/** How far a reader has got through its file, for progress bars. */
export interface Meter {
  readBytes: number;
}

/**
 * Problems with the file itself rather than a row: an unreadable workbook, an unsupported type.
 * An AppError, so a request that meets one (a preview) answers 400 in the caller's language
 * rather than a 500 or the bare catalog key; jobs store the key and phrase it for each reader.
 */
export class SheetError extends AppError {
  /** `cause`: what the reader threw, kept for the log of whoever investigates (the user sees the reason). */
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super(400, reason === 'imports.fileType' ? 'validation' : 'unreadable_file', reason);
    if (cause !== undefined) this.cause = cause;
  }
}

export const SHEET_EXTENSIONS = ['.csv', '.txt', '.tsv', '.xlsx'] as const;
export const isSupportedFile = (name: string) =>
  (SHEET_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());

/** Header cells become keys: trimmed, lower-case, spaces as underscores ("Starts On" → starts_on). */
export const normaliseHeader = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * ExcelJS's streaming reader parses a cached formula result with parseFloat unless it is a string,
 * so an error result (#DIV/0!) arrives as NaN and its text is lost; its value copy also drops
 * falsy results (0, ''). The cell's model keeps what there is: NaN says "an error", whatever it was.
 */
const FORMULA_ERROR = '#ERROR!';

function cellText(value: ExcelJS.CellValue, storedResult?: () => unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && Number.isNaN(value)) return FORMULA_ERROR;
  if (value instanceof Date) {
    // Excel has no time zones: the cell's wall-clock time arrives as the UTC fields of a Date.
    const date = value.toISOString().slice(0, 10);
    const time = [value.getUTCHours(), value.getUTCMinutes(), value.getUTCSeconds()];
    return time.some(Boolean) ? `${date} ${time.map(pad).join(':')}` : date;
  }
  if (typeof value === 'object') {
    // An error cell reads as its error (#N/A), so the row is refused saying so rather than silently blank.
    if ('error' in value) return String(value.error);
    if ('formula' in value || 'sharedFormula' in value) {
      const result = 'result' in value && value.result !== undefined ? value.result : storedResult?.();
      return cellText((result ?? null) as ExcelJS.CellValue);
    }
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
  }
  return String(value);
}

/**
 * The file's encoding (see encoding.ts: UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK;
 * anything else is refused, never read as mojibake) from its first 64 KiB, and the separator: the
 * one the header line uses most (comma, semicolon, tab or bar), counted outside quotes.
 */
function sniffCsv(file: string): { encoding: TextEncoding; delimiter: string } {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(65_536);
    const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const sample = buffer.subarray(0, length);
    const encoding = detectEncoding(sample);
    if (!encoding) throw new SheetError('imports.encoding');
    const text = new TextDecoder(encoding).decode(sample, { stream: true });
    const header =
      text
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .find((l) => l.trim() !== '') ?? '';
    const counts = new Map<string, number>([
      [',', 0],
      [';', 0],
      ['\t', 0],
      ['|', 0],
    ]);
    let quoted = false;
    for (const ch of header) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
    }
    const [delimiter] = [...counts].reduce((best, next) => (next[1] > best[1] ? next : best));
    return { encoding, delimiter };
  } finally {
    fs.closeSync(fd);
  }
}

function meteredStream(file: string, meter?: Meter) {
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  if (meter) stream.on('data', (chunk) => (meter.readBytes += chunk.length));
  return stream;
}

/** Records waiting for the consumer before the file is paused: memory stays bounded. */
const CSV_BUFFER = 10_000;

async function* csvRecords(file: string, meter?: Meter): AsyncGenerator<SheetRecord> {
  const { encoding, delimiter } = sniffCsv(file);
  const decoder = new TextDecoder(encoding);
  const source = meteredStream(file, meter);
  const text = source.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        done(null, decoder.decode(chunk, { stream: true }));
      },
      flush(done) {
        done(null, decoder.decode());
      },
    }),
  );
  text.setEncoding('utf8');
  // Papa's chunk callback, not its Duplex stream or step callback: those pause and resume per
  // row (with a 3 ms timer), which makes a million-row file take minutes instead of seconds.
  const queue: string[][] = [];
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  Papa.parse<string[]>(text as unknown as File, {
    header: false,
    delimiter,
    skipEmptyLines: false,
    chunk: (results) => {
      for (const row of results.data) queue.push(row);
      if (queue.length >= CSV_BUFFER) text.pause();
      notify();
    },
    complete: () => {
      finished = true;
      notify();
    },
    error: (error: unknown) => {
      failure = error;
      notify();
    },
  });
  source.on('error', (error) => {
    failure = error;
    notify();
  });

  let line = 0;
  try {
    for (;;) {
      if (queue.length) {
        const rows = queue.splice(0, queue.length);
        if (!finished && text.isPaused()) text.resume();
        for (const cells of rows) {
          line += 1;
          if (cells.every((c) => c.trim() === '')) continue;
          yield { line, cells: cells.map((c) => c.trim()) };
        }
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    source.destroy();
    text.destroy();
  }
}

async function* xlsxRecords(file: string, meter?: Meter): AsyncGenerator<SheetRecord> {
  // A zip bomb is refused by the sizes it unpacks to, before ExcelJS holds any of it (xlsx-limits.ts).
  const problem = await checkXlsx(file);
  if (problem) throw new SheetError(problem);
  let opened: OpenedSheet | undefined;
  try {
    opened = await openFirstSheet(file, meter && ((bytes) => (meter.readBytes += bytes)));
    if (!opened.sheet) return;
    for await (const row of opened.sheet) {
      const cells = (row.values as ExcelJS.CellValue[])
        .slice(1)
        .map((v, i) => cellText(v, () => (row.getCell(i + 1).model as { result?: unknown }).result).trim());
      if (cells.every((c) => c === '')) continue;
      yield { line: row.number, cells };
    }
  } catch (error) {
    if (error instanceof SheetError) throw error;
    throw new SheetError('imports.unreadable', error);
  } finally {
    opened?.close();
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
