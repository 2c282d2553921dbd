import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { waitFor } from '../../../test/support/wait.js';
import type { ImportJob } from '../../shared/imports.js';
import { cliActor } from '../audit/actor.js';
import { importJobsRepository as repo } from './imports.repository.js';
import { createImportService, IMPORT_JOB, type ImportRunRequest } from './imports.service.js';

/** Accounts A-0 … A-(n-1), one line each. */
const accountsCsv = (n: number) =>
  ['external_id,name,region', ...Array.from({ length: n }, (_, i) => `A-${i},Account ${i},North`)].join('\n');

function form(name: string, content: BlobPart) {
  const data = new FormData();
  data.append('file', new Blob([content]), name);
  return data;
}

const countOf = async (t: TestApp, table: 'accounts' | 'import_uploads' | 'audit_log', where?: [string, string]) => {
  let query = t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) query = query.where(where[0] as never, '=', where[1] as never);
  return Number((await query.executeTakeFirstOrThrow()).n);
};

/** A file written to disk, as the upload route leaves it for startJob (which stores and removes it). */
function upload(name: string, content: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-import-test-')), name);
  fs.writeFileSync(file, content);
  return file;
}

describe('imports on the job queue', () => {
  let t: TestApp;
  let base: string;
  let csm: Session;
  beforeAll(async () => {
    t = await createTestApp({}, { jobs: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    csm = await t.as('csm');
  });
  afterAll(() => t.close());

  const status = async (id: string, language = 'en') =>
    (await (
      await fetch(`${base}/api/imports/${id}`, { headers: { ...csm.headers, 'accept-language': language } })
    ).json()) as ImportJob;

  it('an upload becomes a job under the row’s id; a worker imports the stored bytes and deletes them', async () => {
    const response = await fetch(`${base}/api/imports/accounts`, {
      method: 'POST',
      body: form('crm.csv', accountsCsv(300)),
      headers: { ...csm.headers, 'accept-language': 'en' },
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const queued = await t.queue!.boss.getJobById(IMPORT_JOB, id);
    expect(queued).toMatchObject({ id, data: { importId: id, actor: { type: 'user', name: 'Test csm' } } });

    await waitFor(async () => (await status(id)).state !== 'running', 60_000);
    const job = await status(id);
    expect(job).toMatchObject({
      state: 'done',
      fileName: 'crm.csv',
      rows: 300,
      imported: 300,
      error: null,
      createdBy: 'Test csm',
    });
    expect(job.readBytes).toBe(job.totalBytes);
    expect(await countOf(t, 'accounts')).toBe(300);
    expect(await countOf(t, 'import_uploads', ['import_id', id])).toBe(0);
    await waitFor(async () => (await t.queue!.boss.getJobById(IMPORT_JOB, id))?.state === 'completed');
  }, 90_000);

  it('stores a large upload in pieces and gives the worker the same bytes', async () => {
    // 2.4 MB: three pieces; the queue is detached so that the stored bytes can be looked at before any worker runs.
    const lines = [
      'external_id,name,notes',
      ...Array.from({ length: 3000 }, (_, i) => `B-${i},Big ${i},${'x'.repeat(800)}`),
    ];
    const content = lines.join('\n');
    const file = upload('big.csv', content);
    const sent: unknown[] = [];
    const imports = createImportService({
      ...t.services,
      db: t.database.db,
      baseCurrency: 'CNY',
      jobs: {
        attached: true,
        send: async (_name: string, payload: unknown) => (sent.push(payload), null),
        state: async () => 'created' as const,
      },
    } as Parameters<typeof createImportService>[0]);
    const id = await imports.startJob(cliActor, 'accounts', file, 'big.csv', {});
    expect(fs.existsSync(file)).toBe(false);
    expect(sent).toEqual([{ importId: id, options: {}, actor: cliActor }]);
    const pieces = await t.database.db
      .selectFrom('import_uploads')
      .select(['seq', 'data'])
      .where('import_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(pieces.map((p) => p.seq)).toEqual([0, 1, 2]);
    expect(Buffer.concat(pieces.map((p) => Buffer.from(p.data))).toString('utf8')).toBe(content);

    // A queued attempt counts as running in this process: idle() (the app's onClose) waits for it.
    const attempt = t.services.imports.runJob(sent[0] as ImportRunRequest, { number: 1, final: true, queued: true });
    await t.services.imports.idle();
    expect(
      await t.database.db
        .selectFrom('import_jobs')
        .select(['state', 'rows'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ state: 'done', rows: 3000 });
    await attempt;
    expect(await status(id)).toMatchObject({ state: 'done', rows: 3000, imported: 3000 });
    expect(await countOf(t, 'import_uploads', ['import_id', id])).toBe(0);
  }, 90_000);

  it('a redelivered job after a crash mid-file stores nothing twice, and a job already done is not run again', async () => {
    const before = await countOf(t, 'accounts');
    const auditBefore = await countOf(t, 'audit_log', ['entity', 'account']);
    // The first attempt's database connection breaks after its first chunk was committed: as if its worker died there.
    let chunks = 0;
    const crashing = createImportService({
      ...t.services,
      db: t.database.db,
      baseCurrency: 'CNY',
      accounts: {
        ...t.services.accounts,
        upsertMany: (...args: Parameters<typeof t.services.accounts.upsertMany>) => {
          if (++chunks > 1) throw new Error('connection reset');
          return t.services.accounts.upsertMany(...args);
        },
      },
      jobs: { attached: true, send: async () => null, state: async () => 'active' as const },
    } as Parameters<typeof createImportService>[0]);
    const csv = ['external_id,name', ...Array.from({ length: 120 }, (_, i) => `R-${i},Redelivered ${i}`)].join('\n');
    const id = await crashing.startJob(cliActor, 'accounts', upload('r.csv', csv), 'r.csv', {});
    const request: ImportRunRequest = { importId: id, options: { chunkSize: 50 }, actor: cliActor };

    await expect(crashing.runJob(request, { number: 1, final: false, queued: true })).rejects.toThrow(
      'connection reset',
    );
    const halfway = await t.database.db
      .selectFrom('import_jobs')
      .select(['state', 'attempt'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(halfway).toEqual({ state: 'running', attempt: 1 });
    expect(await countOf(t, 'accounts')).toBe(before + 50);
    expect(await countOf(t, 'import_uploads', ['import_id', id])).toBe(1); // kept for the retry

    // The queue redelivers: the next attempt reads the whole file again; the 50 rows already stored are found, not added.
    await t.services.imports.runJob(request, { number: 2, final: true, queued: true });
    expect(await status(id)).toMatchObject({ state: 'done', rows: 120, imported: 120, error: null });
    expect(await countOf(t, 'accounts')).toBe(before + 120);
    expect(await countOf(t, 'audit_log', ['entity', 'account'])).toBe(auditBefore + 120);
    expect(await countOf(t, 'import_uploads', ['import_id', id])).toBe(0);

    // A third delivery of the finished job changes nothing.
    const done = await t.database.db
      .selectFrom('import_jobs')
      .select(['attempt', 'finished_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await t.services.imports.runJob(request, { number: 3, final: true, queued: true });
    expect(
      await t.database.db
        .selectFrom('import_jobs')
        .select(['attempt', 'finished_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual(done);
    expect(await countOf(t, 'accounts')).toBe(before + 120);
  }, 90_000);

  it('an attempt taken over by a later one (its lease ran out) can no longer write the row', async () => {
    const id = await repo.create(t.database.db, {
      kind: 'accounts',
      fileName: 'slow.csv',
      totalBytes: 10,
      createdBy: null,
      createdByName: 'cli',
    });
    const first = await repo.claim(t.database.db, id);
    const second = await repo.claim(t.database.db, id);
    expect([first?.attempt, second?.attempt]).toEqual([1, 2]);
    const p = { rows: 5, imported: 5, readBytes: 5, totalBytes: 10 };
    expect(await repo.progress(t.database.db, id, p, 1)).toBe(false);
    expect(await repo.finish(t.database.db, id, { error: 'imports.aborted' }, 1)).toBe(false);
    expect(await repo.progress(t.database.db, id, p, 2)).toBe(true);
    expect(
      await t.database.db
        .selectFrom('import_jobs')
        .select(['state', 'rows'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ state: 'running', rows: 5 });
  });

  it('fails the import on the last attempt, with the reason in both languages and the report so far', async () => {
    const failing = createImportService({
      ...t.services,
      db: t.database.db,
      baseCurrency: 'CNY',
      accounts: {
        ...t.services.accounts,
        upsertMany: () => {
          throw new Error('connection reset');
        },
      },
      jobs: { attached: true, send: async () => null, state: async () => 'active' as const },
    } as Parameters<typeof createImportService>[0]);
    const id = await failing.startJob(cliActor, 'accounts', upload('f.csv', accountsCsv(30)), 'f.csv', {});
    const request: ImportRunRequest = { importId: id, options: { chunkSize: 10 }, actor: cliActor };
    await expect(failing.runJob(request, { number: 3, final: true, queued: true })).rejects.toThrow('connection reset');
    expect(await status(id)).toMatchObject({
      state: 'failed',
      error:
        'the import stopped after 10 rows (0 stored) because the database failed; import the file again — rows already stored are not duplicated',
      report: { rows: 10, imported: 0 },
    });
    expect((await status(id, 'zh-CN')).error).toBe(
      '导入在读取 10 行（已保存 0 行）后因数据库故障而停止；请重新导入该文件——已保存的行不会重复',
    );
    expect(await countOf(t, 'import_uploads', ['import_id', id])).toBe(0);

    // A failure outside the reading of rows (here: the stored bytes are gone) has its own reason.
    const lost = await failing.startJob(cliActor, 'accounts', upload('l.csv', accountsCsv(3)), 'l.csv', {});
    await repo.dropUpload(t.database.db, lost);
    await expect(
      failing.runJob({ ...request, importId: lost }, { number: 3, final: true, queued: true }),
    ).rejects.toThrow('no longer stored');
    expect(await status(lost)).toMatchObject({
      state: 'failed',
      error:
        'the import failed on its last attempt after 0 rows (0 stored); import the file again — rows already stored are not duplicated',
    });
    expect((await status(lost, 'zh-CN')).error).toBe(
      '导入在最后一次尝试中失败（已读取 0 行，已保存 0 行）；请重新导入该文件——已保存的行不会重复',
    );
  }, 90_000);

  it('the recover sweep fails a running import whose queue job is gone, and leaves one whose job still waits', async () => {
    const stored = async () => {
      const id = await repo.create(t.database.db, {
        kind: 'accounts',
        fileName: 'stuck.csv',
        totalBytes: 10,
        createdBy: null,
        createdByName: 'cli',
      });
      await repo.storeUpload(t.database.db, id, upload('stuck.csv', accountsCsv(1)));
      // Queued far ahead, so that no worker takes it in this test.
      await t.queue!.send(IMPORT_JOB, { importId: id, options: {}, actor: cliActor }, { id, startAfterSeconds: 3600 });
      return id;
    };
    const waiting = await stored();
    const stuck = await stored();
    // The worker running `stuck` died on its last attempt and its job ended without finishing the row.
    await t.queue!.boss.cancel(IMPORT_JOB, stuck);

    // The sweep is the `imports-recover` job (every 5 minutes); here a worker runs it at once.
    await t.queue!.send('imports-recover', {});
    await waitFor(
      async () =>
        (
          await t.database.db
            .selectFrom('import_jobs')
            .select('state')
            .where('id', '=', stuck)
            .executeTakeFirstOrThrow()
        ).state !== 'running',
      30_000,
    );
    expect(
      await t.database.db
        .selectFrom('import_jobs')
        .select(['state', 'error'])
        .where('id', '=', stuck)
        .executeTakeFirstOrThrow(),
    ).toEqual({ state: 'failed', error: 'imports.interrupted' });
    expect(await countOf(t, 'import_uploads', ['import_id', stuck])).toBe(0);
    expect(await status(waiting)).toMatchObject({ state: 'running' });
    expect(await countOf(t, 'import_uploads', ['import_id', waiting])).toBe(1);
    expect(await t.services.imports.recoverInterrupted()).toBe(0);
    await t.queue!.boss.cancel(IMPORT_JOB, waiting);
    expect(await status(waiting)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^the import stopped/),
    });
  }, 60_000);
});
