import { usersApi } from '@shared/users';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';

/** Select options for an enum, labelled in the UI language from the `<prefix>.<value>` keys. */
/** Options typed by the values, so a Select's onChange hands back the enum, not any string. */
export function useEnumOptions<T extends string>(prefix: string, values: readonly T[]) {
  const { t } = useTranslation();
  return useMemo(() => values.map((value) => ({ value, label: t(`${prefix}.${value}`) })), [t, prefix, values]);
}

/** The team, for owner pickers and names (every signed-in role may read it). */
export function useTeam() {
  return useQuery({
    queryKey: ['users'],
    queryFn: () => call(usersApi.list),
    select: (d) => d.items,
    staleTime: 60_000,
  });
}

/** People to pick as owners; deactivated ones stay listed (existing assignments keep their names) but marked. */
export function useOwnerOptions() {
  const { t } = useTranslation();
  const team = useTeam();
  return useMemo(
    () =>
      (team.data ?? []).map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name} (${t('users.inactive')})` })),
    [team.data, t],
  );
}
