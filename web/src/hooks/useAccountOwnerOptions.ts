import { ownsAccounts } from '@shared/roles';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeam } from './useOptions';

/**
 * People to pick as an account's owner (CSM): only roles that own accounts (src/shared/roles.ts) —
 * the API refuses the others. Deactivated owners stay listed, marked, so existing assignments keep their names.
 */
export function useAccountOwnerOptions() {
  const { t } = useTranslation();
  const team = useTeam();
  return useMemo(
    () =>
      (team.data ?? [])
        .filter((u) => ownsAccounts(u.role))
        .map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name} (${t('users.inactive')})` })),
    [team.data, t],
  );
}
