/** The demo's health scores: the default scorecards and 90 days of daily history, so trends and "why did it change" have something to show. */
import { performance } from 'node:perf_hooks';
import { DEFAULT_SCORECARDS } from '../modules/health/defaults.js';
import type { Services } from '../services.js';
import { demoActor } from './write.js';

export const HEALTH_HISTORY_DAYS = 91;

export async function seedDemoHealth(services: Pick<Services, 'health' | 'db'>) {
  const started = performance.now();
  if (!(await services.health.list()).length) for (const card of DEFAULT_SCORECARDS) await services.health.create(demoActor, card);
  await services.health.recompute({ historyDays: HEALTH_HISTORY_DAYS });
  const count = await services.db.selectFrom('health_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { snapshots: Number(count.n), seconds: Math.round((performance.now() - started) / 10) / 100 };
}
