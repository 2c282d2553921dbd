import type { JourneyDefinitionInput } from '../../shared/journeys.js';

/** Shared by the journeys tests and the bench: templates' subjects name the step, so a mail says which it was. */
export const DAY = 24 * 60;

/**
 * The worked example of docs/journeys.md, tech-touch onboarding: day 0 welcome; day 3 a key-behaviour tip
 * if not activated; day 14 a CTA to the CSM (or the pooled queue) if still not activated; day 30 NPS.
 */
export function techTouchOnboarding(templates: {
  welcome: string;
  tip: string;
  npsSurvey: string;
}): JourneyDefinitionInput {
  const activated = {
    match: 'all' as const,
    conditions: [{ field: 'attributes.activated', op: 'eq' as const, value: 'yes' }],
  };
  return {
    scope: 'account',
    entry: { kind: 'manual' },
    reentry: 'never',
    start: 'welcome',
    steps: [
      { id: 'welcome', kind: 'send', templateId: templates.welcome, next: 'day-3' },
      { id: 'day-3', kind: 'wait', mode: 'duration', minutes: 3 * DAY, next: 'activated-3' },
      { id: 'activated-3', kind: 'branch', rules: activated, yes: 'day-14', no: 'tip' },
      { id: 'tip', kind: 'send', templateId: templates.tip, next: 'day-14' },
      { id: 'day-14', kind: 'wait', mode: 'duration', minutes: 11 * DAY, next: 'activated-14' },
      { id: 'activated-14', kind: 'branch', rules: activated, yes: 'day-30', no: 'call' },
      {
        id: 'call',
        kind: 'cta',
        title: 'Onboarding stalled: call the customer',
        priority: 'high',
        dueInDays: 3,
        next: 'day-30',
      },
      { id: 'day-30', kind: 'wait', mode: 'duration', minutes: 16 * DAY, next: 'nps' },
      { id: 'nps', kind: 'survey', surveyId: templates.npsSurvey, next: null },
    ],
  };
}
