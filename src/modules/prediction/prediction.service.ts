/**
 * Renewal / churn prediction (docs/prediction.md): gathers the examples whose outcome is known,
 * builds their features as of a cut-off before the outcome, validates and fits the model, stores
 * it and scores every active account. Training started from the UI runs as a job whose state
 * and progress live in prediction_jobs, so any API process can answer the poll.
 */
import { expressionBuilder, type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { conversionFactor } from '../metrics/money.js';
import { conditionsExpression } from '../segments/conditions.sql.js';
import type { SegmentService } from '../segments/segments.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { attributeKinds, type ResolvedFeature, resolveFeatures } from './catalogue.js';
import type { RawRow } from './encoding.js';
import { type AsOf, FEATURE_FAMILIES, type FeatureContext, type FeatureFamily } from './features.js';
import { churnProbabilities, coefficients, type Example, type Factor, fitModel, MIN_PER_CLASS, type StoredModel, topFactors, validate } from './model.js';
import * as repo from './prediction.repository.js';

export interface PredictionDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  settings: Pick<SettingsService, 'get'>;
  segments: Pick<SegmentService, 'list'>;
  baseCurrency: string;
  timeZone: string;
  /** The feature families (default: FEATURE_FAMILIES in features.ts); tests pass their own. */
  families?: FeatureFamily[];
}

export interface TrainInput {
  features?: string[];
  /** Days between the feature cut-off and the outcome (default 90). */
  horizonDays?: number;
}

export interface TopFactor extends Factor {
  label: string;
}

export interface AccountPrediction {
  accountId: string;
  renewalProbability: number;
  topFactors: TopFactor[];
  modelId: string;
  computedAt: Date;
}

/** "Contract = Month-to-month" for a category, the feature's name otherwise. */
export const factorLabel = (name: string, level: string | null) => (level === null ? name : `${name} = ${level}`);

