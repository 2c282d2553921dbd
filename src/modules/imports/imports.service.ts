import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobService } from '../../jobs/jobs.service.js';
import type { SignalService } from '../../jobs/signals.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError, notFound } from '../../http/errors.js';
import { translator, type Locale } from '../../i18n/index.js';
import {
  IMPORT_KINDS,
  type ImportJob,
  type ImportKind,
  type ImportPreview,
  type ImportReport,
} from '../../shared/imports.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import { planColumns, splitRecord, suggestedMapping } from './columns.js';
import { clip, clipParams, ImportAborted, parseRow, type Progress, runImport } from './engine.js';
import type { ImportContext, ImportWriters, RawReport, RowError } from './import.types.js';
import { importJobsRepository as repo } from './imports.repository.js';
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

export type ImportDeps = ImportWriters & {
  db: Kysely<DB>;
  baseCurrency: string;
  timeZone?: string;
  signals?: Pick<SignalService, 'accountsChanged'>;
  /** The job queue: with one attached, API uploads run as `imports-run` jobs on whichever worker takes them. */
  jobs?: Pick<JobService, 'send' | 'state' | 'attached'>;
};

/** The queue job of an API upload; it has the import row's id. */
export const IMPORT_JOB = 'imports-run';
/**
 * The lease of one attempt (pg-boss's expiry): an attempt still active after this long is taken for
 * dead (its worker crashed or hung) and the import is retried. Generous, since an attempt cannot
 * renew it: a million-row file takes minutes.
 */
export const IMPORT_EXPIRE_SECONDS = 60 * 60;
/** Attempts after the first (pg-boss retries with back-off). */
export const IMPORT_RETRIES = 2;
/** Where a worker writes the stored upload for the reader (removed after each attempt). */
const WORK_DIR = path.join(os.tmpdir(), 'tenure-imports');

/** What the queue job carries: the import row's id, the options of the upload and who sent it. */
export interface ImportRunRequest {
  importId: string;
  options: Omit<ImportOptions, 'locale' | 'onProgress'>;
  actor: Actor;
}

export interface ImportAttempt {
  number: number;
  /** No retry follows if this attempt fails: a failure fails the import for good. */
  final: boolean;
  /** Run by the queue: a failure is rethrown so that pg-boss retries the job (or keeps it failed). */
  queued: boolean;
}

/** Thrown from the progress callback when the import is no longer this attempt's: it stops quietly. */
class NotOwner extends Error {
  constructor() {
    super('import no longer owned by this attempt');
  }
}
const notOwner = (error: unknown) =>
  error instanceof NotOwner || (error instanceof ImportAborted && error.cause instanceof NotOwner);

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
 * Spreadsheet imports: the CLI runs one and waits for its report; the API stores the upload in the
 * database, queues a job (`imports-run`) that any worker may run, and answers its progress from the
 * import_jobs table, so any API process can.
 */
