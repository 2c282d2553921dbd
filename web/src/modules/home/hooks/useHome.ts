import { homeApi } from '@shared/home';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../api/client';

/** A CSM's book (their own without ownerId; managers may name anyone). */
export function useCsmHome(ownerId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['home', 'csm', ownerId ?? 'me'],
    queryFn: () => call(homeApi.csm, { query: ownerId ? { ownerId } : {} }),
    enabled,
  });
}

export function useTeamHome(enabled: boolean) {
  return useQuery({ queryKey: ['home', 'team'], queryFn: () => call(homeApi.team), enabled });
}

export function useFreshness(enabled: boolean) {
  return useQuery({ queryKey: ['home', 'freshness'], queryFn: () => call(homeApi.freshness), enabled });
}
