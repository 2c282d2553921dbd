import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { type ReceivedMail, startSmtpServer } from '../../../test/support/smtp.js';
import { cliActor } from '../audit/actor.js';

/**
 * Monthly value reports through the real local SMTP server (docs/value-reports.md). Today is 2026-12-03
 * (UTC), so the monthly run reports November 2026 against October.
 *
 * Acme (English): Reports module 30 events in November, 10 in October (+200%); unmapped events 5 / 0;
 * key event report_created 12 / 4; 3 active people in November, 1 in October; one ticket solved in
 * November (another in October, one still open); milestone "Go live" completed in November.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let received: ReceivedMail[];
let t: TestApp;
let csm: Session;
const ids: Record<string, string> = {};

/** The mail's parts, quoted-printable and base64 undone. */
function body(raw: string): string {
  const qp = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => `%${h}`);
  let text: string;
  try {
    text = decodeURIComponent(qp.replace(/%(?![0-9A-F]{2})/g, '%25'));
  } catch {
    text = qp;
  }
  const b64 = [...raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g)]
    .map((m) => Buffer.from(m[1].replace(/\r?\n/g, ''), 'base64').toString('utf8'))
    .join('\n');
  return `${text}\n${b64}`;
}

async function customer(name: string, language?: string) {
  ids[name] = (await t.services.accounts.create(cliActor, { name, attributes: language ? { language } : {} })).id;
  await t.services.contacts.create(cliActor, ids[name], {
    name: `Contact of ${name}`,
    email: `buyer@${name.toLowerCase()}.example`,
    isPrimary: true,
  });
  return ids[name];
}
const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, language = 'en') =>
  t.app.inject({ method, url, payload, headers: { ...csm.headers, 'accept-language': language } });

