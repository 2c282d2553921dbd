import { type AttributeLabels, attributesApi, type LocalizedLabel } from '@shared/attributes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';

const LABELS_KEY = ['attributes', 'labels'];

export function useAttributeKeys() {
  return useQuery({
    queryKey: ['attributes', 'keys'],
    queryFn: () => call(attributesApi.keys),
    select: (d) => d.items,
  });
}

export function useAttributeLabelSettings() {
  return useQuery({ queryKey: LABELS_KEY, queryFn: () => call(attributesApi.labels), staleTime: 60_000 });
}

export function useSaveAttributeLabels() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (labels: AttributeLabels) => call(attributesApi.setLabels, { body: labels }),
    onSuccess: (labels) => client.setQueryData(LABELS_KEY, labels),
  });
}

/** The label in the viewer's language, else the other language's, else nothing. */
export function pickLabel(label: LocalizedLabel | undefined, language: string): string | undefined {
  if (!label) return undefined;
  const own = language.startsWith('zh') ? label['zh-CN'] : label.en;
  const other = language.startsWith('zh') ? label.en : label['zh-CN'];
  return own || other || undefined;
}

/**
 * How a custom attribute key or text value reads in the viewer's language: its admin-given label
 * (Settings → Attributes), or the raw key/value when it has none.
 */
export function useAttributeLabels() {
  const { i18n } = useTranslation();
  const labels = useAttributeLabelSettings().data;
  const keyLabel = useCallback(
    (key: string) => pickLabel(labels?.[key]?.label, i18n.language) ?? key,
    [labels, i18n.language],
  );
  const valueLabel = useCallback(
    (key: string, value: unknown) =>
      typeof value === 'string' ? (pickLabel(labels?.[key]?.values?.[value], i18n.language) ?? value) : undefined,
    [labels, i18n.language],
  );
  return { keyLabel, valueLabel };
}
