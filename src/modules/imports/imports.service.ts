import fs from 'node:fs';
import type { SignalService } from '../../jobs/signals.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { translator, type Locale } from '../../i18n/index.js';
import { IMPORT_KINDS, type ImportJob, type ImportKind, type ImportPreview, type ImportReport } from '../../shared/imports.js';
import type { Actor } from '../audit/actor.js';
import { planColumns, splitRecord, suggestedMapping } from './columns.js';
import { clip, clipParams, ImportAborted, parseRow, type Progress, runImport } from './engine.js';
import type { ImportContext, ImportWriters, RawReport, RowError } from './import.types.js';
import { importJobsRepository as jobs } from './imports.repository.js';
import { attributeTyper } from './kinds/accounts.js';
import { KINDS } from './kinds/index.js';
import { readRecords, SheetError } from './spreadsheet.js';
import { template } from './templates.js';

export { IMPORT_KINDS, type ImportKind };

export interface ImportOptions {
  /** Source header → Tenure column, e.g. { customer: 'account_external_id' }; "attribute" or "ignore" too. */
  map?: Record<string, string>;
  /** Accounts: the column holding the known churn outcome (Yes/No, true/false, 1/0). */
  outcome?: string;
  /** Accounts: attribute column → 'numeric' | 'categorical', overriding the guess from its values. */
  types?: Record<string, 'numeric' | 'categorical'>;
  locale: Locale;
  chunkSize?: number;
  onProgress?: (progress: Progress) => void | Promise<void>;
}

export type ImportDeps = ImportWriters & { db: Kysely<DB>; baseCurrency: string; timeZone?: string; signals?: Pick<SignalService, 'accountsChanged'> };

/**
 * The preview answer stays small whatever the file holds: the first rows, the first columns, and
 * each cell, header and echoed value cut to MAX_ECHO characters (a 1 MB cell is shown as its start).
 */
const PREVIEW_ROWS = 20;
const PREVIEW_COLUMNS = 500;
/** Progress is written to the job row at most this often. */
const PROGRESS_EVERY_MS = 300;

/** A refusal phrased in the reader's language. */
function phrase(t: ReturnType<typeof translator>, e: RowError) {
  return { ...e, message: t(e.reason, { column: e.column, ...e.params }) };
}

export function localiseReport(report: RawReport, locale: Locale): ImportReport {
  const t = translator(locale);
  return { ...report, refused: report.refused.map((e) => phrase(t, e)) };
}

/**
 * Spreadsheet imports: the CLI runs one and waits for its report; the API stores the upload,
 * starts a job and answers its progress from the import_jobs table, so any API process can.
 */
export function createImportService({ db, baseCurrency, timeZone = 'Asia/Shanghai', signals, ...writers }: ImportDeps) {
  const running = new Set<Promise<unknown>>();
  const context = (actor: Actor): ImportContext => ({ actor, writers, baseCurrency, timeZone, attributeTypes: new Map(), userIds: new Map() });

  async function run(actor: Actor, kind: ImportKind, file: string, options: Omit<ImportOptions, 'locale'>): Promise<RawReport> {
    return runImport(db, KINDS[kind], file, context(actor), { ...options, onAccounts: signals && ((ids) => signals.accountsChanged(ids, 'import')) });
  }

  return {
    run,

    async importFile(actor: Actor, kind: ImportKind, file: string, options: ImportOptions): Promise<ImportReport> {
      return localiseReport(await run(actor, kind, file, options), options.locale);
    },

    /** The first rows, the suggested mapping and the problems seen so far — nothing is written. */
    async preview(actor: Actor, kind: ImportKind, file: string, options: Omit<ImportOptions, 'chunkSize' | 'onProgress'>): Promise<ImportPreview> {
      const def = KINDS[kind];
      const t = translator(options.locale);
      const records: { line: number; cells: string[] }[] = [];
      let headers: string[] | undefined;
      for await (const record of readRecords(file)) {
        const cells = record.cells.slice(0, PREVIEW_COLUMNS);
        if (!headers) headers = cells;
        else records.push({ line: record.line, cells });
        if (records.length >= PREVIEW_ROWS) break;
      }
      headers ??= [];
      const plan = planColumns(def, headers, options.map, options.outcome);
      const problems: RowError[] = [...plan.problems];
      if (!plan.problems.length) {
        const ctx = context(actor);
        const typer = attributeTyper();
        for (const r of records) typer.see(splitRecord(plan, r.cells).attributes);
        ctx.attributeTypes = typer.types(options.types);
        await def.prepare?.(ctx);
        for (const r of records) {
          const { values, attributes } = splitRecord(plan, r.cells);
          const parsed = parseRow(def, r.line, values, attributes, ctx);
          if (Array.isArray(parsed)) problems.push(...parsed);
        }
      }
      return {
        kind,
        headers,
        mapping: suggestedMapping(plan, headers),
        rows: records.map((r) => ({ line: r.line, cells: headers!.map((_, i) => clip(r.cells[i] ?? '')) })),
        columns: [...def.columns],
        attributes: def.attributes,
        problems: problems.map((e) => phrase(t, clipParams(e))),
      };
    },

    template,

    /**
     * Starts an import of an uploaded file (deleted when done) and returns the job id at once;
     * the work goes on in this process, its progress and report land in import_jobs.
     */
    async startJob(actor: Actor, kind: ImportKind, file: string, fileName: string, options: Omit<ImportOptions, 'locale' | 'onProgress'>) {
      const id = await jobs.create(db, {
        kind,
        fileName,
        totalBytes: fs.statSync(file).size,
        createdBy: actor.type === 'user' ? actor.id : null,
        createdByName: actor.name,
      });
      let last = 0;
      const onProgress = async (p: Progress) => {
        if (Date.now() - last < PROGRESS_EVERY_MS) return;
        last = Date.now();
        await jobs.progress(db, id, p);
      };
      const work = run(actor, kind, file, { ...options, onProgress })
        .then((report) => jobs.finish(db, id, { report }))
        .catch((error: unknown) => {
          // An import stopped half-way still reports what it stored; a file refused whole has no rows to report.
          if (error instanceof ImportAborted) return jobs.finish(db, id, { error: error.reason, report: error.report });
          return jobs.finish(db, id, { error: error instanceof SheetError ? error.reason : error instanceof Error ? error.message : String(error) });
        })
        .finally(() => {
          fs.rm(file, { force: true }, () => undefined);
          running.delete(work);
        });
      running.add(work);
      return id;
    },

    async getJob(id: string, locale: Locale): Promise<ImportJob> {
      const row = await jobs.find(db, id);
      if (!row) throw notFound('import');
      // Its process died (a crash, a restart): recorded as failed, so the row is never left "running".
      if (row.stale) await jobs.finish(db, id, { error: 'imports.interrupted' });
      const t = translator(locale);
      const state = row.stale ? 'failed' : row.state;
      const error = row.stale ? 'imports.interrupted' : row.error;
      return {
        id: row.id,
        kind: row.kind,
        fileName: row.file_name,
        state,
        rows: row.rows,
        imported: row.imported,
        readBytes: Number(row.read_bytes),
        totalBytes: Number(row.total_bytes),
        error: error ? (error.startsWith('imports.') ? t(error, row.report ? { rows: (row.report as RawReport).rows, imported: (row.report as RawReport).imported } : {}) : error) : null,
        report: row.report ? localiseReport(row.report as RawReport, locale) : null,
        createdBy: row.created_by_name,
        createdAt: row.created_at,
        finishedAt: row.finished_at,
      };
    },

    /** Resolves when every job this process started has finished (tests, shutdown). */
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
