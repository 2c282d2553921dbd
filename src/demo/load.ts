import type { Services } from '../services.js';
import { cliActor } from '../modules/audit/actor.js';

export interface DemoOptions {
  seed: number;
  timeZone: string;
  currency: string;
}

export interface DemoResult {
  users: number;
  accounts: number;
  contacts: number;
}

export const DEMO_ADMIN = { email: 'admin@tenure.demo', password: 'tenure-demo' };

/** Loads the demo company (placeholder: the team only; the generator fills in the customers). */
export async function loadDemo(services: Services, _options: DemoOptions): Promise<DemoResult> {
  if (!(await services.users.findByEmail(DEMO_ADMIN.email))) {
    await services.users.create(cliActor, { email: DEMO_ADMIN.email, name: 'Demo Admin', role: 'admin', password: DEMO_ADMIN.password });
  }
  return { users: 1, accounts: 0, contacts: 0 };
}

/** First start only: an installation that already has accounts or users is left alone. */
export async function loadDemoIfEmpty(services: Services, options: DemoOptions): Promise<DemoResult | undefined> {
  const existing = await services.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return undefined;
  return loadDemo(services, options);
}
