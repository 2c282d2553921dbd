import type {
  AccountPredictionView,
  FeatureCatalogueView,
  PredictionJobView,
  PredictionModelView,
} from '@shared/prediction';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

export function useFeatureCatalogue(enabled = true) {
  return useQuery({
    queryKey: ['prediction', 'features'],
    enabled,
    queryFn: () => api.get<FeatureCatalogueView>('/api/prediction/features'),
  });
}

export function useLatestModel() {
  return useQuery({
    queryKey: ['prediction', 'model'],
    queryFn: async () => (await api.get<{ model: PredictionModelView | null }>('/api/prediction/model')).model,
  });
}

export function useStartTraining() {
  return useMutation({
    mutationFn: (features: string[]) =>
      api.post<PredictionJobView>('/api/prediction/train', features.length ? { features } : {}),
  });
}

/** A training job, polled every second while it runs; when it ends the model and scores are reloaded. */
export function useTrainingJob(id: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    queryKey: ['prediction', 'job', id],
    enabled: Boolean(id),
    queryFn: async () => {
      const job = await api.get<PredictionJobView>(`/api/prediction/jobs/${id}`);
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
    queryFn: async () =>
      (await api.get<{ prediction: AccountPredictionView | null }>(`/api/prediction/accounts/${accountId}`)).prediction,
  });
}

/** Renewal probabilities of the accounts on the current page of a list. */
export function useScores(accountIds: string[]) {
  return useQuery({
    queryKey: ['prediction', 'scores', accountIds],
    enabled: accountIds.length > 0,
    queryFn: async () => {
      const { items } = await api.get<{ items: { accountId: string; renewalProbability: number }[] }>(
        '/api/prediction/scores',
        { ids: accountIds.join(',') },
      );
      return new Map(items.map((i) => [i.accountId, i.renewalProbability]));
    },
  });
}
