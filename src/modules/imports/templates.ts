import Papa from 'papaparse';
import type { ImportKind } from '../../shared/imports.js';
import { KINDS } from './kinds/index.js';

/** A file to start from: the kind's columns with English headers and one example row. */
export async function template(
  kind: ImportKind,
  format: 'csv' | 'xlsx',
): Promise<{ body: Buffer; contentType: string; fileName: string }> {
  const columns = KINDS[kind].columns;
  const header = columns.map((c) => c.name);
  const example = columns.map((c) => c.example);
  const fileName = `tenure-${kind}-template.${format}`;
  if (format === 'csv') {
    // The BOM makes Excel open the file as UTF-8.
    return {
      body: Buffer.from(`\uFEFF${Papa.unparse([header, example])}\r\n`, 'utf8'),
      contentType: 'text/csv; charset=utf-8',
      fileName,
    };
  }
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind);
  sheet.addRow(header).font = { bold: true };
  // Every cell as text: Excel would otherwise turn dates and codes into numbers.
  sheet.addRow(example);
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(12, c.name.length + 2, c.example.length + 2);
    column.numFmt = '@';
  });
  return {
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName,
  };
}
