import type { TFunction } from 'i18next';
import type { Activity } from '@shared/timeline';
import { formatList } from '../../lib/format';

const translateStage = (t: TFunction, v: unknown) => (v ? t(`stages.${String(v)}`) : t('common.none'));
const translateField = (t: TFunction, f: string) => t(`fields.${f}`, { defaultValue: f });

/**
 * A system event in the reader's language: the server stores a catalog key and raw parameters
 * (stage codes, column names), which are translated here before interpolation.
 */
export function systemEventText(t: TFunction, activity: Pick<Activity, 'data' | 'subject' | 'body'>): string {
  // The timeline service writes system events' data as { key, params }; other activities carry none.
  const { key, params = {} } = (activity.data ?? {}) as { key?: string; params?: Record<string, unknown> };
  if (!key) return activity.subject ?? activity.body ?? t('timeline.systemEvent');
  const values: Record<string, unknown> = { ...params };
  if ('from' in params) values.from = translateStage(t, params.from);
  if ('to' in params) values.to = translateStage(t, params.to);
  if (Array.isArray(params.fields)) values.fields = formatList(params.fields.map((f) => translateField(t, String(f))));
  if ('plan' in params) values.plan = params.plan ?? t('subscriptions.noPlan');
  // Renewal-centre events carry codes of their own vocabularies.
  const codes: [string, string][] = [
    ['category', 'categories'],
    ['outcome', 'outcomes'],
    ['reason', 'reasons'],
    ['source', 'sources'],
    ['fromStage', 'stages'],
    ['toStage', 'stages'],
    ['kind', 'kinds'],
  ];
  for (const [param, group] of codes)
    if (param in params && !key.startsWith('ctas.') && !key.startsWith('timeline.message'))
      values[param] = params[param] ? t(`renewals.${group}.${String(params[param])}`) : '';
  if (key === 'timeline.advocacy' && 'stage' in params)
    values.stage = t(`renewals.advocacyStages.${String(params.stage)}`);
  // CTA and milestone events (src/modules/ctas): shipped rules and milestones are named by key.
  if ('ctaType' in params) values.ctaType = t(`ctas.type.${String(params.ctaType)}`);
  if ('outcome' in params && key.startsWith('ctas.')) values.outcome = t(`ctas.outcome.${String(params.outcome)}`);
  if ('ruleName' in params)
    values.ruleName = params.rule
      ? t(`ctas.rule.${String(params.rule)}`, { defaultValue: String(params.ruleName) })
      : params.ruleName;
  if ('milestone' in params)
    values.milestone = params.milestoneKey
      ? t(`ctas.milestone.${String(params.milestoneKey)}`, { defaultValue: String(params.milestone) })
      : params.milestone;
  // Customer messages (src/modules/messaging): why a send was skipped.
  if (key === 'timeline.messageSkipped' && params.reason)
    values.reason = t(`messaging.reasons.${String(params.reason)}`, { defaultValue: String(params.reason) });
  // Ticket and NPS entries (read from the tickets and answers themselves).
  if (key.startsWith('timeline.ticket') && 'priority' in params)
    values.priority = t(`support.priorities.${String(params.priority)}`);
  if ('npsCategory' in params) values.npsCategory = t(`support.nps.categories.${String(params.npsCategory)}`);
  return t(key, { ...values, defaultValue: activity.subject ?? t('timeline.systemEvent') });
}
