import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import { translator } from '../../i18n/index.js';
import { predictionApi } from '../../shared/prediction.js';
import type { PredictionService } from './prediction.service.js';

export function predictionRoutes(app: App, { prediction }: { prediction: PredictionService }) {
  const tags = ['prediction'];
  route(app, predictionApi.features, {
    access: 'manage',
    tags,
    summary:
      'Features a model can use: built-in families, account columns and account attributes (with their guessed type)',
    handler: () => prediction.catalogue(),
  });

  route(app, predictionApi.train, {
    access: 'manage',
    tags,
    summary: 'Start training the churn model in the background; poll GET /api/prediction/jobs/:id',
    handler: async (request) => {
      const job = await prediction.startTraining(request.actor, request.body);
      return { ...job, error: null };
    },
  });

  route(app, predictionApi.job, {
    access: 'manage',
    tags,
    handler: async (request) => {
      const job = await prediction.job(request.params.id);
      const t = translator(requestLocale(request));
      return { ...job, error: job.error ? t(job.error.message, job.error.params) : null };
    },
  });

  route(app, predictionApi.model, {
    access: 'read',
    tags,
    summary: 'The latest trained model: validation, calibration, coefficients',
    handler: async () => ({ model: await prediction.latestModel() }),
  });

  route(app, predictionApi.account, {
    access: 'read',
    cache: true,
    tags,
    summary: "An account's renewal probability and top factors (null before a model exists or for churned accounts)",
    handler: async (request) => ({ prediction: (await prediction.latestForAccounts([request.params.id]))[0] ?? null }),
  });

  route(app, predictionApi.scores, {
    access: 'read',
    tags,
    summary: 'Renewal probabilities of up to 200 accounts (the accounts list column)',
    handler: async (request) => ({
      items: (await prediction.latestForAccounts(request.query.ids)).map((p) => ({
        accountId: p.accountId,
        renewalProbability: p.renewalProbability,
      })),
    }),
  });
}
