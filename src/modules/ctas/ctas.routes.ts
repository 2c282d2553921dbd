import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { ctasApi } from '../../shared/ctas.js';
import type { CtaService } from './ctas.service.js';
import type { TaskEmails } from './task-emails.js';

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
  const tags = ['ctas'];
  route(app, ctasApi.list, {
    access: 'read',
    cache: true,
    tags,
    handler: (request) => ctas.list(request.actor, request.query),
  });
  route(app, ctasApi.open, { access: 'write', tags, handler: (request) => ctas.open(request.actor, request.body) });
  route(app, ctasApi.meeting, {
    access: 'read',
    tags,
    handler: (request) => ctas.meeting(request.query.on ?? clock.today(timeZone)),
  });
  route(app, ctasApi.effectiveness, { access: 'read', tags, handler: () => ctas.effectiveness() });
  route(app, ctasApi.detail, { access: 'read', tags, handler: (request) => ctas.detail(request.params.id) });
  route(app, ctasApi.comment, {
    access: 'write',
    tags,
    handler: (request) => ctas.comment(request.actor, request.params.id, request.body.body),
  });
  route(app, ctasApi.setTask, {
    access: 'write',
    tags,
    handler: (request) => ctas.setTask(request.actor, request.params.id, request.params.taskId, request.body.done),
  });
  route(app, ctasApi.taskEmailDraft, {
    access: 'write',
    tags,
    summary: 'The task email drafted from its template, in the customer’s language, for the primary contact',
    handler: (request) => taskEmails.draft(request.params.id, request.params.taskId),
  });
  route(app, ctasApi.sendTaskEmail, {
    access: 'write',
    tags,
    summary: 'Sends the (edited) task email to the primary contact once, logs it on the timeline and ticks the task',
    handler: (request) => taskEmails.send(request.actor, request.params.id, request.params.taskId, request.body),
  });
  route(app, ctasApi.snooze, {
    access: 'write',
    tags,
    handler: (request) => ctas.snooze(request.actor, request.params.id, request.body.until, request.body.reason),
  });
  route(app, ctasApi.wake, {
    access: 'write',
    tags,
    handler: (request) => ctas.wake(request.actor, request.params.id),
  });
  route(app, ctasApi.flag, {
    access: 'write',
    tags,
    handler: (request) => ctas.flag(request.actor, request.params.id, request.body.flagged, request.body.reason),
  });
  route(app, ctasApi.assign, {
    access: 'write',
    tags,
    handler: (request) => ctas.assign(request.actor, request.params.id, request.body.ownerId),
  });
  route(app, ctasApi.close, {
    access: 'write',
    tags,
    handler: (request) => ctas.close(request.actor, request.params.id, request.body.outcome, request.body.reason),
  });
  route(app, ctasApi.addMeetingNote, {
    access: 'write',
    tags,
    handler: (request) => ctas.addMeetingNote(request.actor, request.params.id, request.body),
  });
}
