/** The demo's health scores: the default scorecards and 90 days of daily history, so trends and "why did it change" have something to show. */
import { performance } from 'node:perf_hooks';
import { DEFAULT_SCORECARDS } from '../modules/health/defaults.js';
import type { Services } from '../services.js';
import { demoActor } from './write.js';

export const HEALTH_HISTORY_DAYS = 91;
export const DEMO_PRIMARY_COLOURS = { redBelow: 68, greenFrom: 82 } as const;

export async function seedDemoHealth(services: Pick<Services, 'health' | 'db'>) {
  const started = performance.now();
  if (!(await services.health.list()).length) {
    for (const card of DEFAULT_SCORECARDS) {
      // The demo's CS team has calibrated the overall colours on its own book (Health backtest
      // page): red is the bottom tenth or so, where churn runs several times the book's rate. The
      // shipped 40 / 70 suit a new installation that has not looked yet.
      await services.health.create(demoActor, card.primary ? { ...card, ...DEMO_PRIMARY_COLOURS } : card);
    }
  }
  await services.health.recompute({ historyDays: HEALTH_HISTORY_DAYS });
  const count = await services.db
    .selectFrom('health_snapshots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { snapshots: Number(count.n), seconds: Math.round((performance.now() - started) / 10) / 100 };
}
