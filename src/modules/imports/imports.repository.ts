import fs from 'node:fs';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ImportKind } from '../../shared/imports.js';
import type { RawReport } from './import.types.js';

type Db = Kysely<DB> | Transaction<DB>;

/** A running job that has not reported progress for this long died with its process. */
export const STALE_AFTER_SECONDS = 600;
/** Uploads are stored in pieces of this size (one bytea each): no value of a 1 GB file is held whole. */
export const UPLOAD_PIECE_BYTES = 1024 ** 2;

/** What a claimed import needs to run: its kind, the upload's extension, and the attempt that owns it now. */
export interface ClaimedImport {
  attempt: number;
  kind: ImportKind;
  file_type: string;
}

export const importJobsRepository = {
  async create(
    db: Db,
    job: {
      kind: ImportKind;
      fileName: string;
      fileType?: string;
      totalBytes: number;
      createdBy: string | null;
      createdByName: string;
    },
  ) {
    const row = await db
      .insertInto('import_jobs')
      .values({
        kind: job.kind,
        file_name: job.fileName,
        ...(job.fileType ? { file_type: job.fileType } : {}),
        total_bytes: job.totalBytes,
        created_by: job.createdBy,
        created_by_name: job.createdByName,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  /** Copies a file into import_uploads, a piece at a time (only one piece is in memory). */
  async storeUpload(db: Db, id: string, file: string) {
    let seq = 0;
    for await (const piece of fs.createReadStream(file, { highWaterMark: UPLOAD_PIECE_BYTES })) {
      await db
        .insertInto('import_uploads')
        .values({ import_id: id, seq: seq++, data: piece as Buffer })
        .execute();
    }
  },

  /** Writes the stored upload to a local file, a piece at a time; false when none is stored (already dropped). */
  async writeUpload(db: Db, id: string, target: string) {
    const count = await db
      .selectFrom('import_uploads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('import_id', '=', id)
      .executeTakeFirstOrThrow();
    const pieces = Number(count.n);
    const out = fs.openSync(target, 'w');
    try {
      for (let seq = 0; seq < pieces; seq++) {
        const row = await db
          .selectFrom('import_uploads')
          .select('data')
          .where('import_id', '=', id)
          .where('seq', '=', seq)
          .executeTakeFirstOrThrow();
        fs.writeSync(out, row.data);
      }
    } finally {
      fs.closeSync(out);
    }
    return pieces > 0;
  },

  async dropUpload(db: Db, id: string) {
    await db.deleteFrom('import_uploads').where('import_id', '=', id).execute();
  },

  /** Deletes the stored bytes of every import that is over (a sweep after a crash between finishing and deleting). */
  async dropFinishedUploads(db: Db) {
    await db
      .deleteFrom('import_uploads')
      .where('import_id', 'in', (eb) => eb.selectFrom('import_jobs').select('id').where('state', '<>', 'running'))
      .execute();
  },

  /**
   * An attempt takes a running import: the attempt number goes up (so a former attempt's writes no
   * longer land) and the counts start again from nothing, since the attempt reads the file from its
   * start. Undefined when the import is over (done or failed): a redelivery then does nothing.
   */
  async claim(db: Db, id: string): Promise<ClaimedImport | undefined> {
    return db
      .updateTable('import_jobs')
      .set({
        attempt: sql<number>`attempt + 1`,
        rows: 0,
        imported: 0,
        read_bytes: 0,
        report: null,
        error: null,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .returning(['attempt', 'kind', 'file_type'])
      .executeTakeFirst();
  },

  /** Records progress; false when the import is no longer this attempt's (finished, failed, or taken over by a later attempt). */
  async progress(
    db: Db,
    id: string,
    p: { rows: number; imported: number; readBytes: number; totalBytes: number },
    attempt?: number,
  ) {
    let query = db
      .updateTable('import_jobs')
      .set({
        rows: p.rows,
        imported: p.imported,
        read_bytes: p.readBytes,
        total_bytes: p.totalBytes,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .where('state', '=', 'running');
    if (attempt !== undefined) query = query.where('attempt', '=', attempt);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /**
   * Done with its report, or failed with the reason — and the report so far when rows were stored before it stopped.
   * With `attempt`, only while that attempt owns the import.
   */
  async finish(
    db: Db,
    id: string,
    outcome: { report: RawReport } | { error: string; report?: RawReport },
    attempt?: number,
  ) {
    const done = !('error' in outcome);
    const report = outcome.report;
    const result = await db
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
      .$if(attempt !== undefined, (q) => q.where('attempt', '=', attempt!))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** The job; a running one silent for too long is reported as failed (its process died). */
  async find(db: Db, id: string) {
    return db
      .selectFrom('import_jobs')
      .selectAll()
      .select(
        sql<boolean>`state = 'running' and updated_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`.as(
          'stale',
        ),
      )
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Every running job, with `stale` as in find(): what the recover sweep looks at. */
  async running(db: Db) {
    return db
      .selectFrom('import_jobs')
      .select(['id', 'state'])
      .select(sql<boolean>`updated_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`.as('stale'))
      .where('state', '=', 'running')
      .execute();
  },
};
