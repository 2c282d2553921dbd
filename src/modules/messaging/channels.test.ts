import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { messagingJobs } from './messaging.jobs.js';
import { createTwilioAdapter } from './twilio.js';

/** Channels (docs/messaging.md): signed webhooks retried by the queue, SMS through the log adapter and Twilio's SDK. */
let t: TestApp;
let contactId: string;

async function listen(handler: (req: IncomingMessage, body: string) => { status: number; json?: unknown }) {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const out = handler(req, body);
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  t = await createTestApp({ TENURE_LOCALE: 'en' });
  const account = await t.services.accounts.create(cliActor, { name: 'Acme', externalId: 'acme' });
  contactId = (
    await t.services.contacts.create(cliActor, account.id, {
      name: 'Li Lei',
      email: 'li@acme.example',
      phone: '+8613800000000',
    })
  ).id;
});
afterAll(() => t.close());

describe('webhook channel', () => {
  it('posts signed JSON and, refused twice, is delivered once on the third attempt', async () => {
    const received: { signature: string; delivery: string; body: string }[] = [];
    const receiver = await listen((req, body) => {
      received.push({
        signature: String(req.headers['tenure-signature']),
        delivery: String(req.headers['tenure-delivery']),
        body,
      });
      return { status: received.length <= 2 ? 503 : 200 };
    });
    try {
      const template = await t.services.messaging.templates.create(cliActor, {
        name: 'Hook',
        channel: 'webhook',
        messageType: 'transactional',
        webhookUrl: `${receiver.url}/hook`,
        content: { en: { subject: 'Hi {{contact.name}}', body: 'Account {{account.name}}' } },
      });
      // The queue as pg-boss runs it: the send queues a job; each run is one attempt, retried while it throws.
      const queued: { name: string; payload: { sendId: string } }[] = [];
      t.services.jobs.attach({
        send: async (name, payload) => {
          queued.push({ name, payload: payload as { sendId: string } });
          return 'job-1';
        },
        state: async () => null,
      });
      const send = await t.services.messaging
        .send({ templateId: template.id, contactId, idempotencyKey: 'hook-1' })
        .finally(() => t.services.jobs.detach());
      expect(send).toMatchObject({ status: 'queued', address: `${receiver.url}/hook` });
      expect(queued).toEqual([{ name: 'messaging-webhook', payload: { sendId: send.id } }]);
      const job = messagingJobs[0];
      const run = (attempt: number) =>
        job.handler(queued[0].payload, {
          services: t.services,
          now: new Date(),
          jobId: 'job-1',
          attempt,
          final: attempt === 6,
        });
      await expect(run(1)).rejects.toThrow(/HTTP 503/);
      await expect(run(2)).rejects.toThrow(/HTTP 503/);
      await run(3);
      await run(4); // a duplicate run after success delivers nothing more
      expect(received).toHaveLength(3);
      const view = await t.services.messaging.send({ templateId: template.id, contactId, idempotencyKey: 'hook-1' });
      expect(view).toMatchObject({ status: 'sent', attempts: 3 });

      // The signature: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<body>"), the same on every attempt's body.
      const secret = (await t.database.db.selectFrom('messaging_settings').select('secret').executeTakeFirstOrThrow())
        .secret;
      for (const r of received) {
        const [, ts, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.signature)!;
        expect(createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')).toBe(v1);
        expect(r.delivery).toBe(send.id);
      }
      expect(JSON.parse(received[2].body)).toMatchObject({
        subject: 'Hi Li Lei',
        body: 'Account Acme',
        contact: { id: contactId },
      });
    } finally {
      await receiver.close();
    }
  });
});

describe('SMS channel', () => {
  it('sends through the log adapter by default, and a marketing SMS respects the contact preference', async () => {
    const template = await t.services.messaging.templates.create(cliActor, {
      name: 'Text',
      channel: 'sms',
      messageType: 'marketing',
      content: { en: { subject: '', body: 'Hi {{contact.name}}, {{usage.reports.30d}} reports this month' } },
    });
    expect(
      await t.services.messaging.send({ templateId: template.id, contactId, idempotencyKey: 'sms-1' }),
    ).toMatchObject({
      status: 'sent',
      address: '+8613800000000',
    });
    await t.services.messaging.consent.setPreferences(cliActor, contactId, { sms: false });
    expect(
      await t.services.messaging.send({ templateId: template.id, contactId, idempotencyKey: 'sms-2' }),
    ).toMatchObject({
      status: 'skipped',
      reason: 'channel_off',
    });
  });

  it('sends through Twilio with the official SDK against a server answering as Twilio documents', async () => {
    const requests: { url: string; auth: string; body: URLSearchParams }[] = [];
    const twilio = await listen((req, body) => {
      requests.push({ url: String(req.url), auth: String(req.headers.authorization), body: new URLSearchParams(body) });
      // https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource (201, abridged)
      return {
        status: 201,
        json: {
          account_sid: 'ACtest',
          api_version: '2010-04-01',
          body: 'Hello',
          date_created: 'Thu, 24 Aug 2023 05:01:45 +0000',
          direction: 'outbound-api',
          from: '+15557122661',
          num_segments: '1',
          sid: 'SM1234567890abcdef1234567890abcdef',
          status: 'queued',
          to: '+8613800000000',
          uri: '/2010-04-01/Accounts/ACtest/Messages/SM1234567890abcdef1234567890abcdef.json',
        },
      };
    });
    try {
      const adapter = createTwilioAdapter(
        { accountSid: 'ACtest', authToken: 'secret-token', from: '+15557122661' },
        twilio.url,
      );
      expect(await adapter.send({ to: '+8613800000000', text: 'Hello' })).toEqual({
        providerId: 'SM1234567890abcdef1234567890abcdef',
      });
      expect(requests).toHaveLength(1);
      expect(requests[0].url).toBe('/2010-04-01/Accounts/ACtest/Messages.json');
      expect(requests[0].auth).toBe(`Basic ${Buffer.from('ACtest:secret-token').toString('base64')}`);
      expect(Object.fromEntries(requests[0].body)).toMatchObject({
        To: '+8613800000000',
        From: '+15557122661',
        Body: 'Hello',
      });
    } finally {
      await twilio.close();
    }
  });

  it('keeps the Twilio token out of replies and refuses Twilio without credentials', async () => {
    const admin = await t.as('admin');
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/api/messaging/sms-settings',
      payload: { provider: 'twilio' },
      headers: admin.headers,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('accountSid');
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/messaging/sms-settings',
      payload: { provider: 'twilio', accountSid: 'ACx', authToken: 'tok', from: '+1555' },
      headers: admin.headers,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ provider: 'twilio', from: '+1555', accountSid: 'ACx', authTokenSet: true });
    expect(saved.body).not.toContain('tok"');
  });
});
