import { defineModule } from '../module.js';
import { factJobs, factsOnAccountsChanged } from './facts.jobs.js';
import { createFactService, type FactService } from './facts.service.js';

declare module '../module.js' {
  interface ModuleServices {
    facts: FactService;
  }
}

/**
 * Account facts: the hot figures lists sort and filter on (account_facts, owned by accounts, written
 * through its service). A leaf: it reads the owners' read models, nothing depends on it.
 */
export const factsModule = defineModule({
  name: 'facts',
  services: ({ services }) => ({ facts: createFactService(services) }),
  jobs: factJobs,
  onAccountsChanged: { order: 50, listener: factsOnAccountsChanged },
  cli(program, { withServices, print }) {
    program
      .command('facts')
      .description('account facts for lists (docs/lists.md)')
      .command('refresh')
      .description('bring every account’s hot figures up to date now (the server does it hourly)')
      .option('--json', 'print JSON')
      .action((options: { json?: boolean }) =>
        withServices(async (services) => {
          const started = performance.now();
          await services.facts.refresh();
          const seconds = Math.round((performance.now() - started) / 10) / 100;
          print(options.json, { seconds }, () => `account facts refreshed in ${seconds} s`);
        }),
      );
  },
});
