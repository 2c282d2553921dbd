import { z } from 'zod';
import { endpoint, idParams } from './endpoint.js';

/**
 * Monthly value reports (docs/value-reports.md): each opted-in account's contact gets, early each month, an
 * email of what the account did with the product in the month before — usage per module against the month
 * before that, active people, the key behaviour, milestones reached, tickets resolved. Off unless turned on
 * per account on the Customer 360.
 */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'errors.month');

export const valueReportSendSchema = z.object({
  month: z.string(),
  status: z.enum(['claimed', 'sent', 'skipped', 'failed']),
  email: z.string().nullable(),
  locale: z.string().nullable(),
  error: z.string().nullable(),
  sentAt: z.date().nullable(),
});

export const valueReportStateSchema = z.object({
  enabled: z.boolean(),
  mailConfigured: z.boolean(),
  /** The built-in "Monthly value report" message template the report is sent with (editable in Messaging). */
  templateId: z.uuid(),
  /** The primary contact (greeted first; the report is in the account's language). */
  recipient: z.object({ name: z.string(), email: z.string(), locale: z.string() }).nullable(),
  /** The account's other contacts with an email: the report goes to them too, unless they opted out. */
  copies: z.array(z.object({ name: z.string(), email: z.string() })),
  sends: z.array(valueReportSendSchema),
});
export type ValueReportState = z.infer<typeof valueReportStateSchema>;

export const valueReportPreviewSchema = z.object({
  month: z.string(),
  locale: z.string(),
  to: z.string().nullable(),
  subject: z.string(),
  html: z.string(),
});

export const valueReportsApi = {
  state: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/value-report',
    params: idParams,
    response: valueReportStateSchema,
  }),
  setEnabled: endpoint({
    method: 'PUT',
    path: '/api/accounts/:id/value-report',
    params: idParams,
    body: z.object({ enabled: z.boolean() }),
    response: valueReportStateSchema,
  }),
  preview: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/value-report/preview',
    params: idParams,
    query: z.object({ month: monthSchema.optional() }),
    response: valueReportPreviewSchema,
  }),
  sendTest: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/value-report/test',
    params: idParams,
    body: z.object({ month: monthSchema.optional() }),
    response: z.object({ email: z.string(), status: z.enum(['sent', 'skipped']) }),
  }),
};
