import { lifecycleJobs, lifecycleOnAccountsChanged } from '../modules/lifecycle/lifecycle.jobs.js';
import { healthJobs, healthOnAccountsChanged } from '../modules/health/health.jobs.js';
import { ctasJobs, ctasOnAccountsChanged } from '../modules/ctas/ctas.jobs.js';
import { predictionJobs } from '../modules/prediction/prediction.jobs.js';
import { notificationJobs } from '../modules/notifications/notifications.jobs.js';
import { welcomeJobs, welcomeOnAccountsChanged } from '../modules/welcome/welcome.jobs.js';
import { type AccountsChangedListener, signalJob } from './signals.js';
import type { JobDefinition } from './types.js';

/**
 * Listeners for new account data (usage roll-ups, imports, Stripe), called in this order.
 */
export const onAccountsChanged: AccountsChangedListener[] = [
  lifecycleOnAccountsChanged,
  welcomeOnAccountsChanged,
  // Health before the rules: "health red for N weeks" reads the fresh score.
  healthOnAccountsChanged,
  ctasOnAccountsChanged,
];

/** Every module's jobs. Adding a module's array is one line: `...healthJobs,`. */
export const jobs: JobDefinition<any>[] = [
  signalJob(onAccountsChanged),
  ...lifecycleJobs,
  ...welcomeJobs,
  ...notificationJobs,
  ...predictionJobs,
  ...healthJobs,
  ...ctasJobs,
];
