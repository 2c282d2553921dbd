import type { CalendarDate } from './columns.js';

/** Each account's hot figures (0023; docs/lists.md): written by the owners' refreshes, read by lists. */
export interface AccountFactsTable {
  account_id: string;
  mrr_minor: number | null;
  arr_minor: number | null;
  plan: string | null;
  renewal_on: CalendarDate | null;
  health_score: number | null;
  health_color: 'red' | 'yellow' | 'green' | null;
  health_trend: number | null;
  /** The latest snapshot's day, and the colour of the snapshot the day before (0059). */
  health_day: CalendarDate | null;
  health_color_before: 'red' | 'yellow' | 'green' | null;
  renewal_probability: number | null;
  latest_nps: number | null;
  active_users_30d: number | null;
  open_ctas: number | null;
  fit_score: number | null;
  fit_grade: 'A' | 'B' | 'C' | 'D' | null;
  maturity_level: 'immature' | 'low' | 'medium' | 'high' | null;
  updated_at: Date;
}
