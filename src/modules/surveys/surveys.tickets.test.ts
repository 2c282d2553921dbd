import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import { cliActor } from '../audit/actor.js';

/** A survey sent by itself when a support ticket is closed (docs/surveys.md): once per ticket, to its requester. */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
let accountId: string;
let liLei: string;
let hanMei: string;
let templateId: string;
const NOW = new Date('2026-06-15T04:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    SMTP_URL: smtp.url,
    TENURE_MAIL_FROM: 'CS <cs@vendor.example>',
    TENURE_NOW: NOW.toISOString(),
    TENURE_PUBLIC_URL: 'http://tenure.test',
  });
  accountId = (await t.services.accounts.create(cliActor, { name: 'Acme', externalId: 'acme' })).id;
  liLei = (await t.services.contacts.create(cliActor, accountId, { name: 'Li Lei', email: 'li.lei@acme.example' })).id;
  hanMei = (await t.services.contacts.create(cliActor, accountId, { name: 'Han Mei', email: 'han.mei@acme.example' }))
    .id;
  templateId = (
    await t.services.messaging.templates.create(cliActor, {
      name: 'Ticket CSAT',
      channel: 'email',
      messageType: 'transactional',
      content: { en: { subject: 'How did we do?', body: 'Hello {{contact.name}}, [rate us]({{survey.link}})' } },
    })
  ).id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const tickets = (
  rows: { id: string; contactId: string | null; status: 'open' | 'solved' | 'closed'; closed?: number }[],
) =>
  t.services.tickets.sync(
    cliActor,
    rows.map((r) => ({
      accountId,
      externalId: r.id,
      contactId: r.contactId,
      subject: `Ticket ${r.id}`,
      status: r.status,
      openedAt: at(-3 * 24 * 60),
      closedAt: r.closed === undefined ? null : at(r.closed),
    })),
  );
/** What the trigger does after an import or a sync: the data-arrival signal, whose listeners run here and now. */
const ticketsArrived = () => t.services.signals.accountsChanged([accountId], 'import');
const sendsOf = (surveyId: string) =>
  t.services.db
    .selectFrom('survey_sends')
    .select(['contact_id', 'ticket_id', 'status', 'reason'])
    .where('survey_id', '=', surveyId)
    .orderBy('created_at')
    .execute();

describe('survey after a ticket is closed', () => {
  let surveyId: string;

  it('surveys the requester of a ticket closed after the trigger was switched on, once', async () => {
    // Closed before the survey existed: not surveyed when the trigger is switched on.
    await tickets([{ id: 'old', contactId: liLei, status: 'closed', closed: -60 }]);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/surveys',
      payload: { name: 'Support CSAT', kind: 'csat', templateId, throttleDays: 0, onTicketClose: true },
      headers: (await t.as('cs_manager')).headers,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ onTicketClose: true });
    surveyId = created.json().id;
    // A survey without the trigger sends nothing by itself.
    await t.app.inject({
      method: 'POST',
      url: '/api/surveys',
      payload: { name: 'Quarterly NPS', kind: 'nps', templateId, throttleDays: 0 },
      headers: (await t.as('cs_manager')).headers,
    });

    await tickets([
      { id: 'open', contactId: liLei, status: 'open' },
      { id: 'no-requester', contactId: null, status: 'solved', closed: 5 },
      { id: 'solved', contactId: liLei, status: 'solved', closed: 10 },
    ]);
    await ticketsArrived();
    expect(smtp.mails.map((m) => m.to)).toEqual([['li.lei@acme.example']]);
    expect(smtp.mails[0]!.raw).toContain('tenure.test/survey?t=');

    // Again, from the schedule and from another signal: the ticket's claim holds.
    await t.services.jobs.send('surveys-ticket-closed', {});
    await ticketsArrived();
    expect(smtp.mails).toHaveLength(1);
    const sends = await sendsOf(surveyId);
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ contact_id: liLei, status: 'sent' });
  });

  it('a ticket that reopens and closes again is not surveyed twice; another requester is', async () => {
    await tickets([
      { id: 'solved', contactId: liLei, status: 'open' },
      { id: 'han', contactId: hanMei, status: 'closed', closed: 20 },
    ]);
    await tickets([{ id: 'solved', contactId: liLei, status: 'closed', closed: 30 }]);
    await ticketsArrived();
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['li.lei@acme.example', 'han.mei@acme.example']);
  });

  it('respects the throttle: the ticket is recorded as skipped and never retried', async () => {
    await t.app.inject({
      method: 'PUT',
      url: `/api/surveys/${surveyId}`,
      payload: { name: 'Support CSAT', kind: 'csat', templateId, throttleDays: 30, onTicketClose: true },
      headers: (await t.as('cs_manager')).headers,
    });
    await tickets([{ id: 'second', contactId: liLei, status: 'solved', closed: 40 }]);
    await ticketsArrived();
    await ticketsArrived();
    expect(smtp.mails).toHaveLength(2);
    const second = (await sendsOf(surveyId)).filter((s) => s.status === 'skipped');
    expect(second).toEqual([expect.objectContaining({ contact_id: liLei, reason: 'throttled' })]);
  });

  it('switched off, it sends nothing more', async () => {
    await t.app.inject({
      method: 'PUT',
      url: `/api/surveys/${surveyId}`,
      payload: { name: 'Support CSAT', kind: 'csat', templateId, throttleDays: 0, onTicketClose: false },
      headers: (await t.as('cs_manager')).headers,
    });
    await tickets([{ id: 'third', contactId: hanMei, status: 'closed', closed: 50 }]);
    await ticketsArrived();
    expect(smtp.mails).toHaveLength(2);
  });
});
