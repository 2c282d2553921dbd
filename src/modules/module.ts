import type { Command } from 'commander';
import type { Config } from '../config.js';
import type { App } from '../http/types.js';
import type { AccountsChangedListener } from '../jobs/signals.js';
import type { JobDefinition } from '../jobs/types.js';
import type { CoreServices, Services } from '../services.js';

/** What a module's routes get: every service (each routes function takes the few it uses) and the configuration. */
export interface ModuleContext {
  services: Services;
  config: Config;
}

/**
 * The services modules add through their manifest's `services` factory, by name. A module declares
 * its own next to the manifest, and they become part of `Services`:
 * `declare module '../module.js' { interface ModuleServices { views: ViewService } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging, one module at a time
export interface ModuleServices {}

/** What a module's service factory gets: the services wired in src/services.ts. */
export interface ServiceContext {
  services: CoreServices;
  /** The few settings of the environment a leaf service reads (public URL for links, default language). */
  config: Partial<Pick<Config, 'TENURE_PUBLIC_URL' | 'TENURE_LOCALE' | 'TENURE_ALLOW_PRIVATE_WEBHOOKS'>>;
  /**
   * Every service, other leaf modules' included: for one leaf module calling another (the value report
   * sends through messaging). Call it when the service is used, not while building: they are built together.
   */
  all: () => Services;
}

/** What a module's CLI commands get (src/cli.ts): services on a database opened for one command, and the printer. */
export interface CliContext {
  withServices<T>(fn: (services: Services, config: Config) => Promise<T>): Promise<T>;
  print(json: boolean | undefined, data: unknown, text: () => string): void;
}

/**
 * One module's manifest: everything the composition roots need to know about it. Each module folder
 * exports one from `<domain>.module.ts`; `src/modules/index.ts` lists them, and the app (routes), the
 * job registry (jobs, account-change listeners), the CLI and src/services.ts loop over that list.
 * Services the others depend on are wired explicitly in src/services.ts (those dependencies are real
 * and ordered); a module's own leaf services come from its manifest's `services` factory.
 */
export interface TenureModule {
  /** The folder name under src/modules. */
  name: string;
  /**
   * Builds the module's services (declared in `ModuleServices`) from those wired in src/services.ts.
   * For a module that other services do not depend on; a service others need is wired there, in
   * dependency order.
   */
  services?(context: ServiceContext): Partial<ModuleServices>;
  /** Registers the module's HTTP routes (and any onClose hook they need); called in list order. */
  routes?(app: App, context: ModuleContext): void | Promise<void>;
  /** Background work (src/jobs/types.ts); the job registry queues every module's. */
  jobs?: readonly JobDefinition<any, any, string>[];
  /**
   * Reacts to new data for accounts (the data-arrival signal, src/jobs/signals.ts). Listeners run in
   * ascending `order`, so the sequence is stated where each module joins it and checked in one place
   * (src/jobs/registry.ts): lifecycle 10, welcome 20, health 30, ctas 40, facts 50, surveys 60, journeys 70.
   */
  onAccountsChanged?: { order: number; listener: AccountsChangedListener };
  /** Adds `tenure <command> …` commands. */
  cli?(program: Command, context: CliContext): void;
}

/** Keeps the manifest's literal types (job names, payloads) while checking it against TenureModule. */
export const defineModule = <const M extends TenureModule>(module: M): M => module;
