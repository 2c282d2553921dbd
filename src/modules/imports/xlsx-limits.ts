import { openEntry, type ZipEntry, zipEntries } from './zip.js';

/**
 * An .xlsx file is a zip: 100 KB of upload can unpack to gigabytes (a "zip bomb"). ExcelJS holds
 * every part but the worksheets in memory while it reads (the shared-string table — every distinct
 * text — styles, the workbook), so those are limited before it sees the file; worksheets stream.
 * The sizes a zip declares can lie, so the parts held in memory are also inflated once here, to
 * nowhere, stopping at the limit — a few hundred milliseconds at most, no memory.
 */
export const MAX_XLSX_HELD_BYTES = 50 * 1024 ** 2;
export const MAX_XLSX_SHEET_BYTES = 4 * 1024 ** 3;

/** Why a workbook is refused before ExcelJS reads it; the caller turns it into a SheetError. */
export type XlsxProblem = 'imports.unreadable' | 'imports.expandedTooLarge';

/** Inflates an entry without keeping it: its real size, or undefined as soon as it passes `limit`. */
async function inflatedSize(file: string, entry: ZipEntry, limit: number): Promise<number | undefined> {
  const data = openEntry(file, entry);
  if (entry.method === 0) {
    data.destroy();
    return entry.compressedSize <= limit ? entry.compressedSize : undefined;
  }
  let total = 0;
  try {
    for await (const chunk of data as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) return undefined;
    }
    return total;
  } finally {
    data.destroy();
  }
}

/**
 * Checks an .xlsx file before it is read: undefined when it may be read, otherwise why not —
 * not a zip at all, or parts that would unpack past the limits.
 */
export async function checkXlsx(
  file: string,
  limits = { held: MAX_XLSX_HELD_BYTES, sheets: MAX_XLSX_SHEET_BYTES },
): Promise<XlsxProblem | undefined> {
  try {
    const entries = zipEntries(file);
    if (!entries) return 'imports.unreadable';
    const sheets = entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name));
    const held = entries.filter((e) => !sheets.includes(e) && !e.name.endsWith('/'));
    if (sheets.reduce((sum, e) => sum + e.size, 0) > limits.sheets) return 'imports.expandedTooLarge';
    if (held.reduce((sum, e) => sum + e.size, 0) > limits.held) return 'imports.expandedTooLarge';
    let budget = limits.held;
    for (const entry of held) {
      const size = await inflatedSize(file, entry, budget);
      if (size === undefined) return 'imports.expandedTooLarge';
      budget -= size;
    }
    return undefined;
  } catch {
    return 'imports.unreadable';
  }
}
