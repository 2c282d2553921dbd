import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { type ColumnPlan, planColumns, splitRecord } from './columns.js';
import type { ImportContext, KindDefinition, ParsedRow, RawReport, RowError } from './import.types.js';
import { attributeTyper } from './kinds/accounts.js';
import { type Meter, readRecords } from './spreadsheet.js';

/** Detail kept in a report; the counts always cover every row (memory stays flat on any file). */
export const MAX_REFUSED = 10_000;
export const MAX_CREATED_LISTED = 1_000;

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
async function typeAttributes(file: string, plan: ColumnPlan, meter: Meter, ctx: ImportContext, tick: () => unknown, overrides?: RunOptions['types']) {
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
export async function runImport(db: Kysely<DB>, def: KindDefinition, file: string, ctx: ImportContext, options: RunOptions = {}): Promise<RawReport> {
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
      if (report.refused.length < MAX_REFUSED) report.refused.push(e);
      else report.refusedTruncated = true;
    }
  };

  const header = await readHeader(def, file, options);
  if (!header) {
    refuse(def.columns.filter((c) => c.required).map((c) => ({ line: 1, column: c.name, reason: 'imports.missingColumn' })));
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
  const progress = () => options.onProgress?.({ rows: report.rows, imported: report.imported, readBytes: Math.min(meter.readBytes, size * passes), totalBytes: size * passes });
  if (hasAttributes) {
    await typeAttributes(file, plan, meter, ctx, progress, options.types);
    report.attributeTypes = Object.fromEntries(ctx.attributeTypes);
  }
  await def.prepare?.(ctx);

  let pending: ParsedRow[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const rows = pending;
    pending = [];
    const result = await db.transaction().execute((trx) => def.write(rows, trx, ctx));
    if (result.accountIds?.length) await options.onAccounts?.(result.accountIds);
    const refusedLines = new Set(result.refused.map((e) => e.line));
    refuse(result.refused);
    report.refusedRows += refusedLines.size;
    report.imported += rows.length - refusedLines.size;
    for (const id of result.createdAccounts) if (report.createdAccounts.length < MAX_CREATED_LISTED) report.createdAccounts.push(id);
    report.createdAccountCount += result.createdAccounts.length;
  };

  let first = true;
  for await (const record of readRecords(file, meter)) {
    if (first) {
      first = false;
      continue;
    }
    report.rows += 1;
    const { values, attributes } = splitRecord(plan, record.cells);
    const parsed = def.parse(record.line, values, attributes, ctx);
    if (Array.isArray(parsed)) {
      refuse(parsed);
      report.refusedRows += 1;
    } else pending.push(parsed);
    if (pending.length >= chunkSize) await flush();
    if (report.rows % chunkSize === 0) await progress();
  }
  await flush();
  await progress();
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}