export function createImportService({
  db,
  baseCurrency,
  timeZone = 'Asia/Shanghai',
  signals,
  jobs,
  ...writers
}: ImportDeps) {
  const running = new Set<Promise<unknown>>();
  const context = (actor: Actor): ImportContext => ({
    actor,
    writers,
    baseCurrency,
    timeZone,
    attributeTypes: new Map(),
    userIds: new Map(),
  });

  async function run(
    actor: Actor,
    kind: ImportKind,
    file: string,
    options: Omit<ImportOptions, 'locale'>,
  ): Promise<RawReport> {
    return runImport(db, KINDS[kind], file, context(actor), {
      ...options,
      onAccounts: signals && ((ids) => signals.accountsChanged(ids, 'import')),
    });
  }

  /** Fails a running import (only while `attempt` owns it, when given) and deletes its stored upload. */
  async function fail(id: string, attempt: number | undefined, error: string, report?: RawReport) {
    await repo.finish(db, id, { error, report }, attempt);
    await repo.dropUpload(db, id);
  }

  /**
   * One attempt at an uploaded import (the `imports-run` handler). It claims the row — a finished
   * import is never run again, so a redelivery of a done job does nothing — writes the stored
   * upload to a local file and imports it from the first row.
   *
   * Redelivery after a crash is safe because an attempt restarts the file rather than resuming it:
   * every kind writes by upsert on its keys (accounts by external id, usage by account, day and
   * event …, docs/imports.md), chunk by chunk in transactions, so the rows an earlier attempt
   * committed are found and left as they are (unchanged rows are not even touched or audited)
   * and nothing is stored twice; the claim resets the counts, so the report covers the whole file.
   * The claim also raises the row's attempt number and every write checks it: an attempt that
   * outlived its lease (the queue gave the job to another) stops at its next progress write.
   *
   * A file that cannot be read fails the import at once (no retry would read it better); other
   * failures (the database went away …) are retried by the queue while attempts are left — the row
   * stays "running" — and fail the import on the last, with its reason and the report so far.
   */
  function runJob(request: ImportRunRequest, attempt: ImportAttempt = { number: 1, final: true, queued: false }) {
    // Tracked, queued or not, so that closing the app waits for the import rather than closing the database under it.
    const work = runAttempt(request, attempt);
    const tracked: Promise<unknown> = work.catch(() => undefined).finally(() => running.delete(tracked));
    running.add(tracked);
    return work;
  }

  async function runAttempt({ importId: id, options, actor }: ImportRunRequest, attempt: ImportAttempt) {
    const claimed = await repo.claim(db, id);
    if (!claimed) return;
    fs.mkdirSync(WORK_DIR, { recursive: true });
    const local = path.join(WORK_DIR, `${id}-${claimed.attempt}${claimed.file_type}`);
    try {
      if (!(await repo.writeUpload(db, id, local))) throw new Error('the uploaded file is no longer stored');
      let last = 0;
      const onProgress = async (p: Progress) => {
        if (Date.now() - last < PROGRESS_EVERY_MS) return;
        last = Date.now();
        if (!(await repo.progress(db, id, p, claimed.attempt))) throw new NotOwner();
      };
      const report = await run(actor, claimed.kind, local, { ...options, onProgress });
      if (await repo.finish(db, id, { report }, claimed.attempt)) await repo.dropUpload(db, id);
    } catch (error) {
      if (notOwner(error)) return;
      // The file itself is to blame: the same bytes would fail the same way.
      if (error instanceof ImportAborted && error.reason !== 'imports.aborted')
        return fail(id, claimed.attempt, error.reason, error.report);
      if (error instanceof SheetError) return fail(id, claimed.attempt, error.reason);
      if (error instanceof AppError && !(error instanceof ImportAborted))
        return fail(id, claimed.attempt, error.messageKey);
      if (attempt.final) {
        if (error instanceof ImportAborted) await fail(id, claimed.attempt, error.reason, error.report);
        else await fail(id, claimed.attempt, 'imports.failed');
      }
      // On the queue the failure is pg-boss's too: it retries, or keeps the job failed (its output and
      // the worker's log name the cause, not the catalog key). In process nobody awaits it.
      if (attempt.queued) throw error instanceof ImportAborted && error.cause !== undefined ? error.cause : error;
    } finally {
      fs.rmSync(local, { force: true });
    }
  }

  /**
   * A running import whose attempt is gone is marked failed ("interrupted"): its queue job is no
   * longer waiting or active (a worker died on the last attempt, the job was cancelled or deleted),
   * or — without a queue job — it has not moved within STALE_AFTER_SECONDS. Returns whether it did.
   */
  async function reconcile(row: { id: string; state: string; stale: boolean }) {
    if (row.state !== 'running') return false;
    const queued = jobs ? await jobs.state(IMPORT_JOB, row.id) : undefined;
    if (queued === 'created' || queued === 'retry' || queued === 'active') return false;
    if (queued == null && !row.stale) return false; // just stored and not yet queued, or running in a process without a queue
    await fail(row.id, undefined, 'imports.interrupted');
    return true;
  }

  return {
    run,

    async importFile(actor: Actor, kind: ImportKind, file: string, options: ImportOptions): Promise<ImportReport> {
      return localiseReport(await run(actor, kind, file, options), options.locale);
    },

    /** The first rows, the suggested mapping and the problems seen so far — nothing is written. */
    async preview(
      actor: Actor,
      kind: ImportKind,
      file: string,
      options: Omit<ImportOptions, 'chunkSize' | 'onProgress'>,
    ): Promise<ImportPreview> {
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
     * Starts an import of an uploaded file and returns the job id at once. The file is copied into
     * the database (import_uploads) with the job row, in one transaction, and removed from disk; then
     * the job is queued (`imports-run`, same id) for whichever worker takes it — on PostgreSQL maybe
     * another process on another machine. Without a queue (tests) it runs in this process, in the background.
     */
    async startJob(
      actor: Actor,
      kind: ImportKind,
      file: string,
      fileName: string,
      options: Omit<ImportOptions, 'locale' | 'onProgress'>,
    ) {
      let id: string;
      try {
        id = await db.transaction().execute(async (trx) => {
          const created = await repo.create(trx, {
            kind,
            fileName,
            fileType: path.extname(file).toLowerCase() || '.csv',
            totalBytes: fs.statSync(file).size,
            createdBy: userIdOf(actor),
            createdByName: actor.name,
          });
          await repo.storeUpload(trx, created, file);
          return created;
        });
      } finally {
        fs.rmSync(file, { force: true });
      }
      const request: ImportRunRequest = { importId: id, options, actor };
      if (jobs?.attached) {
        try {
          await jobs.send(IMPORT_JOB, request, { id });
        } catch (error) {
          await fail(id, undefined, 'imports.failed');
          throw error;
        }
      } else {
        // Nobody awaits it: an error it cannot record leaves the row to the staleness check.
        runJob(request).catch(() => undefined);
      }
      return id;
    },

    runJob,

    async getJob(id: string, locale: Locale): Promise<ImportJob> {
      let row = await repo.find(db, id);
      if (!row) throw notFound('import');
      if (await reconcile(row)) row = (await repo.find(db, id))!;
      const t = translator(locale);
      const report = row.report as RawReport | null;
      const error = row.error;
      return {
        id: row.id,
        kind: row.kind,
        fileName: row.file_name,
        state: row.state,
        rows: row.rows,
        imported: row.imported,
        readBytes: Number(row.read_bytes),
        totalBytes: Number(row.total_bytes),
        error: error
          ? error.startsWith('imports.')
            ? t(error, { rows: report?.rows ?? row.rows, imported: report?.imported ?? row.imported })
            : error
          : null,
        report: report ? localiseReport(report, locale) : null,
        createdBy: row.created_by_name,
        createdAt: row.created_at,
        finishedAt: row.finished_at,
      };
    },

    /** The latest import (any state) and how many failed since an instant: the Home's data freshness. */
    async freshness(since: Date) {
      const [latest, failed] = await Promise.all([
        db
          .selectFrom('import_jobs')
          .select(['kind', 'file_name', 'state', 'created_at', 'finished_at'])
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirst(),
        db
          .selectFrom('import_jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('state', '=', 'failed')
          .where('created_at', '>=', since)
          .executeTakeFirstOrThrow(),
      ]);
      return {
        latest: latest
          ? {
              kind: latest.kind,
              fileName: latest.file_name,
              state: latest.state,
              createdAt: new Date(latest.created_at as Date),
              finishedAt: latest.finished_at ? new Date(latest.finished_at as Date) : null,
            }
          : null,
        failedSince: Number(failed.n),
      };
    },

    /**
     * Fails every import left "running" whose attempt is gone (the `imports-recover` sweep), and
     * deletes the stored uploads of imports that are over; returns how many imports it failed.
     */
    async recoverInterrupted() {
      let failed = 0;
      for (const row of await repo.running(db)) if (await reconcile(row)) failed++;
      await repo.dropFinishedUploads(db);
      return failed;
    },

    /** Resolves when every import attempt running in this process has finished, queued or not (tests, shutdown). */
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
