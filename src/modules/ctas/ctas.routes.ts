import { z } from 'zod';
import { type App, idParams } from '../../http/types.js';
import {
  assignSchema,
  closeSchema,
  commentSchema,
  ctaCountsSchema,
  ctaDetailSchema,
  ctaListQuerySchema,
  ctaSchema,
  effectivenessSchema,
  flagSchema,
  manualCtaSchema,
  meetingNoteInputSchema,
  meetingNoteSchema,
  snoozeSchema,
  taskEmailDraftSchema,
  taskEmailSendSchema,
  taskPatchSchema,
} from '../../shared/ctas.js';
import type { CtaService } from './ctas.service.js';
import type { TaskEmails } from './task-emails.js';

const tags = ['ctas'];
const taskParams = z.object({ id: z.uuid(), taskId: z.uuid() });

/** Working CTAs: the cockpit list, detail, and every action a CSM takes on one. */
export function ctaRoutes(
  app: App,
  {
    ctas,
    taskEmails,
    clock,
    timeZone,
  }: {
    ctas: CtaService;
    taskEmails: TaskEmails<Awaited<ReturnType<CtaService['detail']>>>;
    clock: { today(tz: string): string };
    timeZone: string;
  },
) {
  app.get('/api/ctas', {
    config: { access: 'read' },
    schema: {
      tags,
      querystring: ctaListQuerySchema,
      response: { 200: z.object({ items: z.array(ctaSchema), total: z.number().int(), counts: ctaCountsSchema }) },
    },
    handler: (request) => ctas.list(request.actor, request.query),
  });
  app.post('/api/ctas', {
    config: { access: 'write' },
    schema: { tags, body: manualCtaSchema, response: { 201: ctaDetailSchema } },
    handler: async (request, reply) => reply.status(201).send(await ctas.open(request.actor, request.body)),
  });
  app.get('/api/ctas/meeting', {
    config: { access: 'read' },
    schema: {
      tags,
      querystring: z.object({ on: z.iso.date().optional() }),
      response: {
        200: z.object({
          meetingOn: z.string(),
          items: z.array(ctaSchema.extend({ meetingNotes: z.array(meetingNoteSchema) })),
        }),
      },
    },
    handler: (request) => ctas.meeting(request.query.on ?? clock.today(timeZone)),
  });
  app.get('/api/ctas/effectiveness', {
    config: { access: 'read' },
    schema: { tags, response: { 200: effectivenessSchema } },
    handler: () => ctas.effectiveness(),
  });
  app.get('/api/ctas/:id', {
    config: { access: 'read' },
    schema: { tags, params: idParams, response: { 200: ctaDetailSchema } },
    handler: (request) => ctas.detail(request.params.id),
  });
  app.post('/api/ctas/:id/comments', {
    config: { access: 'write' },
    schema: { tags, params: idParams, body: commentSchema, response: { 200: ctaDetailSchema } },
    handler: (request) => ctas.comment(request.actor, request.params.id, request.body.body),
  });
  app.patch('/api/ctas/:id/tasks/:taskId', {
    config: { access: 'write' },
    schema: { tags, params: taskParams, body: taskPatchSchema, response: { 200: ctaDetailSchema } },
    handler: (request) => ctas.setTask(request.actor, request.params.id, request.params.taskId, request.body.done),
  });
  app.get('/api/ctas/:id/tasks/:taskId/email', {
    config: { access: 'write' },
    schema: {
      tags,
      summary: 'The task email drafted from its template, in the customer’s language, for the primary contact',
      params: taskParams,
      response: { 200: taskEmailDraftSchema },
    },
    handler: (request) => taskEmails.draft(request.params.id, request.params.taskId),
  });
  app.post('/api/ctas/:id/tasks/:taskId/email', {
    config: { access: 'write' },
    schema: {
      tags,
      summary: 'Sends the (edited) task email to the primary contact once, logs it on the timeline and ticks the task',
      params: taskParams,
      body: taskEmailSendSchema,
      response: { 200: ctaDetailSchema },
    },
    handler: (request) => taskEmails.send(request.actor, request.params.id, request.params.taskId, request.body),
  });
  app.post('/api/ctas/:id/snooze', {
    config: { access: 'write' },
    schema: { tags, params: idParams, body: snoozeSchema, response: { 200: ctaDetailSchema } },
    handler: (request) => ctas.snooze(request.actor, request.params.id, request.body.until, request.body.reason),
  });
  app.post('/api/ctas/:id/wake', {
    config: { access: 'write' },
    schema: { tags, params: idParams, response: { 200: ctaDetailSchema } },
    handler: (request) => ctas.wake(request.actor, request.params.id),
  });
  app.post('/api/ctas/:id/flag', {
    config: { access: 'write' },
    schema: { tags, params: idParams, body: flagSchema, response: { 200: ctaDetailSchema } },
    handler: (request) => ctas.flag(request.actor, request.params.id, request.body.flagged, request.body.reason),
  });
  app.post('/api/ctas/:id/assign', {
    config: { access: 'write' },
    schema: { tags, params: idParams, body: assignSchema, response: { 200: ctaDetailSchema } },
    handler: (request) => ctas.assign(request.actor, request.params.id, request.body.ownerId),
  });
  app.post('/api/ctas/:id/close', {
    config: { access: 'write' },
    schema: { tags, params: idParams, body: closeSchema, response: { 200: ctaDetailSchema } },
    handler: (request) => ctas.close(request.actor, request.params.id, request.body.outcome, request.body.reason),
  });
  app.post('/api/ctas/:id/meeting-notes', {
    config: { access: 'write' },
    schema: { tags, params: idParams, body: meetingNoteInputSchema, response: { 200: ctaDetailSchema } },
    handler: (request) => ctas.addMeetingNote(request.actor, request.params.id, request.body),
  });
}
