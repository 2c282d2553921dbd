/**
 * Renewal / churn prediction (docs/prediction.md): gathers the examples whose outcome is known —
 * every customer at each of a series of cut-off days, both classes from the same days — builds
 * their features as of the cut-off, validates and fits the model, stores it and scores every
 * active account. Training started from the UI runs on the job queue; its state and progress live in
 * prediction_jobs (training.runs.ts), so any API process can answer the poll.
 */
import { expressionBuilder, type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { conversionFactor } from '../../shared/money.js';
import { conditionsExpression } from '../accounts/conditions.read.js';
import type { SegmentService } from '../segments/segments.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { subscriptionVersionRows } from '../subscriptions/versions.read.js';
import { ACCOUNT_FEATURE_COLUMNS } from '../../shared/accounts.js';
import { renewalProbabilityFacts } from './prediction.read.js';
import { attributeKinds, type ResolvedFeature, resolveFeatures } from './catalogue.js';
import type { RawRow } from './encoding.js';
import { type AsOf, FEATURE_FAMILIES, type FeatureContext, type FeatureFamily, pointKey } from './features.js';
import {
  churnProbabilities,
  coefficients,
  type Example,
  type Factor,
  fitModel,
  MIN_PER_CLASS,
  type StoredModel,
  topFactors,
  validate,
  type Verdict,
} from './model.js';
import * as repo from './prediction.repository.js';
import { createTrainingRuns } from './training.runs.js';
import type { JobService } from '../../jobs/jobs.service.js';

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
  /** Where UI-started training runs are queued (docs/jobs.md); without it they run in this process. */
  jobs?: Pick<JobService, 'send' | 'state' | 'attached'>;
  /** Where each account's probability is kept with its other hot figures (account_facts, docs/lists.md). */
  facts?: {
    writeFacts(
      part: 'prediction',
      source: RawBuilder<unknown>,
      scope?: undefined,
      trx?: Transaction<DB>,
    ): Promise<unknown>;
  };
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

/** Cut-off days are this far apart, at most this many (a year of monthly cut-offs). */
export const CUTOFF_STEP_DAYS = 30;
export const MAX_CUTOFFS = 12;

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** What a training run saw besides the examples (stored with the model, shown with the result). */
export interface TrainingDetails {
  /** The cut-off days examples were taken at, newest first (empty with imported outcomes only). */
  cutoffs: string[];
  /** The first usage day and the longest usage window of the features used. */
  usageSince: string | null;
  windowDays: number;
  /** Examples left out because a feature window reached back before the usage history. */
  droppedForHistory: number;
  /** Features asked for but left out: their history is unknown for past cut-offs. */
  leftOut: string[];
  verdict: Verdict;
}

/** "Contract = Month-to-month" for a category, the feature's name otherwise. */
export const factorLabel = (name: string, level: string | null) => (level === null ? name : `${name} = ${level}`);

export function createPredictionService({
  db,
  clock,
  audit,
  settings,
  segments,
  baseCurrency,
  timeZone,
  families = FEATURE_FAMILIES,
  jobs,
  facts,
}: PredictionDeps) {
  const today = () => clock.today(timeZone);

  async function context(): Promise<FeatureContext> {
    const [modules, key, rates, list] = await Promise.all([
      settings.get('product_modules'),
      settings.get('key_behaviour'),
      settings.get('fx_rates'),
      segments.list(),
    ]);
    const currencies = await sql<{
      currency: string;
    }>`select distinct currency from ${subscriptionVersionRows(db)} v`.execute(db);
    const fxFactors: Record<string, number> = {};
    for (const { currency } of currencies.rows) {
      const factor = conversionFactor(currency.trim(), baseCurrency, rates);
      if (factor !== undefined) fxFactors[currency.trim()] = factor;
    }
    const eb = expressionBuilder<DB, 'accounts'>();
    const segmentCases = [...list]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((s) => ({ name: s.name, predicate: conditionsExpression(eb, s.rules.conditions, s.rules.match) }));
    return {
      db,
      timeZone,
      coreModules: modules.filter((m) => m.core).map((m) => m.key),
      keyEvent: key?.event ?? null,
      fxFactors,
      segmentCases,
    };
  }

  async function catalogue() {
    const [types, counts] = await Promise.all([repo.attributeTypes(db), repo.accountColumnCounts(db)]);
    return {
      families: families.map((f) => ({ key: f.key, columns: f.columns })),
      columns: ACCOUNT_FEATURE_COLUMNS.map((c) => ({ key: c.key, kind: c.kind, accounts: counts[c.key] ?? 0 })),
      attributes: attributeKinds(types),
    };
  }

  /**
   * Raw feature rows for the points, keyed by pointKey: one statement per family used, one for the
   * account columns, one for the attributes. Current-state values (segment, account columns,
   * attributes) are blank for a day before today: what they were then is not kept.
   */
  async function gather(points: AsOf[], features: ResolvedFeature[]): Promise<Map<string, RawRow>> {
    const rows = new Map<string, RawRow>(points.map((p) => [pointKey(p.account_id, p.as_of), {}]));
    const used = new Set(features.map((f) => f.family));
    const ctx = await context();
    for (const family of families.filter((f) => used.has(f.key))) {
      const loaded = await family.load(ctx, points);
      for (const [key, values] of loaded) Object.assign(rows.get(key) ?? {}, values);
    }
    const ids = [...new Set(points.map((p) => p.account_id))];
    const attributes = features.filter((f) => f.family === 'attributes');
    const columns = features.filter((f) => f.family === 'account');
    const values = await repo.attributeValues(
      db,
      ids,
      attributes.map((f) => f.name),
    );
    const columnValues = columns.length
      ? await repo.accountColumnValues(db, ids)
      : new Map<string, Record<string, unknown>>();
    const day = today();
    for (const p of points) {
      const row = rows.get(pointKey(p.account_id, p.as_of))!;
      const stored = values.get(p.account_id) ?? {};
      const fields = columnValues.get(p.account_id) ?? {};
      for (const f of [...attributes, ...columns]) {
        const v = f.family === 'account' ? fields[f.name] : stored[f.name];
        row[f.key] =
          v === null || v === undefined
            ? null
            : f.kind === 'numeric'
              ? typeof v === 'number'
                ? v
                : Number.isFinite(Number(v))
                  ? Number(v)
                  : null
              : typeof v === 'string'
                ? v
                : JSON.stringify(v);
      }
      if (p.as_of < day) for (const f of features) if (f.current) row[f.key] = null;
    }
    return rows;
  }

  /** The cut-off days for a horizon, newest first: every CUTOFF_STEP_DAYS back from today − horizon. */
  async function cutoffSeries(horizon: number) {
    const first = await repo.earliestFirstPayment(db);
    const out: string[] = [];
    for (
      let k = 0, day = addDays(today(), -horizon);
      k < MAX_CUTOFFS && first !== null && day >= first;
      k++, day = addDays(day, -CUTOFF_STEP_DAYS)
    )
      out.push(day);
    return out;
  }

  /**
   * The examples for a training run. Cut-offs whose longest usage window (of the features used)
   * would reach back before the first usage day are dropped: their usage would read as "none"
   * for want of history, not for want of use.
   */
  async function examplesFor(horizon: number, features: ResolvedFeature[]) {
    const windowDays = Math.max(
      0,
      ...families.filter((f) => features.some((x) => x.family === f.key)).map((f) => f.usageWindowDays ?? 0),
    );
    const usageSince = await repo.usageHistoryStart(db);
    const cutoffs = await cutoffSeries(horizon);
    const all = await repo.trainingExamples(db, today(), horizon, cutoffs);
    const earliest = usageSince && windowDays ? addDays(usageSince, windowDays) : null;
    const kept = earliest ? all.filter((e) => e.as_of >= earliest) : all;
    return {
      rows: kept,
      cutoffs: earliest ? cutoffs.filter((c) => c >= earliest) : cutoffs,
      usageSince,
      windowDays,
      droppedForHistory: all.length - kept.length,
    };
  }

  const nameOf = (features: ResolvedFeature[]) => new Map(features.map((f) => [f.key, f.name]));

  /** Scores every active account with a stored model, replacing the previous scores (one statement). */
  async function scoreAll(modelId: string, model: StoredModel, features: ResolvedFeature[]) {
    const day = today();
    const ids = await repo.activeAccountIds(db, day);
    const rows = await gather(
      ids.map((id) => ({ account_id: id, as_of: day })),
      features,
    );
    const names = nameOf(features);
    const list = ids.map((id) => rows.get(pointKey(id, day))!);
    const probabilities = churnProbabilities(model, list);
    const now = clock.now();
    const scores = ids.map((id, i) => ({
      account_id: id,
      renewal_probability: Math.round((1 - probabilities[i]) * 1e6) / 1e6,
      top_factors: topFactors(model, list[i]).map((f) => ({
        ...f,
        feature: names.get(f.feature) ?? f.feature,
        label: factorLabel(names.get(f.feature) ?? f.feature, f.level),
      })),
    }));
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('prediction_scores').execute();
      if (scores.length) {
        await sql`insert into prediction_scores (account_id, model_id, renewal_probability, top_factors, computed_at)
          select s.account_id, ${modelId}::uuid, s.renewal_probability, s.top_factors, ${now}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(scores)}::jsonb) as s(account_id uuid, renewal_probability float8, top_factors jsonb)`.execute(
          trx,
        );
      }
      // The lists sort and filter on the stored figure: it changes with the scores, in the same transaction.
      await facts?.writeFacts('prediction', renewalProbabilityFacts(), undefined, trx);
    });
    return scores.length;
  }

  async function train(input: TrainInput = {}, actor?: Actor, onProgress?: (percent: number) => Promise<void> | void) {
    const horizon = input.horizonDays ?? 90;
    const asked = resolveFeatures(input.features, families, (await catalogue()).attributes);
    const found = await examplesFor(horizon, asked);
    const exampleRows = found.rows;
    // Current-state features have no history: on past cut-offs they would show today's segment
    // (say "churned") to an example whose outcome is the question. Left out, and said so.
    const historical = exampleRows.some((e) => e.as_of < today());
    const features = historical ? asked.filter((f) => !f.current) : asked;
    const leftOut = historical ? asked.filter((f) => f.current).map((f) => f.name) : [];
    if (!features.length)
      throw new AppError(400, 'no_history_features', 'prediction.errors.noHistoryFeatures', {
        features: leftOut.join(', '),
      });
    const positives = exampleRows.filter((e) => e.label === 1).length;
    if (positives < MIN_PER_CLASS || exampleRows.length - positives < MIN_PER_CLASS) {
      throw new AppError(422, 'not_enough_outcomes', 'prediction.errors.notEnoughOutcomes', {
        churned: positives,
        retained: exampleRows.length - positives,
        minimum: MIN_PER_CLASS,
      });
    }
    await onProgress?.(10);
    const raw = await gather(
      exampleRows.map((e) => ({ account_id: e.account_id, as_of: e.as_of })),
      features,
    );
    const examples: Example[] = exampleRows.map((e) => ({
      row: raw.get(pointKey(e.account_id, e.as_of))!,
      label: e.label,
      outcomeOn: e.outcome_on,
      cutoff: e.as_of,
      group: e.account_id,
    }));
    await onProgress?.(20);
    const specs = features.map((f) => ({ key: f.key, kind: f.kind }));
    const validation = await validate(specs, examples, {
      onProgress: (share) => onProgress?.(20 + Math.round(60 * share)),
    });
    const model = fitModel(specs, examples);
    await onProgress?.(85);
    const requested = input.features?.length ? input.features : null;
    const details: TrainingDetails = {
      cutoffs: found.cutoffs,
      usageSince: found.usageSince,
      windowDays: found.windowDays,
      droppedForHistory: found.droppedForHistory,
      leftOut,
      verdict: validation.verdict,
    };
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
          auc_low: validation.aucInterval?.low ?? null,
          auc_high: validation.aucInterval?.high ?? null,
          auc_fold_sd: validation.aucFoldSd,
          details: JSON.stringify(details),
          model: JSON.stringify({ ...model, resolved: features, horizonDays: horizon }),
          trained_by_name: actor?.name ?? null,
        })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      if (actor)
        await audit.record(trx, actor, {
          action: 'train',
          entity: 'prediction_model',
          entityId: row.id,
          after: { features: requested, n: examples.length, auc: validation.auc },
        });
      return row;
    });
    const scored = await scoreAll(stored.id, model, features);
    await onProgress?.(100);
    return {
      auc: validation.auc,
      aucInterval: validation.aucInterval,
      aucFoldSd: validation.aucFoldSd,
      verdict: validation.verdict,
      folds: validation.folds,
      n: examples.length,
      features: features.map((f) => f.name),
      positives,
      validation: validation.method,
      ...(validation.splitOn ? { splitOn: validation.splitOn } : {}),
      brier: validation.brier,
      calibration: validation.calibration,
      cutoffs: details.cutoffs,
      droppedForHistory: details.droppedForHistory,
      leftOut,
      modelId: stored.id,
      scored,
    };
  }

  async function latestModelRow() {
    return db
      .selectFrom('prediction_models')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async function latestModel() {
    const row = await latestModelRow();
    if (!row) return null;
    const model = row.model as StoredModel & { resolved: ResolvedFeature[] };
    const names = nameOf(model.resolved);
    const details = row.details as Partial<TrainingDetails>;
    return {
      id: row.id,
      createdAt: row.created_at,
      trainedBy: row.trained_by_name,
      n: row.n,
      positives: row.positives,
      validation: row.validation,
      auc: row.auc,
      aucInterval: row.auc_low === null || row.auc_high === null ? null : { low: row.auc_low, high: row.auc_high },
      aucFoldSd: row.auc_fold_sd,
      // Models trained before the verdict existed were never judged.
      verdict: details.verdict ?? null,
      cutoffs: details.cutoffs ?? [],
      droppedForHistory: details.droppedForHistory ?? 0,
      leftOut: details.leftOut ?? [],
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
    // One array parameter, not one per account: a renewal window's hundreds of ids made a new statement text
    // (parsed and planned anew, never named) on every Home.
    const rows = await db
      .selectFrom('prediction_scores')
      .selectAll()
      .where('account_id', '=', sql<string>`any(${accountIds}::uuid[])`)
      .execute();
    return rows.map((r) => ({
      accountId: r.account_id,
      renewalProbability: r.renewal_probability,
      topFactors: r.top_factors as TopFactor[],
      modelId: r.model_id,
      computedAt: r.computed_at,
    }));
  }

  const runs = createTrainingRuns({
    db,
    clock,
    audit,
    jobs,
    train: (input, actor, onProgress) => train(input, actor, onProgress),
  });

  return {
    catalogue,
    /** The raw feature values of accounts as of given days (what training and scoring see). */
    async featureRows(points: AsOf[], names?: string[]) {
      return gather(points, resolveFeatures(names, families, (await catalogue()).attributes));
    },
    /** The examples a run with these features would train on (after the usage-history rule). */
    async trainingExamples(horizonDays = 90, names?: string[]) {
      return (await examplesFor(horizonDays, resolveFeatures(names, families, (await catalogue()).attributes))).rows;
    },
    train,
    latestModel,
    latestForAccounts,
    rescore,
    /** One attempt of a queued training run (the `prediction-train` handler). */
    runTraining: runs.run,
    job: runs.view,
    recoverInterrupted: runs.recoverInterrupted,
    /** Starts training in the background; the answer is the job to poll. Features are checked first. */
    async startTraining(actor: Actor, input: TrainInput) {
      resolveFeatures(input.features, families, (await catalogue()).attributes);
      return runs.start(actor, input);
    },
    /** Resolves when every run this process started in the background has finished (tests, shutdown). */
    idle: runs.idle,
  };
}

export type PredictionService = ReturnType<typeof createPredictionService>;
