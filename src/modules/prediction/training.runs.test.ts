import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { waitFor } from '../../../test/support/wait.js';
import { AppError } from '../../http/errors.js';
import { queueSchema } from '../../jobs/queue.js';
import { createTrainingRuns, TRAIN_EXPIRE_SECONDS, TRAIN_JOB } from './training.runs.js';

/** Accounts with an imported outcome that depends on one attribute: enough to train on. */
async function seedOutcomes(t: TestApp) {
  const rows = Array.from({ length: 60 }, (_, i) => ({
    external_id: `R-${i}`,
    name: `R-${i}`,
    attributes: JSON.stringify({ score: i % 10, churn_outcome: i % 10 < 3 === (i % 7 !== 0) }),
  }));
  await t.database.db.insertInto('accounts').values(rows).execute();
}

/** A run row as a process that died mid-training leaves it: "running", last moved `ageSeconds` ago (wall clock: TENURE_NOW is fixed in tests). */
const orphanRun = async (t: TestApp, ageSeconds: number) =>
  (
    await t.database.db
      .insertInto('prediction_jobs')
      .values({
        state: 'running',
        progress: 40,
        requested: JSON.stringify(null),
        created_by_name: 'Test admin',
        updated_at: sql<Date>`now() - make_interval(secs => ${ageSeconds})`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

const status = async (t: TestApp, id: string) =>
  (
    await t.app.inject({
      method: 'GET',
      url: `/api/prediction/jobs/${id}`,
      headers: { ...(await t.as('admin')).headers, 'accept-language': 'en' },
    })
  ).json();

describe('training runs left behind by a crash (no queue in this process)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('fails a "running" row that has not moved for longer than a lease, as interrupted; a fresh one stays running', async () => {
    const dead = await orphanRun(t, TRAIN_EXPIRE_SECONDS + 60);
    const alive = await orphanRun(t, 30);
    expect(await status(t, dead)).toMatchObject({
      state: 'failed',
      error: 'Training was interrupted (the process running it stopped): start it again',
    });
    expect((await status(t, dead)).finishedAt).not.toBeNull();
    expect(await status(t, alive)).toMatchObject({ state: 'running', progress: 40, error: null });
  });

  it('sweeps every interrupted run (the prediction-recover job)', async () => {
    const dead = await orphanRun(t, TRAIN_EXPIRE_SECONDS * 2);
    expect(await t.services.prediction.recoverInterrupted()).toBe(1);
    const row = await t.database.db
      .selectFrom('prediction_jobs')
      .select(['state', 'error'])
      .where('id', '=', dead)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('failed');
    expect(JSON.parse(row.error!).message).toBe('prediction.errors.interrupted');
    expect(await t.services.prediction.recoverInterrupted()).toBe(0);
  });
});

