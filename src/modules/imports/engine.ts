import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../http/errors.js';
import { isUnstorable } from '../../shared/text.js';
import { type ColumnPlan, planColumns, splitRecord } from './columns.js';
import type { ImportContext, KindDefinition, ParsedRow, RawReport, RowError } from './import.types.js';
import { attributeTyper } from './kinds/accounts.js';
import { type Meter, readRecords, SheetError } from './spreadsheet.js';

/** Detail kept in a report; the counts always cover every row (memory stays flat on any file). */
export const MAX_REFUSED = 10_000;
export const MAX_CREATED_LISTED = 1_000;
/** A cell echoed in a refusal (params.value) is cut to this many characters: a 1 MB cell stays in the file. */
export const MAX_ECHO = 200;

/**
 * An import that stopped before the end of its file for a reason no row is to blame for (the
 * database went away, the file turned unreadable half-way): what was stored stays stored and the
 * report says how far it got, so the job ends with a report as well as the reason.
 */
export class ImportAborted extends AppError {
  constructor(
    readonly reason: string,
    readonly report: RawReport,
    readonly cause?: unknown,
  ) {
    super(500, 'import_aborted', reason, { rows: report.rows, imported: report.imported });
  }
}

/**
 * SQLSTATE classes a single row can cause — cardinality (21), data exception (22: NUL, bad
 * input, out of range), integrity (23), program limit (54: a value too large to index). A chunk
 * failing with one of these is split until the rows to blame are found; any other failure
 * (connection, resources, a bug) would fail every row alike and stops the import instead.
 */
const ROW_CLASSES = new Set(['21', '22', '23', '54']);
function rowFailureCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && ROW_CLASSES.has(code.slice(0, 2)) ? code : undefined;
}

/** Text that stays short in a report or preview however long the cell was. */
export const clip = (text: string, max = MAX_ECHO) => (text.length > max ? `${text.slice(0, max)}…` : text);
export const clipParams = (e: RowError): RowError =>
  e.params
    ? {
        ...e,
        params: Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, typeof v === 'string' ? clip(v) : v])),
      }
    : e;

/**
 * Parses one row through its kind, after the check every kind shares: a cell holding what the
 * database cannot store (NUL, an unpaired surrogate) or bytes the file's encoding could not decode
 * (U+FFFD, the replacement character) refuses the row, naming the column — the kind's parser sees
 * that cell as blank, so its other problems are reported too and none echoes the bad text.
 */
export function parseRow(
  def: KindDefinition,
  line: number,
  values: Record<string, string>,
  attributes: [string, string][],
  ctx: ImportContext,
): ParsedRow | RowError[] {
  const bad: RowError[] = [];
  const check = (column: string, cell: string) => {
    if (isUnstorable(cell)) bad.push({ line, column, reason: 'imports.unstorableText', params: {} });
    else if (cell.includes('\uFFFD')) bad.push({ line, column, reason: 'imports.badEncoding', params: {} });
    else return cell;
    return '';
  };
  const cleanValues = Object.fromEntries(Object.entries(values).map(([column, cell]) => [column, check(column, cell)]));
  const cleanAttributes = attributes.map(([key, cell]): [string, string] => [key, check(key, cell)]);
  const parsed = def.parse(line, cleanValues, cleanAttributes, ctx);
  if (!bad.length) return parsed;
  const columns = new Set(bad.map((e) => e.column));
  return [...bad, ...(Array.isArray(parsed) ? parsed.filter((e) => !columns.has(e.column)) : [])].sort((a, b) =>
    (a.column ?? '').localeCompare(b.column ?? ''),
  );
}

export interface Progress {
  rows: number;
  imported: number;
  readBytes: number;
  /** The file's size times the passes over it (accounts with custom attributes read it twice). */
  totalBytes: number;
}

export interface RunOptions {
  map?: Record<string, string>;
  outcome?: string;
  types?: Record<string, 'numeric' | 'categorical'>;
  chunkSize?: number;
  /** Called after each chunk's commit with the accounts it gave new data (the data-arrival signal). */
  onAccounts?(accountIds: string[]): Promise<void>;
  onProgress?: (progress: Progress) => void | Promise<void>;
}

/** The header record and the column plan built from it; undefined for an empty file. */
async function readHeader(def: KindDefinition, file: string, options: RunOptions) {
  for await (const record of readRecords(file)) {
    return { headers: record.cells, plan: planColumns(def, record.cells, options.map, options.outcome) };
  }
  return undefined;
}

