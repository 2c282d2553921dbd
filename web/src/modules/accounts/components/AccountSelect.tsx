import { accountsApi } from '@shared/accounts';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';

interface Props {
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  multiple?: boolean;
  /** An account that must not be offered (e.g. itself, as its own parent). */
  exclude?: string;
  /** Only accounts of this owner's book are offered. */
  ownerId?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** Picks accounts by searching the server; selected ones keep their names across reloads. */
export function AccountSelect({ value, onChange, multiple, exclude, ownerId, placeholder, style, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['accounts', 'pick', search, ownerId],
    queryFn: () => call(accountsApi.list, { query: { q: search || undefined, ownerId, pageSize: 20, sort: 'name' } }),
    staleTime: 30_000,
  });
  const selected = (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);
  const known = new Map((found.data?.items ?? []).map((a) => [a.id, a.name]));
  const missing = useQueries({
    queries: selected
      .filter((id) => !known.has(id))
      .map((id) => ({
        queryKey: ['account', id],
        queryFn: () => call(accountsApi.get, { params: { id } }),
        staleTime: 60_000,
      })),
  });
  for (const q of missing) if (q.data) known.set(q.data.id, q.data.name);

  const options = [...known.entries()]
    .filter(([id]) => id !== exclude)
    .map(([id, name]) => ({ value: id, label: name }));

  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setSearch}
      loading={found.isFetching}
      value={multiple ? selected : (value ?? undefined)}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      placeholder={placeholder ?? t('accounts.pickAccount')}
      notFoundContent={found.isFetching ? null : t('common.noMatches')}
      style={style ?? { minWidth: 200 }}
      data-testid={rest['data-testid']}
    />
  );
}
