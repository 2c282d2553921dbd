import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes rows to a temporary CSV file (header from the first row's keys) and returns its path. */
export function writeCsv(rows: Record<string, string | number | null | undefined>[], header?: string[]): string {
  const columns = header ?? Object.keys(rows[0] ?? {});
  const quote = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const body = [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c])).join(','))].join('\n');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-csv-')), 'data.csv');
  fs.writeFileSync(file, `${body}\n`);
  return file;
}
