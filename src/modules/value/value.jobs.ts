import { z } from 'zod';
import { defineJob } from '../../jobs/types.js';
import { systemActor } from '../audit/actor.js';
import { monthSchema } from '../../shared/value.js';

/**
 * On the first of each month (06:00 server time, well after midnight in the organisation's zone for the
 * usual ones) the scan queues one send per opted-in account for the month before; each send claims its
 * (account, month) row, so a second scan, a retry or a duplicate job sends nothing twice. The scan also
 * runs daily so a month whose run was missed (a worker down on the 1st) still goes out within a day.
 */
export const valueReportJobs = [
  defineJob({
    name: 'value-reports-scan',
    uses: ['valueReports', 'jobs'],
    schema: z.object({ month: monthSchema.optional() }),
    cron: '0 6 * * *',
    singletonKey: () => 'scan',
    async handler({ month }, { services }) {
      const target = month ?? services.valueReports.lastMonth();
      for (const accountId of await services.valueReports.due(target))
        await services.jobs.send('value-report-send', { accountId, month: target });
    },
  }),
  defineJob({
    name: 'value-report-send',
    uses: ['valueReports'],
    schema: z.object({ accountId: z.uuid(), month: monthSchema }),
    singletonKey: ({ accountId, month }) => `${accountId}:${month}`,
    retryLimit: 5,
    retryDelaySeconds: 60,
    async handler({ accountId, month }, { services }) {
      // Messaging leaves out a contact who unsubscribed from our mail, or whose address bounced or complained.
      await services.valueReports.send(systemActor, accountId, month);
    },
  }),
];
