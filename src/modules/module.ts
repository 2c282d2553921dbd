import type { Command } from 'commander';
import type { Config } from '../config.js';
import type { App } from '../http/types.js';
import type { AccountsChangedListener } from '../jobs/signals.js';
import type { JobDefinition } from '../jobs/types.js';
import type { Services } from '../services.js';

/** What a module's routes get: every service (each routes function takes the few it uses) and the configuration. */
export interface ModuleContext {
  services: Services;
  config: Config;
}

/** What a module's CLI commands get (src/cli.ts): services on a database opened for one command, and the printer. */
export interface CliContext {
  withServices<T>(fn: (services: Services) => Promise<T>): Promise<T>;
  print(json: boolean | undefined, data: unknown, text: () => string): void;
}

/**
 * One module's manifest: everything the composition roots need to know about it. Each module folder
 * exports one from `<domain>.module.ts`; `src/modules/index.ts` lists them, and the app (routes), the
 * job registry (jobs, account-change listeners) and the CLI loop over that list. Services are wired
 * in `src/services.ts` (their dependencies on one another are real and explicit there).
 */
export interface TenureModule {
  /** The folder name under src/modules. */
  name: string;
  /** Registers the module's HTTP routes (and any onClose hook they need); called in list order. */
  routes?(app: App, context: ModuleContext): void | Promise<void>;
  /** Background work (src/jobs/types.ts); the job registry queues every module's. */
  jobs?: readonly JobDefinition<any, any, string>[];
  /**
   * Reacts to new data for accounts (the data-arrival signal, src/jobs/signals.ts). Listeners run in
   * ascending `order`, so the sequence is stated where each module joins it and checked in one place
   * (src/jobs/registry.ts): lifecycle 10, welcome 20, health 30, ctas 40.
   */
  onAccountsChanged?: { order: number; listener: AccountsChangedListener };
  /** Adds `tenure <command> …` commands. */
  cli?(program: Command, context: CliContext): void;
}

/** Keeps the manifest's literal types (job names, payloads) while checking it against TenureModule. */
export const defineModule = <const M extends TenureModule>(module: M): M => module;
