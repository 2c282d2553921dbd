import { type FeatureRequestListQuery, vocApi, type VocItemType, type VocReportQuery } from '@shared/voc';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf } from '@shared/endpoint';
import { call } from '../../../api/client';
import { currentLanguage } from '../../../i18n';

/** A tag's or category's name in the reader's language. */
export const vocName = (x: { nameZh: string; nameEn: string }) => (currentLanguage() === 'zh-CN' ? x.nameZh : x.nameEn);

export function useTaxonomy() {
  return useQuery({ queryKey: ['voc', 'taxonomy'], queryFn: () => call(vocApi.taxonomy, {}), staleTime: 60_000 });
}

export function useAccountTags(accountId: string) {
  return useQuery({
    queryKey: ['voc', 'account-tags', accountId],
    queryFn: () => call(vocApi.accountTags, { params: { id: accountId } }),
  });
}

export function useSetItemTags(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: ({ itemType, itemId, tagIds }: { itemType: VocItemType; itemId: string; tagIds: string[] }) =>
      call(vocApi.setItemTags, { params: { type: itemType, id: itemId }, body: { tagIds } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['voc', 'account-tags', accountId] });
      void client.invalidateQueries({ queryKey: ['voc', 'report'] });
    },
  });
}

type Body<K extends keyof typeof vocApi> = InputOf<(typeof vocApi)[K]> extends { body: infer B } ? B : never;

/** Taxonomy edits (managers): each refreshes the taxonomy. */
export function useTaxonomyEdit() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['voc', 'taxonomy'] });
  return {
    createCategory: useMutation({
      meta: { toast: 'saved', errors: 'toast' },
      mutationFn: (body: Body<'createCategory'>) => call(vocApi.createCategory, { body }),
      onSuccess: done,
    }),
    updateCategory: useMutation({
      meta: { toast: 'saved', errors: 'toast' },
      mutationFn: ({ id, ...body }: Body<'updateCategory'> & { id: string }) =>
        call(vocApi.updateCategory, { params: { id }, body }),
      onSuccess: done,
    }),
    removeCategory: useMutation({
      meta: { toast: 'own', errors: 'toast' },
      mutationFn: (id: string) => call(vocApi.removeCategory, { params: { id } }),
      onSuccess: done,
    }),
    createTag: useMutation({
      meta: { toast: 'saved', errors: 'toast' },
      mutationFn: (body: Body<'createTag'>) => call(vocApi.createTag, { body }),
      onSuccess: done,
    }),
    updateTag: useMutation({
      meta: { toast: 'saved', errors: 'toast' },
      mutationFn: ({ id, ...body }: Body<'updateTag'> & { id: string }) =>
        call(vocApi.updateTag, { params: { id }, body }),
      onSuccess: done,
    }),
    removeTag: useMutation({
      meta: { toast: 'own', errors: 'toast' },
      mutationFn: (id: string) => call(vocApi.removeTag, { params: { id } }),
      onSuccess: done,
    }),
  };
}

export function useVocReport(query: VocReportQuery) {
  return useQuery({
    queryKey: ['voc', 'report', query],
    queryFn: () => call(vocApi.report, { query }),
    placeholderData: keepPreviousData,
  });
}

export function useFeatureRequests(query: Partial<FeatureRequestListQuery>) {
  return useQuery({
    queryKey: ['voc', 'requests', query],
    queryFn: () => call(vocApi.listRequests, { query }),
    placeholderData: keepPreviousData,
  });
}

export function useFeatureRequest(id: string) {
  return useQuery({
    queryKey: ['voc', 'request', id],
    queryFn: () => call(vocApi.getRequest, { params: { id } }),
  });
}

function useRefreshRequests() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['voc'] });
    void client.invalidateQueries({ queryKey: ['ctas'] });
  };
}

export function useCreateRequest() {
  const refresh = useRefreshRequests();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: (body: Body<'createRequest'>) => call(vocApi.createRequest, { body }),
    onSuccess: refresh,
  });
}

export function useUpdateRequest(id: string) {
  const refresh = useRefreshRequests();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: (body: Body<'updateRequest'>) => call(vocApi.updateRequest, { params: { id }, body }),
    onSuccess: refresh,
  });
}

export function useAddRequestAccount() {
  const refresh = useRefreshRequests();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: ({ id, ...body }: Body<'addRequestAccount'> & { id: string }) =>
      call(vocApi.addRequestAccount, { params: { id }, body }),
    onSuccess: refresh,
  });
}

export function useRemoveRequestAccount() {
  const refresh = useRefreshRequests();
  return useMutation({
    meta: { toast: 'deleted', errors: 'toast' },
    mutationFn: ({ id, accountId }: { id: string; accountId: string }) =>
      call(vocApi.removeRequestAccount, { params: { id, accountId } }),
    onSuccess: refresh,
  });
}
