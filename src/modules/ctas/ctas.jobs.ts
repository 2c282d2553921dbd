import { z } from 'zod';
import type { AccountsChangedListener } from '../../jobs/signals.js';
import { defineJob } from '../../jobs/types.js';

/**
 * Rule evaluation in the background: hourly over every account, and on demand for the accounts
 * whose data just arrived (the data-arrival signal calls `ctasOnAccountsChanged`). Idempotent:
 * the partial unique index means a rerun opens nothing twice.
 */
export const ctasJobs = [
  defineJob({
    name: 'ctas-rules-run',
    uses: ['ctas'],
    schema: z.object({ accountIds: z.array(z.uuid()).max(10_000).optional() }),
    cron: '15 * * * *',
    singletonKey: (p) => (p.accountIds ? undefined : 'all'),
    handler: async (payload, { services, now }) => {
      await services.ctas.runRules({ accountIds: payload.accountIds, asOf: now });
    },
  }),
];

/** New usage, tickets, NPS or billing for these accounts: evaluate the rules for them now. */
export const ctasOnAccountsChanged: AccountsChangedListener<'ctas'> = async (accountIds, { services, now }) => {
  await services.ctas.runRules({ accountIds, asOf: now });
};
