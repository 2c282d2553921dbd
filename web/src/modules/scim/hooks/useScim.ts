import { type ScimMapping, scimApi } from '@shared/scim';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

const KEY = ['scim'];

/** Settings → User provisioning (SCIM): base URL, tokens, mappings, groups, recent requests. */
export function useScimStatus() {
  return useQuery({ queryKey: KEY, queryFn: () => call(scimApi.status) });
}

export function useCreateScimToken() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (input: { name: string }) => call(scimApi.createToken, { body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRotateScimToken() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (id: string) => call(scimApi.rotateToken, { params: { id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRevokeScimToken() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (id: string) => call(scimApi.revokeToken, { params: { id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useSaveScimMappings() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (mappings: ScimMapping[]) => call(scimApi.setMappings, { body: { mappings } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: KEY }),
  });
}
