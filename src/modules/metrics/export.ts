import Papa from 'papaparse';
import { translator, type Locale } from '../../i18n/index.js';
import { safeRow } from '../../shared/cells.js';
import { currencyExponent } from '../../shared/money.js';
import type { MrrMonth } from './report.js';

const COLUMNS = [
  ['month', (m: MrrMonth) => m.month],
  ['startingMrr', (m: MrrMonth) => m.startingMrr],
  ['newMrr', (m: MrrMonth) => m.newMrr],
  ['expansionMrr', (m: MrrMonth) => m.expansionMrr],
  ['reactivationMrr', (m: MrrMonth) => m.reactivationMrr],
  ['contractionMrr', (m: MrrMonth) => m.contractionMrr],
  ['churnedMrr', (m: MrrMonth) => m.churnedMrr],
  ['netNewMrr', (m: MrrMonth) => m.netNewMrr],
  ['endingMrr', (m: MrrMonth) => m.endingMrr],
  ['arr', (m: MrrMonth) => m.arr],
  ['customersStarting', (m: MrrMonth) => m.customers.starting],
  ['customersNew', (m: MrrMonth) => m.customers.new],
  ['customersReactivated', (m: MrrMonth) => m.customers.reactivated],
  ['customersChurned', (m: MrrMonth) => m.customers.churned],
  ['customersEnding', (m: MrrMonth) => m.customers.ending],
] as const;

const isMoney = (key: string) => key.endsWith('Mrr') || key === 'arr';

/** The report as a spreadsheet in the reader's language; money in major units of the base currency. */
export async function exportReport(
  report: { currency: string; months: MrrMonth[] },
  format: 'csv' | 'xlsx',
  locale: Locale,
) {
  const t = translator(locale);
  const divisor = 10 ** currencyExponent(report.currency);
  const header = COLUMNS.map(([key]) =>
    isMoney(key) ? `${t(`export.${key}`)} (${report.currency})` : t(`export.${key}`),
  );
  // The running month's figures are still moving: a last column says so in the reader's words.
  header.push(t('export.monthStatus'));
  const rows = report.months.map((m) => [
    ...safeRow(COLUMNS.map(([key, value]) => (isMoney(key) ? Number(value(m)) / divisor : value(m)))),
    t(m.partial ? 'export.monthPartial' : 'export.monthComplete'),
  ]);
  if (format === 'csv') {
    // A BOM so Excel opens the UTF-8 (Chinese) headers correctly.
    return { contentType: 'text/csv; charset=utf-8', body: `\uFEFF${Papa.unparse([header, ...rows])}` };
  }
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('MRR');
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  COLUMNS.forEach(([key], i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(12, header[i].length + 2);
    if (isMoney(key)) column.numFmt = '#,##0.00';
  });
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}
