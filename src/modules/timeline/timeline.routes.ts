import { z } from 'zod';
import { type App, idParams, pageQuery } from '../../http/types.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { TimelineService } from './timeline.service.js';

const ACTIVITY_TYPES = ['note', 'call', 'meeting', 'visit', 'email', 'qbr', 'system'] as const;
/** People log these by hand; emails, QBRs and system events are written by Tenure itself. */
const LOGGABLE = ['note', 'call', 'meeting', 'visit'] as const;

const activitySchema = z.object({
  id: z.string(),
  accountId: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  occurredAt: z.date(),
  createdAt: z.date(),
});

export function timelineRoutes(
  app: App,
  { timeline, accounts }: { timeline: TimelineService; accounts: Pick<AccountService, 'get'> },
) {
  app.get('/api/accounts/:id/timeline', {
    config: { access: 'read' },
    schema: {
      tags: ['timeline'],
      params: idParams,
      querystring: pageQuery.extend({
        types: z
          .string()
          .optional()
          .transform((v) => (v ? v.split(',') : []))
          .pipe(z.array(z.enum(ACTIVITY_TYPES))),
      }),
      response: { 200: z.object({ items: z.array(activitySchema), total: z.number() }) },
    },
    handler: async (request) => {
      await accounts.get(request.params.id);
      return timeline.list(request.params.id, request.query);
    },
  });

  app.post('/api/accounts/:id/timeline', {
    config: { access: 'write' },
    schema: {
      tags: ['timeline'],
      params: idParams,
      body: z
        .object({
          type: z.enum(LOGGABLE),
          subject: z.string().trim().max(300).nullable().optional(),
          body: z.string().trim().max(20_000).nullable().optional(),
          contactId: z.uuid().nullable().optional(),
          occurredAt: z.iso.datetime({ offset: true }).optional(),
        })
        .refine((a) => Boolean(a.subject || a.body), { path: ['body'], message: 'errors.activityEmpty' }),
      response: { 201: activitySchema },
    },
    handler: async (request, reply) => {
      await accounts.get(request.params.id);
      return reply.status(201).send(await timeline.add(request.actor, request.params.id, request.body));
    },
  });
}