beforeAll(async () => {
  smtp = await startSmtpServer();
  received = smtp.mails;
  t = await createTestApp({
    SMTP_URL: smtp.url,
    TENURE_MAIL_FROM: 'CS <cs@vendor.example>',
    TENURE_LOCALE: 'zh-CN',
    TENURE_NOW: '2026-12-03T04:00:00Z',
    TENURE_TIMEZONE: 'UTC',
  });
  csm = await t.as('csm');
  const db = t.database.db;
  await customer('Acme', 'en');
  await customer('Beta');
  await customer('Quiet', 'en');
  await t.services.settings.set(cliActor, 'product_modules', [{ key: 'reports', name: 'Reports', core: true }]);
  await t.services.settings.set(cliActor, 'key_behaviour', { event: 'report_created', perWeek: 2 });
  await sql`insert into event_catalogue (event, module) values ('report_created', 'reports'), ('login', null)`.execute(
    db,
  );
  const usage: [string, string, number][] = [
    ['2026-11-05', 'report_created', 12],
    ['2026-11-06', 'report_viewed', 18],
    ['2026-11-07', 'login', 5],
    ['2026-10-10', 'report_created', 4],
    ['2026-10-11', 'report_viewed', 6],
    ['2026-09-11', 'report_viewed', 600],
  ];
  await sql`insert into event_catalogue (event, module) values ('report_viewed', 'reports')`.execute(db);
  for (const [day, event, count] of usage)
    await sql`insert into usage_daily (account_id, day, event, count, users) values (${ids.Acme}::uuid, ${day}, ${event}, ${count}, 1)`.execute(
      db,
    );
  for (const [day, person] of [
    ['2026-11-05', 'a'],
    ['2026-11-06', 'b'],
    ['2026-11-07', 'c'],
    ['2026-11-08', 'a'],
    ['2026-10-10', 'a'],
  ])
    await sql`insert into usage_user_daily (account_id, day, person, events, last_seen_at)
      values (${ids.Acme}::uuid, ${day}, ${person}, 1, ${`${day}T10:00:00Z`})`.execute(db);
  await sql`insert into tickets (account_id, subject, status, opened_at, closed_at) values
    (${ids.Acme}::uuid, 'Export fails', 'solved', '2026-11-01T08:00:00Z', '2026-11-20T08:00:00Z'),
    (${ids.Acme}::uuid, 'Old one', 'closed', '2026-10-01T08:00:00Z', '2026-10-20T08:00:00Z'),
    (${ids.Acme}::uuid, 'Still open', 'open', '2026-11-02T08:00:00Z', null)`.execute(db);
  const { rows } = await sql<{
    id: string;
  }>`insert into milestone_templates (key, name, due_days) values ('live', 'Go live', 30) returning id`.execute(db);
  await sql`insert into account_milestones (account_id, template_id, due_on, completed_on)
    values (${ids.Acme}::uuid, ${rows[0].id}::uuid, '2026-11-30', '2026-11-18')`.execute(db);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(() => smtp.reset());

describe('monthly value reports', () => {
  it('is off by default and turned on per account', async () => {
    const state = await api('GET', `/api/accounts/${ids.Acme}/value-report`);
    expect(state.statusCode, state.body).toBe(200);
    expect(state.json()).toMatchObject({
      enabled: false,
      mailConfigured: true,
      recipient: { email: 'buyer@acme.example', locale: 'en' },
      sends: [],
    });
    await t.services.jobs.send('value-reports-scan', {});
    expect(received).toHaveLength(0);
    for (const name of ['Acme', 'Beta']) {
      const on = await api('PUT', `/api/accounts/${ids[name]}/value-report`, { enabled: true });
      expect(on.statusCode, on.body).toBe(200);
      expect(on.json().enabled).toBe(true);
    }
    const bad = await api('PUT', `/api/accounts/${ids.Acme}/value-report`, { enabled: 'yes' }, 'zh-CN');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('enabled');
  });

  it('emails last month’s report to each opted-in account’s contact in its language, once', async () => {
    expect(await t.services.valueReports.due()).toEqual([ids.Acme, ids.Beta].sort());
    await t.services.jobs.send('value-reports-scan', {});
    expect(received.map((m) => m.to[0]).sort()).toEqual(['buyer@acme.example', 'buyer@beta.example']);
    const acme = body(received.find((m) => m.to[0] === 'buyer@acme.example')!.raw);
    expect(acme).toContain('Hello Contact of Acme, here is what Acme achieved with the product in November 2026');
    expect(acme).toMatch(/Reports<\/td>\s*<td[^>]*>30<\/td>\s*<td[^>]*>10<\/td>\s*<td[^>]*>\+200%/);
    expect(acme).toMatch(/Other activity<\/td>\s*<td[^>]*>5<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>new/);
    expect(acme).toMatch(/Active people<\/td>\s*<td[^>]*>3<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>\+200%/);
    expect(acme).toContain('report_created');
    expect(acme).toMatch(/>12<\/td>\s*<td[^>]*>4<\/td>/);
    // A marketing message of messaging's: one-click unsubscribe (RFC 8058) in the headers and the body.
    const acmeRaw = received.find((m) => m.to[0] === 'buyer@acme.example')!.raw;
    expect(acmeRaw).toMatch(/^List-Unsubscribe:\s+<http[^>]*\/m\/u\?t=/m);
    expect(acmeRaw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    // On the account's timeline as a messaging send.
    const sends = await t.services.messaging.accountSends(ids.Acme);
    expect(sends).toContainEqual(
      expect.objectContaining({ templateName: '月度价值报告', status: 'sent', address: 'buyer@acme.example' }),
    );
    expect(acme).toContain('Milestone reached this month: Go live.');
    expect(acme).toContain('1 support ticket resolved.');
    const beta = body(received.find((m) => m.to[0] === 'buyer@beta.example')!.raw);
    expect(beta).toContain('以下是 Beta 在2026年11月使用产品取得的成果');
    expect(beta).toContain('本月没有新的里程碑。');

    // A re-run of the month — the scan, or a send job delivered twice — sends nothing again.
    smtp.reset();
    await t.services.jobs.send('value-reports-scan', {});
    await t.services.jobs.send('value-report-send', { accountId: ids.Acme, month: '2026-11' });
    expect(received).toHaveLength(0);
    expect(await t.services.valueReports.due()).toEqual([]);
    const state = (await api('GET', `/api/accounts/${ids.Acme}/value-report`)).json();
    expect(state.sends).toEqual([
      expect.objectContaining({ month: '2026-11', status: 'sent', email: 'buyer@acme.example', locale: 'en' }),
    ]);
  });

  it('sends nothing to an account turned off again', async () => {
    await api('PUT', `/api/accounts/${ids.Beta}/value-report`, { enabled: false });
    await t.services.jobs.send('value-reports-scan', { month: '2026-10' });
    expect(received.map((m) => m.to[0])).toEqual(['buyer@acme.example']);
    expect(await t.services.valueReports.send(cliActor, ids.Beta, '2026-09')).toEqual({
      status: 'skipped',
      email: null,
    });
    expect(received).toHaveLength(1);
  });

  it('skips a contact who unsubscribed from our mail', async () => {
    const contact = await sql<{ id: string }>`select id from contacts where account_id = ${ids.Acme}::uuid`.execute(
      t.database.db,
    );
    await t.services.messaging.consent.setPreferences(cliActor, contact.rows[0].id, { emailMarketing: false });
    try {
      await t.services.jobs.send('value-report-send', { accountId: ids.Acme, month: '2026-07' });
      expect(received).toHaveLength(0);
      const state = (await api('GET', `/api/accounts/${ids.Acme}/value-report`)).json();
      expect(state.sends).toContainEqual(
        expect.objectContaining({ month: '2026-07', status: 'skipped', error: 'unsubscribed' }),
      );
    } finally {
      await t.services.messaging.consent.setPreferences(cliActor, contact.rows[0].id, { emailMarketing: true });
    }
  });

  it('takes a refused send again on retry, and only then', async () => {
    smtp.refuseAll = true;
    await expect(t.services.valueReports.send(cliActor, ids.Acme, '2026-08')).rejects.toThrow();
    smtp.refuseAll = false;
    expect(await t.services.valueReports.send(cliActor, ids.Acme, '2026-08')).toEqual({
      status: 'sent',
      email: 'buyer@acme.example',
    });
    expect(await t.services.valueReports.send(cliActor, ids.Acme, '2026-08')).toEqual({ status: 'already_sent' });
  });

  it('previews the email and sends a test to the person asking, without recording it', async () => {
    const preview = await api('GET', `/api/accounts/${ids.Acme}/value-report/preview?month=2026-11`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ month: '2026-11', locale: 'en', to: 'buyer@acme.example' });
    expect(preview.json().subject).toBe('Acme: your results for November 2026');
    expect(preview.json().html).toContain('1 support ticket resolved.');
    const bad = await api('GET', `/api/accounts/${ids.Acme}/value-report/preview?month=2026-13`);
    expect(bad.statusCode).toBe(400);

    const quietBefore = (await api('GET', `/api/accounts/${ids.Quiet}/value-report`)).json().sends;
    const test = await api('POST', `/api/accounts/${ids.Quiet}/value-report/test`, {});
    expect(test.statusCode, test.body).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual([test.json().email]);
    expect(test.json().status).toBe('sent');
    expect((await api('GET', `/api/accounts/${ids.Quiet}/value-report`)).json().sends).toEqual(quietBefore);
  });
  it('goes to every contact of the account who takes our mail, each their own email, and to no one who opted out', async () => {
    const second = await t.services.contacts.create(cliActor, ids.Acme, {
      name: 'Second',
      email: 'second@acme.example',
    });
    const third = await t.services.contacts.create(cliActor, ids.Acme, { name: 'Third', email: 'third@acme.example' });
    await t.services.messaging.consent.setPreferences(cliActor, third.id, { emailMarketing: false });
    try {
      const state = (await api('GET', `/api/accounts/${ids.Acme}/value-report`)).json();
      expect(state.recipient.email).toBe('buyer@acme.example');
      // Created on the same (fixed) clock: their order among themselves is not the point.
      expect(
        [...state.copies].sort((a: { email: string }, b: { email: string }) => a.email.localeCompare(b.email)),
      ).toEqual([
        { name: 'Second', email: 'second@acme.example' },
        { name: 'Third', email: 'third@acme.example' },
      ]);
      await t.services.jobs.send('value-report-send', { accountId: ids.Acme, month: '2026-05' });
      expect(received.map((m) => m.to[0]).sort()).toEqual(['buyer@acme.example', 'second@acme.example']);
      expect(body(received.find((m) => m.to[0] === 'second@acme.example')!.raw)).toContain(
        'Hello Second, here is what Acme achieved',
      );
      const sends = (await api('GET', `/api/accounts/${ids.Acme}/value-report`)).json().sends;
      const may = sends.find((s: { month: string }) => s.month === '2026-05');
      expect(may.status).toBe('sent');
      expect(may.email.split(', ').sort()).toEqual(['buyer@acme.example', 'second@acme.example']);
    } finally {
      await t.services.contacts.remove(cliActor, ids.Acme, second.id);
      await t.services.contacts.remove(cliActor, ids.Acme, third.id);
    }
  });

  it('sends what the edited template says, with its links tracked, and the built-in template cannot be deleted', async () => {
    const admin = await t.as('admin');
    const id = (await api('GET', `/api/accounts/${ids.Acme}/value-report`)).json().templateId;
    const template = await t.app.inject({
      method: 'GET',
      url: `/api/messaging/templates/${id}`,
      headers: admin.headers,
    });
    expect(template.statusCode, template.body).toBe(200);
    const current = template.json();
    expect(current).toMatchObject({ name: '月度价值报告', messageType: 'marketing', channel: 'email' });
    const content = {
      ...current.content,
      en: {
        subject: 'Your month with us: {{report.month}}',
        body: `${current.content.en.body}\n\n[Book your review](https://calendar.example/acme)`,
      },
    };
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/messaging/templates/${id}`,
      headers: admin.headers,
      payload: {
        name: current.name,
        channel: current.channel,
        messageType: current.messageType,
        content,
        trackOpens: true,
        trackClicks: true,
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await t.services.valueReports.send(cliActor, ids.Acme, '2026-04');
    expect(received).toHaveLength(1);
    expect(received[0].raw).toMatch(/^Subject: Your month with us: April 2026/m);
    const mail = body(received[0].raw);
    const href = mail.match(/href="([^"]*\/m\/c\?t=[^"]+)"/)?.[1];
    expect(href, mail).toBeDefined();
    expect(mail).not.toContain('href="https://calendar.example/acme"');
    const link = new URL(href!.replace(/&amp;/g, '&'));
    const click = await t.app.inject({ method: 'GET', url: link.pathname + link.search });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe('https://calendar.example/acme');
    const timeline = await t.services.messaging.accountSends(ids.Acme);
    expect(timeline.find((s) => s.subject === 'Your month with us: April 2026')).toBeDefined();

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/messaging/templates/${id}`,
      headers: admin.headers,
    });
    expect(removed.statusCode).toBe(400);
  });
});