export function createPredictionService({ db, clock, audit, settings, segments, baseCurrency, timeZone, families = FEATURE_FAMILIES }: PredictionDeps) {
  const running = new Set<Promise<unknown>>();
  const today = () => clock.today(timeZone);

  async function context(): Promise<FeatureContext> {
    const [modules, key, rates, list] = await Promise.all([settings.get('product_modules'), settings.get('key_behaviour'), settings.get('fx_rates'), segments.list()]);
    const currencies = await sql<{ currency: string }>`select distinct currency from subscription_versions`.execute(db);
    const fxFactors: Record<string, number> = {};
    for (const { currency } of currencies.rows) {
      const factor = conversionFactor(currency.trim(), baseCurrency, rates);
      if (factor !== undefined) fxFactors[currency.trim()] = factor;
    }
    const eb = expressionBuilder<DB, 'accounts'>();
    const segmentCases = [...list]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((s) => ({ name: s.name, predicate: conditionsExpression(eb, s.rules.conditions, s.rules.match) }));
    return { db, timeZone, coreModules: modules.filter((m) => m.core).map((m) => m.key), keyEvent: key?.event ?? null, fxFactors, segmentCases };
  }

  async function catalogue() {
    return { families: families.map((f) => ({ key: f.key, columns: f.columns })), attributes: attributeKinds(await repo.attributeTypes(db)) };
  }

  /** Raw feature rows for the points: one statement per family used, one for the attributes. */
  async function gather(points: AsOf[], features: ResolvedFeature[]): Promise<Map<string, RawRow>> {
    const rows = new Map<string, RawRow>(points.map((p) => [p.account_id, {}]));
    const used = new Set(features.map((f) => f.family));
    const ctx = await context();
    for (const family of families.filter((f) => used.has(f.key))) {
      const loaded = await family.load(ctx, points);
      for (const [id, values] of loaded) Object.assign(rows.get(id) ?? {}, values);
    }
    const attributes = features.filter((f) => f.family === 'attributes');
    const values = await repo.attributeValues(db, points.map((p) => p.account_id), attributes.map((f) => f.name));
    for (const [id, row] of rows) {
      const stored = values.get(id) ?? {};
      for (const f of attributes) {
        const v = stored[f.name];
        row[f.key] = v === null || v === undefined ? null : f.kind === 'numeric' ? (typeof v === 'number' ? v : Number.isFinite(Number(v)) ? Number(v) : null) : typeof v === 'string' ? v : JSON.stringify(v);
      }
    }
    return rows;
  }

  const nameOf = (features: ResolvedFeature[]) => new Map(features.map((f) => [f.key, f.name]));

  /** Scores every active account with a stored model, replacing the previous scores (one statement). */
  async function scoreAll(modelId: string, model: StoredModel, features: ResolvedFeature[]) {
    const day = today();
    const ids = await repo.activeAccountIds(db, day);
    const rows = await gather(ids.map((id) => ({ account_id: id, as_of: day })), features);
    const names = nameOf(features);
    const list = ids.map((id) => rows.get(id)!);
    const probabilities = churnProbabilities(model, list);
    const now = clock.now();
    const scores = ids.map((id, i) => ({
      account_id: id,
      renewal_probability: Math.round((1 - probabilities[i]) * 1e6) / 1e6,
      top_factors: topFactors(model, list[i]).map((f) => ({ ...f, feature: names.get(f.feature) ?? f.feature, label: factorLabel(names.get(f.feature) ?? f.feature, f.level) })),
    }));
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('prediction_scores').execute();
      if (scores.length) {
        await sql`insert into prediction_scores (account_id, model_id, renewal_probability, top_factors, computed_at)
          select s.account_id, ${modelId}::uuid, s.renewal_probability, s.top_factors, ${now}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(scores)}::jsonb) as s(account_id uuid, renewal_probability float8, top_factors jsonb)`.execute(trx);
      }
    });
    return scores.length;
  }

  async function train(input: TrainInput = {}, actor?: Actor, onProgress?: (percent: number) => Promise<void> | void) {
    const horizon = input.horizonDays ?? 90;
    const features = resolveFeatures(input.features, families, (await catalogue()).attributes);
    const exampleRows = await repo.trainingExamples(db, today(), horizon);
    const positives = exampleRows.filter((e) => e.label === 1).length;
    if (positives < MIN_PER_CLASS || exampleRows.length - positives < MIN_PER_CLASS) {
      throw new AppError(422, 'not_enough_outcomes', 'prediction.errors.notEnoughOutcomes', { churned: positives, retained: exampleRows.length - positives, minimum: MIN_PER_CLASS });
    }
    await onProgress?.(10);
    const raw = await gather(exampleRows.map((e) => ({ account_id: e.account_id, as_of: e.as_of })), features);
    const examples: Example[] = exampleRows.map((e) => ({ row: raw.get(e.account_id)!, label: e.label, outcomeOn: e.outcome_on }));
    await onProgress?.(20);
    const specs = features.map((f) => ({ key: f.key, kind: f.kind }));
    const validation = await validate(specs, examples, { onProgress: (share) => onProgress?.(20 + Math.round(60 * share)) });
    const model = fitModel(specs, examples);
    await onProgress?.(85);
    const requested = input.features?.length ? input.features : null;
    const stored = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('prediction_models')
        .values({
          requested: JSON.stringify(requested),
          features: JSON.stringify(features.map((f) => ({ key: f.name, kind: f.kind, family: f.family }))),
          n: examples.length,
          positives,
          validation: validation.method,
          auc: validation.auc,
          folds: JSON.stringify(validation.folds),
          brier: validation.brier,
          calibration: JSON.stringify(validation.calibration),
          model: JSON.stringify({ ...model, resolved: features, horizonDays: horizon }),
          trained_by_name: actor?.name ?? null,
        })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      if (actor) await audit.record(trx, actor, { action: 'train', entity: 'prediction_model', entityId: row.id, after: { features: requested, n: examples.length, auc: validation.auc } });
      return row;
    });
    const scored = await scoreAll(stored.id, model, features);
    await onProgress?.(100);
    return {
      auc: validation.auc,
      folds: validation.folds,
      n: examples.length,
      features: features.map((f) => f.name),
      positives,
      validation: validation.method,
      ...(validation.splitOn ? { splitOn: validation.splitOn } : {}),
      brier: validation.brier,
      calibration: validation.calibration,
      modelId: stored.id,
      scored,
    };
  }

  async function latestModelRow() {
    return db.selectFrom('prediction_models').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  async function latestModel() {
    const row = await latestModelRow();
    if (!row) return null;
    const model = row.model as StoredModel & { resolved: ResolvedFeature[] };
    const names = nameOf(model.resolved);
    return {
      id: row.id,
      createdAt: row.created_at,
      trainedBy: row.trained_by_name,
      n: row.n,
      positives: row.positives,
      validation: row.validation,
      auc: row.auc,
      folds: row.folds as number[],
      brier: row.brier,
      calibration: row.calibration as Awaited<ReturnType<typeof validate>>['calibration'],
      features: row.features as { key: string; kind: 'numeric' | 'categorical'; family: string }[],
      coefficients: coefficients(model).map((c) => ({ ...c, feature: names.get(c.feature) ?? c.feature })),
    };
  }

  /** Re-scores the active accounts with the latest model (the daily job): new data, same model. */
  async function rescore() {
    const row = await latestModelRow();
    if (!row) return { scored: 0, modelId: null };
    const model = row.model as StoredModel & { resolved: ResolvedFeature[] };
    return { scored: await scoreAll(row.id, model, model.resolved), modelId: row.id };
  }

  async function latestForAccounts(accountIds: string[]): Promise<AccountPrediction[]> {
    if (!accountIds.length) return [];
    const rows = await db.selectFrom('prediction_scores').selectAll().where('account_id', 'in', accountIds).execute();
    return rows.map((r) => ({ accountId: r.account_id, renewalProbability: r.renewal_probability, topFactors: r.top_factors as TopFactor[], modelId: r.model_id, computedAt: r.computed_at }));
  }

  async function runJob(jobId: string, input: TrainInput, actor?: Actor) {
    const job = await db.selectFrom('prediction_jobs').select(['state']).where('id', '=', jobId).executeTakeFirst();
    if (!job || job.state !== 'running') return; // finished already: a redelivery does nothing
    try {
      const result = await train(input, actor, (progress) =>
        db.updateTable('prediction_jobs').set({ progress, updated_at: clock.now() }).where('id', '=', jobId).execute().then(() => undefined),
      );
      await db.updateTable('prediction_jobs').set({ state: 'done', progress: 100, model_id: result.modelId, updated_at: clock.now(), finished_at: clock.now() }).where('id', '=', jobId).execute();
    } catch (error) {
      const message = error instanceof AppError ? error.messageKey : error instanceof Error ? error.message : String(error);
      const params = error instanceof AppError ? error.params : {};
      await db.updateTable('prediction_jobs').set({ state: 'failed', error: JSON.stringify({ message, params }), updated_at: clock.now(), finished_at: clock.now() }).where('id', '=', jobId).execute();
    }
  }

  async function jobView(id: string) {
    const row = await db.selectFrom('prediction_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found', 'prediction.errors.jobNotFound');
    const error = row.error ? (JSON.parse(row.error) as { message: string; params: Record<string, unknown> }) : null;
    return { id: row.id, state: row.state, progress: row.progress, modelId: row.model_id, error, createdAt: row.created_at, finishedAt: row.finished_at };
  }

  return {
    catalogue,
    /** The raw feature values of accounts as of given days (what training and scoring see). */
    async featureRows(points: AsOf[], names?: string[]) {
      return gather(points, resolveFeatures(names, families, (await catalogue()).attributes));
    },
    trainingExamples: (horizonDays = 90) => repo.trainingExamples(db, today(), horizonDays),
    train,
    latestModel,
    latestForAccounts,
    rescore,
    runJob,
    job: jobView,
    /** Starts training in the background; the answer is the job to poll. Features are checked first. */
    async startTraining(actor: Actor, input: TrainInput) {
      resolveFeatures(input.features, families, (await catalogue()).attributes);
      const job = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('prediction_jobs')
          .values({ requested: JSON.stringify(input.features ?? null), created_by: actor.type === 'user' ? actor.id : null, created_by_name: actor.name })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'prediction_job', entityId: row.id, after: { features: input.features ?? null } });
        return row;
      });
      const work = runJob(job.id, input, actor).finally(() => running.delete(work));
      running.add(work);
      return jobView(job.id);
    },
    /** Resolves when every job this process started has finished (tests, shutdown). */
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

export type PredictionService = ReturnType<typeof createPredictionService>;
