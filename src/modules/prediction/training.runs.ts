/**
 * Training runs started from the UI (docs/prediction.md, "Background work"). A run is a
 * `prediction_jobs` row (state, progress) and, with a queue attached, a pg-boss job of the same id
 * (`prediction-train`): the queue's lease (expiry) and retries carry the run over a crash, and the row
 * follows what the queue did. A row left "running" by a process that died is never left so: when its
 * job is no longer waiting or active — or, without a queue, when it has not moved for longer than a
 * run may take — it is marked failed as "interrupted" (on read, and by the `prediction-recover` sweep).
 */
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../http/errors.js';
import type { JobService } from '../../jobs/jobs.service.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

export const TRAIN_JOB = 'prediction-train';
/** The lease of one attempt: a run must show progress (or finish) within it. Training the Telco file takes ~20 s. */
export const TRAIN_EXPIRE_SECONDS = 15 * 60;

export interface TrainRequest {
  features?: string[];
  horizonDays?: number;
}

interface RunDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  jobs?: Pick<JobService, 'send' | 'state' | 'attached'>;
  train(
    input: TrainRequest,
    actor: Actor | undefined,
    onProgress: (percent: number) => Promise<void>,
  ): Promise<{ modelId: string }>;
}

type StoredError = { message: string; params: Record<string, unknown> };
const errorJson = (message: string, params: Record<string, unknown> = {}) =>
  JSON.stringify({ message, params } satisfies StoredError);

export function createTrainingRuns({ db, clock, audit, jobs, train }: RunDeps) {
  const running = new Set<Promise<unknown>>();

  /** Marks a still-running row failed; a row another attempt finished meanwhile is left alone. */
  const finishFailed = (id: string, error: string) =>
    db
      .updateTable('prediction_jobs')
      .set({ state: 'failed', error, updated_at: sql<Date>`now()`, finished_at: clock.now() })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .execute();

  /**
   * One attempt. Idempotent: a row already finished is not trained again. Refusals (too few
   * outcomes …) fail the run for good; other errors are retried by the queue while attempts are
   * left (the row says so), and fail it on the last.
   */
  async function run(
    id: string,
    input: TrainRequest,
    actor: Actor | undefined,
    attempt = { number: 1, final: true, queued: false },
  ) {
    const claimed = await db
      .updateTable('prediction_jobs')
      .set({ progress: 0, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return;
    try {
      const result = await train(input, actor, (progress) =>
        db
          .updateTable('prediction_jobs')
          .set({ progress, updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .where('state', '=', 'running')
          .execute()
          .then(() => undefined),
      );
      await db
        .updateTable('prediction_jobs')
        .set({
          state: 'done',
          progress: 100,
          model_id: result.modelId,
          error: null,
          updated_at: sql<Date>`now()`,
          finished_at: clock.now(),
        })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .execute();
    } catch (error) {
      if (error instanceof AppError) return void (await finishFailed(id, errorJson(error.messageKey, error.params)));
      const reason = error instanceof Error ? error.message : String(error);
      if (attempt.final) await finishFailed(id, errorJson(reason));
      else
        await db
          .updateTable('prediction_jobs')
          .set({
            progress: 0,
            error: errorJson('prediction.errors.retrying', { attempt: attempt.number, reason }),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', id)
          .where('state', '=', 'running')
          .execute();
      // On the queue, the failure is pg-boss's too (it retries, or keeps the job failed); in process nobody awaits it.
      if (attempt.queued) throw error;
    }
  }

  /**
   * The run's row, with `stale`: running and silent for longer than a lease. Leases are wall-clock
   * time (like pg-boss's), so they are measured with the database's now(), not the injectable clock
   * that TENURE_NOW may hold still.
   */
  const rows = () =>
    db
      .selectFrom('prediction_jobs')
      .selectAll()
      .select(
        sql<boolean>`state = 'running' and updated_at < now() - make_interval(secs => ${TRAIN_EXPIRE_SECONDS})`.as(
          'stale',
        ),
      );

  /** A running row whose queue job is gone or finished, or (no queue job) that has not moved within a lease, was interrupted. */
  async function reconcile(row: { id: string; state: string; stale: boolean }) {
    if (row.state !== 'running') return false;
    const queued = jobs ? await jobs.state(TRAIN_JOB, row.id) : undefined;
    if (queued === 'created' || queued === 'retry' || queued === 'active') return false;
    if (queued == null && !row.stale) return false; // just inserted, or running in a process without a queue
    await finishFailed(row.id, errorJson('prediction.errors.interrupted'));
    return true;
  }

  async function view(id: string) {
    let row = await rows().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found', 'prediction.errors.jobNotFound');
    if (await reconcile(row)) row = await rows().where('id', '=', id).executeTakeFirstOrThrow();
    const error = row.error ? (JSON.parse(row.error) as StoredError) : null;
    return {
      id: row.id,
      state: row.state,
      progress: row.progress,
      modelId: row.model_id,
      error,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    };
  }

  return {
    run,
    view,
    /** Fails every run left "running" by a process that is gone (the `prediction-recover` sweep); returns how many. */
    async recoverInterrupted() {
      let failed = 0;
      for (const row of await rows().where('state', '=', 'running').execute()) if (await reconcile(row)) failed++;
      return failed;
    },
    /** Records the run, then queues it (or, with no queue — CLI, tests — runs it in this process in the background). */
    async start(actor: Actor, input: TrainRequest) {
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('prediction_jobs')
          .values({
            requested: JSON.stringify(input.features ?? null),
            created_by: userIdOf(actor),
            created_by_name: actor.name,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'prediction_job',
          entityId: inserted.id,
          after: { features: input.features ?? null },
        });
        return inserted;
      });
      if (jobs?.attached) {
        await jobs.send(
          TRAIN_JOB,
          { runId: row.id, features: input.features, horizonDays: input.horizonDays, actor },
          { id: row.id },
        );
      } else {
        const work = run(row.id, input, actor).finally(() => running.delete(work));
        running.add(work);
      }
      return view(row.id);
    },
    /** Resolves when every run this process started in the background has finished (tests, shutdown). */
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}
