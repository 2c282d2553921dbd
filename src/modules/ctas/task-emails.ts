import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { AppError, notFound } from '../../http/errors.js';
import { type Locale, translator } from '../../i18n/index.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { customerRecipient } from '../contacts/contacts.read.js';
import type { Mailer } from '../mail/mailer.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { userRows } from '../users/users.read.js';

export interface TaskEmailDeps<Done> {
  db: Kysely<DB>;
  clock: Clock;
  defaultLocale: Locale;
  mailer: Mailer;
  audit: Pick<AuditService, 'record'>;
  timeline: Pick<TimelineService, 'record'>;
  /** Ticks the task once its email is out (the CTA service's setTask: audited, first action stamped). */
  completeTask: (actor: Actor, ctaId: string, taskId: string) => Promise<Done>;
}

const conflict = (key: string) => new AppError(409, 'conflict', key);

/**
 * Playbook tasks that carry an email template (seed 004: the playbook says what to send): the
 * CSM opens a draft written from the template in the customer's language, edits it, and sends
 * it to the account's primary contact. The mail goes out once — the task row is claimed first —,
 * lands on the timeline as the CSM's email, and ticks the task.
 */
export function createTaskEmails<Done>({
  db,
  clock,
  defaultLocale,
  mailer,
  audit,
  timeline,
  completeTask,
}: TaskEmailDeps<Done>) {
  async function taskOf(ctaId: string, taskId: string) {
    const task = await db
      .selectFrom('cta_tasks as t')
      .innerJoin('ctas as c', 'c.id', 't.cta_id')
      .select(['t.id', 't.title', 't.email_template', 'c.account_id', 'c.status'])
      .where('t.id', '=', taskId)
      .where('t.cta_id', '=', ctaId)
      .executeTakeFirst();
    if (!task) throw notFound('ctaTask');
    if (!task.email_template) throw conflict('errors.noEmailTemplate');
    return { ...task, email_template: task.email_template };
  }

  async function draft(ctaId: string, taskId: string) {
    const task = await taskOf(ctaId, taskId);
    const { account, contact, locale } = await customerRecipient(db, task.account_id, defaultLocale);
    const t = translator(locale);
    const params = {
      contact: contact?.name ?? t('mail.there'),
      account: account.name,
      csm: account.owner_name ?? t('playbookEmails.team'),
    };
    // A template an admin named that Tenure does not ship starts from the task's title.
    const known = t(`playbookEmails.${task.email_template}.subject`, { defaultValue: '' }) !== '';
    const subject = known ? t(`playbookEmails.${task.email_template}.subject`, params) : task.title;
    const body = known
      ? t(`playbookEmails.${task.email_template}.body`, params)
      : t('playbookEmails.generic.body', params);
    return {
      template: task.email_template,
      locale,
      to: contact?.email ? { contactId: contact.id, name: contact.name, email: contact.email } : null,
      subject,
      text: `${body.trimEnd()}\n\n${t('playbookEmails.signoff', params)}`,
      mailConfigured: mailer.configured,
    };
  }

  async function send(
    actor: Actor,
    ctaId: string,
    taskId: string,
    message: { subject: string; text: string },
  ): Promise<Done> {
    const task = await taskOf(ctaId, taskId);
    if (task.status === 'closed') throw conflict('errors.ctaClosed');
    if (!mailer.configured) throw conflict('errors.mailNotConfigured');
    const { account, contact } = await customerRecipient(db, task.account_id, defaultLocale);
    if (!contact?.email) throw conflict('errors.noContactEmail');
    const sender = userIdOf(actor);
    // The customer's answer goes to whoever wrote the mail (else the account owner), not to no-reply.
    const writer = sender
      ? await db.selectFrom(userRows(db).as('u')).select('u.email').where('u.id', '=', sender).executeTakeFirst()
      : undefined;
    const replyTo = writer?.email ?? account.owner_email ?? undefined;
    const claimed = await db
      .updateTable('cta_tasks')
      .set({ email_sent_at: clock.now(), email_sent_by: sender, email_to: contact.email })
      .where('id', '=', taskId)
      .where('email_sent_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) throw conflict('errors.emailAlreadySent');
    try {
      await mailer.send({ to: contact.email, subject: message.subject, text: message.text, replyTo });
    } catch (error) {
      // Nothing left the machine: release the claim so the person can try again.
      await db
        .updateTable('cta_tasks')
        .set({ email_sent_at: null, email_sent_by: null, email_to: null })
        .where('id', '=', taskId)
        .execute();
      throw new AppError(502, 'mail_failed', 'errors.mailFailed', {
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    await db.transaction().execute(async (trx) => {
      await timeline.record(trx, actor, task.account_id, {
        type: 'email',
        subject: message.subject,
        body: message.text,
        contactId: contact.id,
        data: { key: 'timeline.taskEmailSent', params: { task: task.title, email: contact.email }, ctaId, taskId },
      });
      await audit.record(trx, actor, {
        action: 'send_email',
        entity: 'cta_task',
        entityId: taskId,
        after: { ctaId, to: contact.email, subject: message.subject },
      });
    });
    return completeTask(actor, ctaId, taskId);
  }

  return { draft, send };
}

export type TaskEmails<Done> = ReturnType<typeof createTaskEmails<Done>>;
