import type { z } from 'zod';
import { type moduleList, modules } from '../modules/index.js';
import { type AccountsChangedListener, signalJob } from './signals.js';
import type { AnyJobDefinition } from './types.js';

/**
 * Listeners for new account data (usage roll-ups, imports, Stripe), from every module's manifest,
 * called in ascending `order`: lifecycle, welcome, health (before the rules: "health red for N
 * weeks" reads the fresh score), the CTA rules, the account facts, then the survey after closed tickets.
 */
export const onAccountsChanged: AccountsChangedListener[] = modules
  .flatMap((m) => (m.onAccountsChanged ? [m.onAccountsChanged] : []))
  .sort((a, b) => a.order - b.order)
  .map((l) => l.listener);

const accountsChangedJob = signalJob(onAccountsChanged);

/** Every module's jobs (from src/modules/index.ts), and the data-arrival signal's. */
export const jobs: AnyJobDefinition[] = [accountsChangedJob, ...modules.flatMap((m) => m.jobs ?? [])];

type ModuleJob = Extract<(typeof moduleList)[number], { jobs: readonly unknown[] }>['jobs'][number];
type RegisteredJob = ModuleJob | typeof accountsChangedJob;

/** Job name → payload (the schema's output type): what `services.jobs.send(name, payload)` accepts. */
export type JobPayloads = { [J in RegisteredJob as J['name']]: z.infer<J['schema']> };
export type JobName = keyof JobPayloads;