/** A first pass over the file: how each custom attribute column's values look (numbers or not). */
async function typeAttributes(
  file: string,
  plan: ColumnPlan,
  meter: Meter,
  ctx: ImportContext,
  tick: () => unknown,
  overrides?: RunOptions['types'],
) {
  const typer = attributeTyper();
  let header = true;
  let seen = 0;
  for await (const record of readRecords(file, meter)) {
    if (header) {
      header = false;
      continue;
    }
    typer.see(splitRecord(plan, record.cells).attributes);
    if (++seen % 10_000 === 0) await tick();
  }
  ctx.attributeTypes = typer.types(overrides);
}

/**
 * Streams a file through a kind: each row is parsed on its own, good rows are written in chunks
 * (one transaction and a few set-based statements each), bad rows are reported with line,
 * column and reason. Nothing but the current chunk is held in memory.
 */
export async function runImport(
  db: Kysely<DB>,
  def: KindDefinition,
  file: string,
  ctx: ImportContext,
  options: RunOptions = {},
): Promise<RawReport> {
  const chunkSize = options.chunkSize ?? 2000;
  const size = fs.statSync(file).size;
  const report: RawReport = {
    kind: def.kind,
    rows: 0,
    imported: 0,
    refusedRows: 0,
    refused: [],
    refusedTruncated: false,
    createdAccounts: [],
    createdAccountCount: 0,
    ignoredColumns: [],
  };
  const refuse = (errors: RowError[]) => {
    for (const e of errors) {
      if (report.refused.length < MAX_REFUSED) report.refused.push(clipParams(e));
      else report.refusedTruncated = true;
    }
  };

  const header = await readHeader(def, file, options);
  if (!header) {
    refuse(
      def.columns.filter((c) => c.required).map((c) => ({ line: 1, column: c.name, reason: 'imports.missingColumn' })),
    );
    return report;
  }
  const { plan } = header;
  report.ignoredColumns = plan.ignored;
  if (plan.problems.length) {
    refuse(plan.problems);
    return report;
  }

  const hasAttributes = plan.targets.some((t) => 'attribute' in t);
  const passes = hasAttributes ? 2 : 1;
  const meter: Meter = { readBytes: 0 };
  const progress = () =>
    options.onProgress?.({
      rows: report.rows,
      imported: report.imported,
      readBytes: Math.min(meter.readBytes, size * passes),
      totalBytes: size * passes,
    });
  if (hasAttributes) {
    await typeAttributes(file, plan, meter, ctx, progress, options.types);
    report.attributeTypes = Object.fromEntries(ctx.attributeTypes);
  }
  await def.prepare?.(ctx);

  let pending: ParsedRow[] = [];
  /**
   * Writes rows in one transaction. When the database refuses it for something a row can cause,
   * the rows are split in halves and each half tried again, down to single rows: every good row
   * is stored and each bad one refused (a few transactions per bad row, not one per row).
   */
  const store = async (rows: ParsedRow[]): Promise<void> => {
    let result;
    try {
      result = await db.transaction().execute((trx) => def.write(rows, trx, ctx));
    } catch (error) {
      const code = rowFailureCode(error);
      if (!code) throw error;
      if (rows.length === 1) {
        refuse([{ line: rows[0].line, column: null, reason: 'imports.notStored', params: { code } }]);
        report.refusedRows += 1;
        return;
      }
      const half = Math.ceil(rows.length / 2);
      await store(rows.slice(0, half));
      await store(rows.slice(half));
      return;
    }
    if (result.accountIds?.length) await options.onAccounts?.(result.accountIds);
    const refusedLines = new Set(result.refused.map((e) => e.line));
    refuse(result.refused);
    report.refusedRows += refusedLines.size;
    report.imported += rows.length - refusedLines.size;
    for (const id of result.createdAccounts)
      if (report.createdAccounts.length < MAX_CREATED_LISTED) report.createdAccounts.push(id);
    report.createdAccountCount += result.createdAccounts.length;
  };
  const flush = async () => {
    if (!pending.length) return;
    const rows = pending;
    pending = [];
    await store(rows);
  };

  let first = true;
  try {
    for await (const record of readRecords(file, meter)) {
      if (first) {
        first = false;
        continue;
      }
      report.rows += 1;
      const { values, attributes } = splitRecord(plan, record.cells);
      const parsed = parseRow(def, record.line, values, attributes, ctx);
      if (Array.isArray(parsed)) {
        refuse(parsed);
        report.refusedRows += 1;
      } else pending.push(parsed);
      if (pending.length >= chunkSize) await flush();
      if (report.rows % chunkSize === 0) await progress();
    }
    await flush();
  } catch (error) {
    // Chunks already committed stay: the report says how many rows were read and stored.
    report.refused.sort((a, b) => a.line - b.line);
    throw new ImportAborted(error instanceof SheetError ? error.reason : 'imports.aborted', report, error);
  }
  await progress();
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}
