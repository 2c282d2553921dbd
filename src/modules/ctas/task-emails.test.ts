import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { decodeQuotedPrintable, type ReceivedMail, startSmtpServer } from '../../../test/support/smtp.js';
import { LOCALES, translator } from '../../i18n/index.js';
import { PLAYBOOK_EMAIL_TEMPLATES } from '../../shared/ctas.js';
import { cliActor } from '../audit/actor.js';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let mails: ReceivedMail[];
let t: TestApp;
let reengage: string;
beforeAll(async () => {
  smtp = await startSmtpServer();
  mails = smtp.mails;
  t = await createTestApp({ SMTP_URL: smtp.url, TENURE_LOCALE: 'en' });
  reengage = (await t.services.rules.playbooks()).find((p) => p.key === 'reengage')!.id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(() => {
  smtp.reset();
  smtp.refuseRecipient = (address) => address.startsWith('refused');
});

/** An account owned by the CSM, its contacts, and a CTA with the re-engagement playbook (its first task has the `reengage` email). */
async function ctaFor(
  name: string,
  contacts: { name: string; email?: string; isPrimary?: boolean }[],
  attributes: Record<string, unknown> = {},
) {
  const accountId = (await t.services.accounts.create(cliActor, { name, ownerId: t.users.csm.id, attributes })).id;
  for (const c of contacts) await t.services.contacts.create(cliActor, accountId, c);
  const cta = await t.services.ctas.open(cliActor, {
    accountId,
    type: 'risk',
    title: 'Quiet account',
    priority: 'medium',
    dueOn: '2026-06-20',
    playbookId: reengage,
  });
  const [emailTask, plainTask] = cta.tasks;
  return { accountId, ctaId: cta.id, emailTask: emailTask!, plainTask: plainTask! };
}

const call = async (
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
  role: 'csm' | 'viewer' = 'csm',
  lang = 'en',
) => t.app.inject({ method, url, payload, headers: { ...(await t.as(role)).headers, 'accept-language': lang } });

describe('playbook task emails', () => {
  it('drafts from the template for the primary contact, sends the edited mail once, logs it and ticks the task', async () => {
    const { accountId, ctaId, emailTask } = await ctaFor('Umbrella', [
      { name: 'Wang Fang', email: 'wang@umbrella.test' },
      { name: 'Li Lei', email: 'li@umbrella.test', isPrimary: true },
    ]);
    expect(emailTask).toMatchObject({ emailTemplate: 'reengage', doneAt: null, emailSentAt: null });
    const url = `/api/ctas/${ctaId}/tasks/${emailTask.id}/email`;

    const draft = (await call('GET', url)).json();
    expect(draft).toMatchObject({
      template: 'reengage',
      locale: 'en',
      to: { name: 'Li Lei', email: 'li@umbrella.test' },
      mailConfigured: true,
      subject: 'Umbrella: can we help your team get more from the product?',
    });
    expect(draft.text).toMatch(/^Hello Li Lei,/);
    expect(draft.text).toMatch(/Best regards,\nTest csm$/);
    expect((await call('GET', url, undefined, 'viewer')).statusCode).toBe(403);

    const sent = await call('POST', url, {
      subject: 'Umbrella: a quick call this week?',
      text: 'Hello Li Lei,\n\nShall we talk on Thursday?',
    });
    expect(sent.statusCode).toBe(200);
    const task = sent.json().tasks.find((x: { id: string }) => x.id === emailTask.id);
    expect(task).toMatchObject({ emailTo: 'li@umbrella.test', doneByName: 'Test csm' });
    expect(task.emailSentAt).not.toBeNull();
    expect(task.doneAt).not.toBeNull();
    expect(mails.map((m) => m.to)).toEqual([['li@umbrella.test']]);
    const text = decodeQuotedPrintable(mails[0]!.raw);
    expect(text).toContain('Subject: Umbrella: a quick call this week?');
    expect(text).toContain('Reply-To: csm@test.local');
    expect(text).toContain('Shall we talk on Thursday?');

    // On the timeline as the CSM's email to the contact; audited.
    const timeline = (await call('GET', `/api/accounts/${accountId}/timeline?types=email`)).json();
    expect(timeline.items).toMatchObject([
      { type: 'email', subject: 'Umbrella: a quick call this week?', contactName: 'Li Lei', authorName: 'Test csm' },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity', '=', 'cta_task')
      .where('entity_id', '=', emailTask.id)
      .execute();
    expect(audit).toEqual([{ action: 'send_email' }]);

    // A second click sends nothing.
    const again = await call('POST', url, { subject: 'again', text: 'again' }, 'csm', 'zh-CN');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('该任务的邮件已发送');
    expect(mails).toHaveLength(1);
  });

  it('ships a subject and a body for every template in both languages', () => {
    for (const locale of LOCALES) {
      const t = translator(locale);
      for (const key of PLAYBOOK_EMAIL_TEMPLATES) {
        for (const part of ['subject', 'body'])
          expect(t(`playbookEmails.${key}.${part}`, { defaultValue: '' }), `${locale} ${key}.${part}`).toMatch(/\S/);
      }
    }
  });

  it('writes the draft in the account’s language', async () => {
    const { ctaId, emailTask } = await ctaFor(
      '北京贝塔科技',
      [{ name: '张伟', email: 'zhang@beta.test', isPrimary: true }],
      { language: 'zh-CN' },
    );
    const draft = (await call('GET', `/api/ctas/${ctaId}/tasks/${emailTask.id}/email`)).json();
    expect(draft).toMatchObject({ locale: 'zh-CN', subject: '北京贝塔科技:我们能帮您更好地使用产品吗?' });
    expect(draft.text).toMatch(/^张伟,您好:/);

    // No account owner yet: the team signs.
    const accountId = (await t.services.accounts.create(cliActor, { name: 'Hooli' })).id;
    const cta = await t.services.ctas.open(cliActor, {
      accountId,
      type: 'risk',
      title: 'Quiet',
      priority: 'low',
      dueOn: '2026-06-20',
      ownerId: null,
      playbookId: reengage,
    });
    const unsigned = (await call('GET', `/api/ctas/${cta.id}/tasks/${cta.tasks[0]!.id}/email`)).json();
    expect(unsigned.text).toMatch(/Best regards,\nThe customer success team$/);
  });

  it('refuses what cannot be sent, in the caller’s language, and keeps nothing claimed', async () => {
    const noEmail = await ctaFor('Initech', [{ name: 'Peter' }]);
    const noEmailUrl = `/api/ctas/${noEmail.ctaId}/tasks/${noEmail.emailTask.id}/email`;
    expect((await call('GET', noEmailUrl)).json().to).toBeNull();
    const refused = await call('POST', noEmailUrl, { subject: 'Hi', text: 'Hi' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('This account has no contact with an email address');

    const plain = await call('GET', `/api/ctas/${noEmail.ctaId}/tasks/${noEmail.plainTask.id}/email`);
    expect(plain.statusCode).toBe(409);
    expect(plain.json().error.message).toBe('This task has no email');

    const blank = await call('POST', noEmailUrl, { subject: ' ', text: 'Hi' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.issues[0].path).toBe('body.subject');

    // The SMTP server refuses the mailbox: the request fails, the task stays unsent and open for a retry.
    const bounced = await ctaFor('Globex', [{ name: 'Hank', email: 'refused@globex.test', isPrimary: true }]);
    const failed = await call('POST', `/api/ctas/${bounced.ctaId}/tasks/${bounced.emailTask.id}/email`, {
      subject: 'Hi',
      text: 'Hi',
    });
    expect(failed.statusCode).toBe(502);
    expect(failed.json().error.message).toMatch(/^The mail server did not take the mail: .*mailbox unavailable/);
    const row = await t.database.db
      .selectFrom('cta_tasks')
      .select(['email_sent_at', 'done_at'])
      .where('id', '=', bounced.emailTask.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email_sent_at: null, done_at: null });
    expect(mails).toHaveLength(0);
  });
});
