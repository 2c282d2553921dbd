import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

export interface Opportunity {
  id: string;
  accountId: string;
  accountName: string;
  title: string;
  source: 'rule' | 'support' | 'manual';
  stage: string;
  amountMinor: number;
  currency: string;
  ownerId: string | null;
  ownerName: string | null;
  expectedCloseOn: string | null;
  product: string | null;
  notes: string | null;
  createdAt: string;
  closedAt: string | null;
}
export interface StageTotal {
  stage: string;
  count: number;
  amounts: { currency: string; amountMinor: number }[];
}

export function useOpportunities(query: { stage?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['opportunities', query],
    queryFn: () => api.get<{ items: Opportunity[]; total: number; byStage: StageTotal[] }>('/api/opportunities', query),
    placeholderData: keepPreviousData,
  });
}

export function useOpportunityHistory(id: string | null) {
  return useQuery({
    queryKey: ['opportunities', 'history', id],
    queryFn: () =>
      api.get<{ items: { fromStage: string | null; toStage: string; actorName: string | null; at: string }[] }>(
        `/api/opportunities/${id}/history`,
      ),
    enabled: Boolean(id),
  });
}

export function useSaveOpportunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id?: string } & Record<string, unknown>) =>
      id ? api.patch(`/api/opportunities/${id}`, body) : api.post('/api/opportunities', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['opportunities'] }),
  });
}

export interface Candidate {
  accountId: string;
  accountName: string;
  ownerName: string | null;
  npsScore: number;
  npsAt: string;
  trackedKinds: string[];
}
export interface Advocate {
  id: string;
  accountId: string;
  accountName: string;
  kind: string;
  stage: string;
  notes: string | null;
  updatedAt: string;
}
export interface Referral {
  id: string;
  accountId: string;
  accountName: string;
  referredCompany: string;
  status: string;
  referredAccountName: string | null;
  becameCustomer: boolean;
  createdAt: string;
}

export function useCandidates() {
  return useQuery({
    queryKey: ['renewals', 'advocacy', 'candidates'],
    queryFn: () => api.get<{ items: Candidate[] }>('/api/advocacy/candidates'),
    select: (d) => d.items,
  });
}
export function useAdvocates() {
  return useQuery({
    queryKey: ['renewals', 'advocacy', 'advocates'],
    queryFn: () => api.get<{ items: Advocate[] }>('/api/advocacy/advocates'),
    select: (d) => d.items,
  });
}
export function useReferrals() {
  return useQuery({
    queryKey: ['renewals', 'advocacy', 'referrals'],
    queryFn: () => api.get<{ items: Referral[] }>('/api/advocacy/referrals'),
    select: (d) => d.items,
  });
}

export function useAdvocacyMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ method, url, body }: { method: 'post' | 'patch'; url: string; body: unknown }) =>
      method === 'post' ? api.post(url, body) : api.patch(url, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['renewals', 'advocacy'] }),
  });
}
