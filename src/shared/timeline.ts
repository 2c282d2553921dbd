import { z } from 'zod';
import { endpoint, idParams, pageQuery, type Wire } from './endpoint.js';

/** `ticket` and `nps` entries are read from the tickets and NPS answers themselves (their modules' read models). */
export const ACTIVITY_TYPES = ['note', 'call', 'meeting', 'visit', 'email', 'qbr', 'system', 'ticket', 'nps'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
/**
 * People log these by hand; emails and system events are written by Tenure itself. A `qbr` is a business
 * review held (QBR or EBR: `reviewKind`, kept as `data.kind`); it moves the next review's due date
 * (docs/business-reviews.md).
 */
export const LOGGABLE_TYPES = ['note', 'call', 'meeting', 'visit', 'qbr'] as const;
export type LoggableType = (typeof LOGGABLE_TYPES)[number];

export const activitySchema = z.object({
  id: z.string(),
  accountId: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  /** System events: a catalog key and its parameters, rendered in the reader's language. */
  data: z.record(z.string(), z.unknown()),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  occurredAt: z.date(),
  createdAt: z.date(),
});
export type Activity = Wire<z.output<typeof activitySchema>>;

export const timelineQuerySchema = pageQuery.extend({
  types: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',') : []))
    .pipe(z.array(z.enum(ACTIVITY_TYPES))),
});
export type TimelineQuery = z.output<typeof timelineQuerySchema>;

export const activityInputSchema = z
  .object({
    type: z.enum(LOGGABLE_TYPES),
    subject: z.string().trim().max(300).nullable().optional(),
    body: z.string().trim().max(20_000).nullable().optional(),
    contactId: z.uuid().nullable().optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    reviewKind: z.enum(['qbr', 'ebr']).optional(),
  })
  // A business review is worth logging without notes: that it was held moves the next one's date.
  .refine((a) => Boolean(a.subject || a.body || a.type === 'qbr'), { path: ['body'], message: 'errors.activityEmpty' });
export type ActivityInput = z.infer<typeof activityInputSchema>;

/** An account's timeline (src/shared/endpoint.ts); `id` is the account's. */
export const timelineApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/timeline',
    params: idParams,
    query: timelineQuerySchema,
    response: z.object({ items: z.array(activitySchema), total: z.number() }),
  }),
  add: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/timeline',
    params: idParams,
    body: activityInputSchema,
    response: activitySchema,
    status: 201,
  }),
};
