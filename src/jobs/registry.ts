import { lifecycleJobs, lifecycleOnAccountsChanged } from '../modules/lifecycle/lifecycle.jobs.js';
import { ctasJobs, ctasOnAccountsChanged } from '../modules/ctas/ctas.jobs.js';
import { predictionJobs } from '../modules/prediction/prediction.jobs.js';
import { notificationJobs } from '../modules/notifications/notifications.jobs.js';
import { welcomeJobs, welcomeOnAccountsChanged } from '../modules/welcome/welcome.jobs.js';
import { type AccountsChangedListener, signalJob } from './signals.js';
import type { JobDefinition } from './types.js';

/**
 * Listeners for new account data (usage roll-ups, imports, Stripe). Registering one is one line:
 * health recompute and rule evaluation are added here when their branches merge.
 */
export const onAccountsChanged: AccountsChangedListener[] = [lifecycleOnAccountsChanged, welcomeOnAccountsChanged, ctasOnAccountsChanged];

/** Every module's jobs. Adding a module's array is one line: `...healthJobs,`. */
export const jobs: JobDefinition<any>[] = [
  signalJob(onAccountsChanged),
  ...lifecycleJobs,
  ...welcomeJobs,
  ...notificationJobs,
  ...predictionJobs,
  ...ctasJobs,
];
