import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

/** GET/PUT /api/settings/fx-rates: units of each currency (ISO 4217 code) per 1 USD. */
export type FxRates = Record<string, number>;

/** One month (YYYY-MM) of GET/PUT /api/settings/finance; a blank gross margin carries the latest earlier one. */
export interface FinanceMonth {
  /** Sales & marketing spend in minor units of the base currency. */
  salesMarketingSpendMinor?: number | null;
  /** 0–1. */
  grossMargin?: number | null;
}
export type Finance = Record<string, FinanceMonth>;

const FX_KEY = ['settings', 'fx-rates'];
const FINANCE_KEY = ['settings', 'finance'];

export function useFxRates() {
  return useQuery({ queryKey: FX_KEY, queryFn: () => api.get<FxRates>('/api/settings/fx-rates') });
}

export function useFinance() {
  return useQuery({ queryKey: FINANCE_KEY, queryFn: () => api.get<Finance>('/api/settings/finance') });
}

/** Both settings feed every revenue figure: after a change the reports are computed again. */
function useSaveSetting<T>(key: string[], path: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (value: T) => api.put<T>(path, value),
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      void client.invalidateQueries({ queryKey: ['metrics'] });
    },
  });
}

/** Replaces the whole exchange-rate table. */
export const useSaveFxRates = () => useSaveSetting<FxRates>(FX_KEY, '/api/settings/fx-rates');

/** Replaces every month's spend and gross margin. */
export const useSaveFinance = () => useSaveSetting<Finance>(FINANCE_KEY, '/api/settings/finance');
