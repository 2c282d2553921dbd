import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';

/** Writes rows (the first is the header) to a temporary .xlsx file and returns its path. */
export async function writeXlsx(rows: (string | number | Date | boolean | null)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Data');
  for (const row of rows) sheet.addRow(row);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-xlsx-')), 'data.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}
