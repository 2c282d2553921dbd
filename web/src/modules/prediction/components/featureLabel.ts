import type { TFunction } from 'i18next';

/** Built-in feature columns have catalog names; account attributes are shown as they are called. */
export const BUILT_IN_COLUMNS = [
  'events_30d',
  'active_users_30d',
  'core_modules_30d',
  'activity_trend',
  'tickets_90d',
  'urgent_tickets_90d',
  'open_tickets',
  'nps_latest',
  'nps_average',
  'days_to_live',
  'tenure_days',
  'mrr',
  'seats',
  'segment',
  'tier',
  // Built-in account columns (family "account").
  'industry',
  'employees',
  'region',
] as const;

export function featureName(t: TFunction, feature: string, family?: string) {
  if (family === 'attributes') return feature;
  return (BUILT_IN_COLUMNS as readonly string[]).includes(feature) ? t(`prediction.feature.${feature}`) : feature;
}

export function factorText(t: TFunction, factor: { feature: string; level: string | null }) {
  const name = featureName(t, factor.feature);
  if (factor.level === null) return name;
  return `${name} = ${factor.level === '(blank)' ? t('prediction.blank') : factor.level}`;
}
