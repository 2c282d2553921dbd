import type { Condition } from '@shared/conditions';
import type { TFunction } from 'i18next';
import { describeCondition } from '../conditions/describe';
import { type DraftStep, splitMinutes } from './flow';

export interface SummaryLookups {
  templates: Map<string, { name: string; channel: string }>;
  segments: Map<string, string>;
  surveys: Map<string, string>;
}

/** "2 d 4 h", "30 min": a wait's length in the UI language. */
export function formatDuration(t: TFunction, minutes: number | undefined): string {
  if (!minutes) return '—';
  const { days, hours, minutes: rest } = splitMinutes(minutes);
  const parts = [
    days ? t('journeys.duration.days', { count: days }) : '',
    hours ? t('journeys.duration.hours', { count: hours }) : '',
    rest ? t('journeys.duration.minutes', { count: rest }) : '',
  ];
  return parts.filter(Boolean).join(' ');
}

export function describeRules(
  t: TFunction,
  rules: { match?: 'all' | 'any'; conditions: Condition[] } | undefined,
  segments?: Map<string, string>,
) {
  const conditions = rules?.conditions ?? [];
  if (!conditions.length) return t('journeys.summary.noCondition');
  const joiner = rules?.match === 'any' ? t('journeys.summary.or') : t('journeys.summary.and');
  return conditions.map((c) => describeCondition(t, c, { segments })).join(` ${joiner} `);
}

export const stepTitle = (t: TFunction, step: DraftStep) => step.label || t(`journeys.kinds.${step.kind}`);

/** One line under a step's title on the canvas: what it sends, how long it waits, what it checks. */
export function stepSummary(t: TFunction, step: DraftStep, lookups: SummaryLookups): string {
  switch (step.kind) {
    case 'send': {
      const template = lookups.templates.get(step.templateId);
      return template
        ? `${template.name} · ${t(`messaging.channels.${template.channel}`)}`
        : t('journeys.summary.noTemplate');
    }
    case 'survey':
      return lookups.surveys.get(step.surveyId) ?? t('journeys.summary.noSurvey');
    case 'wait': {
      const timeout = step.timeoutMinutes
        ? ` · ${t('journeys.summary.timeout', { duration: formatDuration(t, step.timeoutMinutes) })}`
        : '';
      if (step.mode === 'duration') return t('journeys.summary.waitFor', { duration: formatDuration(t, step.minutes) });
      if (step.mode === 'event') return t('journeys.summary.waitEvent', { event: step.event || '—' }) + timeout;
      return t('journeys.summary.waitUntil', { condition: describeRules(t, step.rules, lookups.segments) }) + timeout;
    }
    case 'branch':
      return describeRules(t, step.rules, lookups.segments);
    case 'cta':
      return step.title || t('journeys.summary.noTitle');
    case 'update_field':
      return step.key ? `${step.key} = ${String(step.value ?? '')}` : t('journeys.summary.noKey');
    case 'segment': {
      const name = lookups.segments.get(step.segmentId) ?? t('journeys.summary.noSegment');
      return t(`journeys.summary.segment_${step.action ?? 'add'}`, { segment: name });
    }
    case 'exit':
      return t('journeys.summary.exit');
  }
}