describe('training on the job queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { jobs: true });
    await seedOutcomes(t);
  });
  afterAll(() => t.close());

  it('queues the run under the row’s id; a worker trains it and stores the model', async () => {
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/prediction/train',
      payload: { features: ['score'] },
      headers: (await t.as('cs_manager')).headers,
    });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    expect(await t.queue!.boss.getJobById(TRAIN_JOB, id)).toMatchObject({
      id,
      data: { runId: id, features: ['score'] },
    });
    await waitFor(async () => (await status(t, id)).state !== 'running', 30_000);
    const done = await status(t, id);
    expect(done).toMatchObject({ state: 'done', progress: 100, error: null });
    const model = await t.database.db
      .selectFrom('prediction_models')
      .select(['id', 'n'])
      .where('id', '=', done.modelId)
      .executeTakeFirstOrThrow();
    expect(model.n).toBe(60);
    await waitFor(async () => (await t.queue!.boss.getJobById(TRAIN_JOB, id))?.state === 'completed');
    // A redelivery of the finished run does nothing: no second model.
    await t.services.prediction.runTraining(id, { features: ['score'] }, undefined, {
      number: 2,
      final: true,
      queued: true,
    });
    expect((await t.database.db.selectFrom('prediction_models').select('id').execute()).length).toBe(1);
  }, 60_000);

  it('retries a run whose worker died mid-job: the queue gives it back and another attempt trains it', async () => {
    const id = await orphanRun(t, 0);
    await t.queue!.send(
      TRAIN_JOB,
      { runId: id, features: ['score'], actor: { type: 'system', id: null, name: 'system', role: 'admin' } },
      { id, startAfterSeconds: 3600 },
    );
    // A worker took the job and its process died: the job is "active" with nobody running it …
    await sql`update ${sql.table(`${queueSchema(t.database)}.job`)} set state = 'active', started_on = now() where id = ${id}::uuid`.execute(
      t.database.db,
    );
    expect(await status(t, id)).toMatchObject({ state: 'running' });
    // … until its lease runs out and pg-boss fails the attempt (what expiry does), queuing a retry.
    await t.queue!.boss.fail(TRAIN_JOB, id, { message: 'job failed by timeout in active state' });
    expect((await t.queue!.boss.getJobById(TRAIN_JOB, id))?.state).toBe('retry');
    expect(await status(t, id)).toMatchObject({ state: 'running' });
    await waitFor(async () => (await status(t, id)).state !== 'running', 30_000);
    expect(await status(t, id)).toMatchObject({ state: 'done', progress: 100, error: null });
    expect((await t.queue!.boss.getJobById(TRAIN_JOB, id))?.retryCount).toBe(1);
  }, 60_000);

  it('keeps a run whose queue job still waits, and fails one whose job ended without finishing it', async () => {
    const id = await orphanRun(t, TRAIN_EXPIRE_SECONDS * 2);
    // Waiting for a retry (as pg-boss leaves a job whose worker died once its lease expired): not stuck, still owned.
    await t.queue!.send(
      TRAIN_JOB,
      { runId: id, features: ['score'], actor: { type: 'system', id: null, name: 'system', role: 'admin' } },
      { id, startAfterSeconds: 3600 },
    );
    expect(await status(t, id)).toMatchObject({ state: 'running' });
    await t.queue!.boss.cancel(TRAIN_JOB, id);
    expect(await status(t, id)).toMatchObject({
      state: 'failed',
      error: 'Training was interrupted (the process running it stopped): start it again',
    });
    // A row whose job pg-boss never had (or has deleted) and that stopped moving is interrupted too.
    const lost = await orphanRun(t, TRAIN_EXPIRE_SECONDS + 1);
    expect(await status(t, lost)).toMatchObject({ state: 'failed' });
  }, 60_000);

  it('shows a retry on the row while attempts are left, then finishes on the next attempt; the last failure or a refusal fails it', async () => {
    let calls = 0;
    const runs = createTrainingRuns({
      db: t.database.db,
      clock: t.clock,
      audit: t.services.audit,
      train: async (input, actor, onProgress) => {
        calls++;
        if (calls === 1) throw new Error('connection reset');
        if (calls === 3)
          throw new AppError(422, 'not_enough', 'prediction.errors.notEnoughOutcomes', {
            churned: 0,
            retained: 0,
            minimum: 5,
          });
        if (calls === 4) throw new Error('disk full');
        return t.services.prediction.train(input, actor, onProgress);
      },
    });
    const id = await orphanRun(t, 0);
    await expect(
      runs.run(id, { features: ['score'] }, undefined, { number: 1, final: false, queued: true }),
    ).rejects.toThrow('connection reset');
    expect(await runs.view(id)).toMatchObject({
      state: 'running',
      progress: 0,
      error: { message: 'prediction.errors.retrying', params: { attempt: 1, reason: 'connection reset' } },
    });
    expect(await status(t, id)).toMatchObject({
      state: 'running',
      error: 'Attempt 1 failed (connection reset); trying again',
    });
    await runs.run(id, { features: ['score'] }, undefined, { number: 2, final: true, queued: true });
    expect(await runs.view(id)).toMatchObject({ state: 'done', progress: 100, error: null });

    const refused = await orphanRun(t, 0);
    await runs.run(refused, {}, undefined, { number: 1, final: false, queued: true }); // a refusal is not retried
    expect(await runs.view(refused)).toMatchObject({
      state: 'failed',
      error: { message: 'prediction.errors.notEnoughOutcomes' },
    });
    const broken = await orphanRun(t, 0);
    await expect(runs.run(broken, {}, undefined, { number: 3, final: true, queued: true })).rejects.toThrow(
      'disk full',
    );
    expect(await runs.view(broken)).toMatchObject({ state: 'failed', error: { message: 'disk full' } });
  }, 60_000);
});
