import { predictionApi } from '@shared/prediction';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useFeatureCatalogue(enabled = true) {
  return useQuery({
    queryKey: ['prediction', 'features'],
    enabled,
    queryFn: () => call(predictionApi.features),
  });
}

export function useLatestModel() {
  return useQuery({
    queryKey: ['prediction', 'model'],
    queryFn: async () => (await call(predictionApi.model)).model,
  });
}

export function useStartTraining() {
  return useMutation({
    meta: { toast: 'none', errors: 'own' },
    mutationFn: (features: string[]) => call(predictionApi.train, { body: features.length ? { features } : {} }),
  });
}

/** A training job, polled every second while it runs; when it ends the model and scores are reloaded. */
export function useTrainingJob(id: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    queryKey: ['prediction', 'job', id],
    enabled: Boolean(id),
    queryFn: async () => {
      const job = await call(predictionApi.job, { params: { id: id as string } });
      if (job.state !== 'running')
        void client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'prediction' && q.queryKey[1] !== 'job' });
      return job;
    },
    refetchInterval: (query) => (query.state.data?.state === 'running' || !query.state.data ? 1000 : false),
  });
}

export function useAccountPrediction(accountId: string) {
  return useQuery({
    queryKey: ['prediction', 'account', accountId],
    queryFn: async () => (await call(predictionApi.account, { params: { id: accountId } })).prediction,
  });
}

/** Renewal probabilities of the accounts on the current page of a list. */
export function useScores(accountIds: string[]) {
  return useQuery({
    queryKey: ['prediction', 'scores', accountIds],
    enabled: accountIds.length > 0,
    queryFn: async () => {
      const { items } = await call(predictionApi.scores, { query: { ids: accountIds.join(',') } });
      return new Map(items.map((i) => [i.accountId, i.renewalProbability]));
    },
  });
}
