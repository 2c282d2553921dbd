/**
 * The scorecards a new installation (and the demo) starts with: an overall score for every
 * account, and an onboarding score for accounts in their first 90 days. Weights follow seed 004:
 * core-module use and activity first, tickets next, NPS and sentiment after. Their names are the
 * organisation's own configuration, written in one language (admins rename them).
 */
import type { ScorecardInput } from '../../shared/health.js';

export const DEFAULT_SCORECARDS: ScorecardInput[] = [
  {
    name: 'Overall health',
    description: 'Adoption, activity, support, NPS, billing and CSM sentiment',
    redBelow: 40,
    greenFrom: 70,
    primary: true,
    measures: [
      { type: 'active_users_per_seat', weight: 3, bad: 20, good: 70 },
      { type: 'core_module_breadth', weight: 2, bad: 0, good: 100 },
      { type: 'key_behaviour_frequency', weight: 2, bad: 0, good: 100 },
      { type: 'days_since_last_activity', weight: 1, bad: 10, good: 1 },
      { type: 'usage_trend', weight: 2, bad: -40, good: 5 },
      { type: 'open_tickets', weight: 1, bad: 4, good: 0 },
      { type: 'urgent_tickets', weight: 2, bad: 2, good: 0 },
      { type: 'ticket_trend', weight: 2, bad: 2, good: 0 },
      { type: 'nps_latest', weight: 2, bad: 4, good: 9 },
      { type: 'nps_average', weight: 1, bad: 4, good: 9 },
      { type: 'billing_status', weight: 1, bad: 0, good: 100 },
      { type: 'csm_sentiment', weight: 1, bad: 1, good: 5 },
    ],
  },
  {
    name: 'Onboarding',
    description: 'The first 90 days after the first payment',
    redBelow: 40,
    greenFrom: 70,
    maxTenureDays: 90,
    measures: [
      { type: 'active_users_per_seat', weight: 3, bad: 10, good: 60 },
      { type: 'key_behaviour_frequency', weight: 2, bad: 0, good: 75 },
      { type: 'core_module_breadth', weight: 2, bad: 0, good: 100 },
      { type: 'days_since_last_activity', weight: 1, bad: 10, good: 1 },
      { type: 'open_tickets', weight: 1, bad: 3, good: 0 },
      { type: 'milestones_on_time', weight: 2, bad: 50, good: 100 },
    ],
  },
];
