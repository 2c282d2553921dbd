import type { HealthColor } from '../../shared/health.js';

/** What the Home reads of the onboarding risk report (services.onboardingRisk, milestones module). */
export interface OnboardingRiskReport {
  accounts: {
    accountId: string;
    accountName: string;
    colour: 'green' | 'yellow' | 'red';
    openCtas: number;
    arrMinor: number;
  }[];
}

/** Attention order of a health colour: red first, then yellow, no score, green. */
export const colourRank = (color: HealthColor | null) =>
  color === 'red' ? 0 : color === 'yellow' ? 1 : color === null ? 2 : 3;

export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
