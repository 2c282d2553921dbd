import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { openEntry, type ZipEntry, zipEntries } from './zip.js';

/**
 * The first worksheet of an .xlsx file, streamed row by row through ExcelJS's own parsers.
 *
 * Why not ExcelJS's WorkbookReader as it is: it walks the zip front to back (unzipper's Parse),
 * and that stream announces its end once it has consumed the last bytes, not once the reader has
 * taken every part. A reader still busy with one part — writing a worksheet that comes before the
 * shared strings to a temporary file, as in every workbook ExcelJS itself writes — then never sees
 * the parts after it: the workbook part is lost and the read throws ("reading 'sheets'"), or the
 * rows are lost. It happens when the disk is slow, so under load (exceljs issue 3064). Here each
 * part is opened by the zip's central directory (zip.ts): the relationships, the workbook, the
 * shared strings and the styles are read first, then the worksheet, so nothing depends on order.
 */

type SheetReader = ExcelJS.stream.xlsx.WorksheetReader;

/** What of ExcelJS's WorkbookReader (exceljs 4.4, lib/stream/xlsx/workbook-reader.js) this drives. */
interface WorkbookParts {
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncGenerator<unknown>;
  _parseStyles(part: Readable): Promise<void>;
  _parseWorksheet(data: Readable, sheetNo: string): Generator<{ eventType: string; value: SheetReader }>;
}

/** A worksheet part's number: xl/worksheets/sheet3.xml → 3. */
const sheetNumber = (name: string) => /sheet(\d+)\.xml$/i.exec(name)?.[1];

/** The part of the workbook's first tab: the workbook's sheet list, through its relationships. */
function firstSheetPart(reader: WorkbookParts, entries: Map<string, ZipEntry>): ZipEntry | undefined {
  const first = reader.model?.sheets?.[0];
  const target = first && reader.workbookRels?.find((rel) => rel.Id === first.rId)?.Target;
  if (target) {
    const name = target.startsWith('/') ? target.slice(1) : path.posix.join('xl', target);
    if (entries.has(name)) return entries.get(name);
  }
  // No usable sheet list: the lowest-numbered worksheet part.
  return [...entries.values()]
    .filter((e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name))
    .sort((a, b) => Number(sheetNumber(a.name) ?? Infinity) - Number(sheetNumber(b.name) ?? Infinity))[0];
}

export interface OpenedSheet {
  /** Undefined for a workbook without a worksheet. */
  sheet: SheetReader | undefined;
  /** Stops reading (the caller may leave before the last row). */
  close(): void;
}

/**
 * Opens the first worksheet; throws when the file is not a workbook ExcelJS can read. `onRead`
 * hears the compressed bytes of the worksheet as they are read and, once it is read to the end,
 * the rest of the file's size, so one full read counts the file's size exactly.
 */
export async function openFirstSheet(file: string, onRead?: (bytes: number) => void): Promise<OpenedSheet> {
  const list = zipEntries(file);
  if (!list) throw new Error('not a zip file');
  const entries = new Map(list.map((e) => [e.name, e]));
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  }) as unknown as WorkbookParts;
  const part = (name: string) => {
    const entry = entries.get(name);
    return entry && openEntry(file, entry);
  };
  const rels = part('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(rels);
  const workbook = part('xl/workbook.xml');
  if (workbook) await reader._parseWorkbook(workbook);
  const strings = part('xl/sharedStrings.xml');
  if (strings) for await (const _ of reader._parseSharedStrings(strings));
  const styles = part('xl/styles.xml');
  if (styles) await reader._parseStyles(styles);

  const entry = firstSheetPart(reader, entries);
  if (!entry) return { sheet: undefined, close: () => undefined };
  const size = fs.statSync(file).size;
  const data = openEntry(file, entry, onRead);
  if (onRead) data.on('end', () => onRead(size - entry.compressedSize));
  let sheet: SheetReader | undefined;
  for (const event of reader._parseWorksheet(data, sheetNumber(entry.name) ?? '1'))
    if (event.eventType === 'worksheet') sheet = event.value;
  return { sheet, close: () => data.destroy() };
}
