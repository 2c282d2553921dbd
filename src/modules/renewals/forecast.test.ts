import { describe, expect, it } from 'vitest';
import {
  defaultCategory,
  type ForecastRow,
  forecastWindow,
  renewalProbability,
  targetCalculation,
} from './forecast.js';

const row = (over: Partial<ForecastRow>): ForecastRow => ({
  accountId: over.accountName ?? 'x',
  accountName: 'x',
  renewsOn: '2026-07-01',
  daysLeft: 30,
  arrMinor: 100_000,
  modelProbability: null,
  category: 'likely',
  outcome: null,
  ownerId: 'u1',
  ownerName: 'Ann',
  segmentId: 's1',
  segmentName: 'SMB',
  ...over,
});

describe('forecast categories and probabilities', () => {
  it('defaults the category from the model, else from health, else likely', () => {
    expect(defaultCategory(0.9, 'red')).toBe('commit');
    expect(defaultCategory(0.85, null)).toBe('commit');
    expect(defaultCategory(0.5, null)).toBe('likely');
    expect(defaultCategory(0.49, 'green')).toBe('at_risk');
    expect(defaultCategory(null, 'red')).toBe('at_risk');
    expect(defaultCategory(null, 'green')).toBe('likely');
    expect(defaultCategory(null, null)).toBe('likely');
  });

  it('counts with the model, else the category fallback; lost is 0 and a recorded outcome is certain', () => {
    expect(renewalProbability(row({ modelProbability: 0.62 }))).toEqual({ probability: 0.62, source: 'model' });
    expect(renewalProbability(row({ category: 'commit' }))).toEqual({ probability: 0.95, source: 'category' });
    expect(renewalProbability(row({ category: 'at_risk' }))).toEqual({ probability: 0.35, source: 'category' });
    expect(renewalProbability(row({ category: 'lost', modelProbability: 0.8 }))).toEqual({
      probability: 0,
      source: 'category',
    });
    expect(renewalProbability(row({ outcome: 'churned', modelProbability: 0.8 }))).toEqual({
      probability: 0,
      source: 'outcome',
    });
    expect(renewalProbability(row({ outcome: 'downgraded' }))).toEqual({ probability: 1, source: 'outcome' });
  });
});

describe('forecast sums', () => {
  const rows = [
    row({ accountName: 'a', arrMinor: 1_000_000, category: 'commit', daysLeft: 10 }),
    row({ accountName: 'b', arrMinor: 400_000, modelProbability: 0.5, daysLeft: 89, ownerId: 'u2', ownerName: 'Bo' }),
    row({ accountName: 'c', arrMinor: 200_000, category: 'at_risk', daysLeft: 90, segmentId: null, segmentName: null }),
    row({ accountName: 'd', arrMinor: 3_000_000, daysLeft: 91 }),
  ];

  it('adds probability × ARR inside the window, by CSM and by segment', () => {
    const w90 = forecastWindow(rows, 90);
    // 0.95 × 1,000,000 + 0.5 × 400,000 + 0.35 × 200,000 = 950,000 + 200,000 + 70,000
    expect(w90).toMatchObject({
      renewals: 3,
      pipelineMinor: 1_600_000,
      forecastMinor: 1_220_000,
      committedMinor: 1_000_000,
      sources: { model: 1, category: 2, outcome: 0 },
    });
    expect(w90.byOwner).toEqual([
      {
        id: 'u1',
        name: 'Ann',
        renewals: 2,
        pipelineMinor: 1_200_000,
        forecastMinor: 1_020_000,
        committedMinor: 1_000_000,
      },
      { id: 'u2', name: 'Bo', renewals: 1, pipelineMinor: 400_000, forecastMinor: 200_000, committedMinor: 0 },
    ]);
    expect(w90.bySegment).toEqual([
      {
        id: 's1',
        name: 'SMB',
        renewals: 2,
        pipelineMinor: 1_400_000,
        forecastMinor: 1_150_000,
        committedMinor: 1_000_000,
      },
      { id: null, name: null, renewals: 1, pipelineMinor: 200_000, forecastMinor: 70_000, committedMinor: 0 },
    ]);
    // d (likely, 0.75 × 3,000,000) joins at 180 days.
    expect(forecastWindow(rows, 180)).toMatchObject({
      renewals: 4,
      pipelineMinor: 4_600_000,
      forecastMinor: 3_470_000,
    });
  });
});

describe('how many at-risk accounts must turn healthy', () => {
  // Healthy level = mean of commit (0.95) and likely (0.75) = 0.85.
  const rows = [
    row({ accountName: 'commit', arrMinor: 1_000_000, category: 'commit' }),
    row({ accountName: 'likely', arrMinor: 1_000_000 }),
    row({ accountName: 'big', arrMinor: 2_000_000, category: 'at_risk' }),
    row({ accountName: 'mid', arrMinor: 1_000_000, category: 'at_risk' }),
    row({ accountName: 'small', arrMinor: 200_000, category: 'at_risk', modelProbability: 0.05 }),
    row({ accountName: 'gone', arrMinor: 5_000_000, category: 'lost' }),
  ];
  // forecast = 950,000 + 750,000 + 700,000 + 350,000 + 10,000 + 0 = 2,760,000
  // gains: big 0.5 × 2,000,000 = 1,000,000; mid 500,000; small 0.8 × 200,000 = 160,000

  it('takes the biggest gains first and stops when the gap is closed', () => {
    const r = targetCalculation(rows, 4_000_000);
    expect(r.forecastMinor).toBe(2_760_000);
    expect(r.gapMinor).toBe(1_240_000);
    expect(r.healthyLevel).toBeCloseTo(0.85, 10);
    expect(r.reachable).toBe(true);
    expect(r.accounts.map((a) => [a.accountName, a.gainMinor])).toEqual([
      ['big', 1_000_000],
      ['mid', 500_000],
    ]);
    expect(targetCalculation(rows, 3_700_000).accounts.map((a) => a.accountName)).toEqual(['big']);
  });

  it('says when the target is already met, and when it cannot be met', () => {
    expect(targetCalculation(rows, 2_000_000)).toMatchObject({ reachable: true, accounts: [], gapMinor: -760_000 });
    const r = targetCalculation(rows, 10_000_000);
    expect(r.reachable).toBe(false);
    expect(r.accounts.map((a) => a.accountName)).toEqual(['big', 'mid', 'small']);
  });

  it('uses the likely fallback as the healthy level when no renewal is healthy', () => {
    const r = targetCalculation([row({ accountName: 'only', arrMinor: 1_000_000, category: 'at_risk' })], 700_000);
    expect(r.healthyLevel).toBe(0.75);
    // 350,000 now; turning healthy adds 400,000.
    expect(r.accounts).toEqual([
      { accountId: 'only', accountName: 'only', arrMinor: 1_000_000, probability: 0.35, gainMinor: 400_000 },
    ]);
  });
});
