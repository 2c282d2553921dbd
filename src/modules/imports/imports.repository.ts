import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ImportKind } from '../../shared/imports.js';
import type { RawReport } from './import.types.js';

type Db = Kysely<DB> | Transaction<DB>;

/** A running job that has not reported progress for this long died with its process. */
export const STALE_AFTER_SECONDS = 600;

export const importJobsRepository = {
  async create(db: Db, job: { kind: ImportKind; fileName: string; totalBytes: number; createdBy: string | null; createdByName: string }) {
    const row = await db
      .insertInto('import_jobs')
      .values({ kind: job.kind, file_name: job.fileName, total_bytes: job.totalBytes, created_by: job.createdBy, created_by_name: job.createdByName })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async progress(db: Db, id: string, p: { rows: number; imported: number; readBytes: number; totalBytes: number }) {
    await db
      .updateTable('import_jobs')
      .set({ rows: p.rows, imported: p.imported, read_bytes: p.readBytes, total_bytes: p.totalBytes, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .execute();
  },

  /** Done with its report, or failed with the reason — and the report so far when rows were stored before it stopped. */
  async finish(db: Db, id: string, outcome: { report: RawReport } | { error: string; report?: RawReport }) {
    const done = !('error' in outcome);
    const report = outcome.report;
    await db
      .updateTable('import_jobs')
      .set({
        state: done ? 'done' : 'failed',
        ...(report ? { report: JSON.stringify(report), rows: report.rows, imported: report.imported } : {}),
        ...(done ? { read_bytes: sql<number>`total_bytes` } : { error: outcome.error }),
        updated_at: sql<Date>`now()`,
        finished_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      // Once finished (or found interrupted), a job stays so: a late writer does not flip it.
      .where('state', '=', 'running')
      .execute();
  },

  /** The job; a running one silent for too long is reported as failed (its process died). */
  async find(db: Db, id: string) {
    return db
      .selectFrom('import_jobs')
      .selectAll()
      .select(sql<boolean>`state = 'running' and updated_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`.as('stale'))
      .where('id', '=', id)
      .executeTakeFirst();
  },
};
