import type { ResponseOf } from '@shared/endpoint';
import { settingsApi } from '@shared/settings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

/** Units of each currency (ISO 4217 code) per 1 USD. */
export type FxRates = ResponseOf<typeof settingsApi.fxRates>;
/** Per month (YYYY-MM): spend in minor units of the base currency and gross margin 0–1; a blank margin carries the latest earlier one. */
export type Finance = ResponseOf<typeof settingsApi.finance>;

const FX_KEY = ['settings', 'fx-rates'];
const FINANCE_KEY = ['settings', 'finance'];

export function useFxRates() {
  return useQuery({ queryKey: FX_KEY, queryFn: () => call(settingsApi.fxRates) });
}

export function useFinance() {
  return useQuery({ queryKey: FINANCE_KEY, queryFn: () => call(settingsApi.finance) });
}

/** Both settings feed every revenue figure: after a change the reports are computed again. */
function useSaveSetting<T>(key: string[], save: (value: T) => Promise<T>) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: save,
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      void client.invalidateQueries({ queryKey: ['metrics'] });
    },
  });
}

/** Replaces the whole exchange-rate table. */
export const useSaveFxRates = () => useSaveSetting<FxRates>(FX_KEY, (body) => call(settingsApi.setFxRates, { body }));

/** Replaces every month's spend and gross margin. */
export const useSaveFinance = () =>
  useSaveSetting<Finance>(FINANCE_KEY, (body) => call(settingsApi.setFinance, { body }));
