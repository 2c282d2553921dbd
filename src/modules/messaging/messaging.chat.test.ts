import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { dingtalkSign } from '../../net/chat.js';
import { cliActor } from '../audit/actor.js';

/** Messages to a customer's own chat group (docs/messaging.md, "Chat groups"), against a real local robot. */
let t: TestApp;
let robot: http.Server;
let robotUrl: string;
const posts: { url: string; body: Record<string, unknown> }[] = [];
let accountId: string;
let contacts: string[];
let templateId: string;

beforeAll(async () => {
  robot = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      posts.push({ url: req.url ?? '', body: JSON.parse(raw) });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/robot/send?access_token=abcdefghijkl`;
  t = await createTestApp({ TENURE_ALLOW_PRIVATE_WEBHOOKS: '1' });
  accountId = (
    await t.services.accounts.create(cliActor, { name: 'Acme', externalId: 'acme', attributes: { language: 'zh-CN' } })
  ).id;
  contacts = [
    (await t.services.contacts.create(cliActor, accountId, { name: 'Li Lei', email: 'li@acme.example' })).id,
    (await t.services.contacts.create(cliActor, accountId, { name: 'Han Mei' })).id,
  ];
  templateId = (
    await t.services.messaging.templates.create(cliActor, {
      name: 'Release note',
      channel: 'chat',
      messageType: 'marketing',
      content: { 'zh-CN': { subject: '{{account.name}} 新功能上线', body: '导出功能已上线，欢迎试用。' } },
    })
  ).id;
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => robot.close(resolve));
});

describe('chat groups', () => {
  it('sends nothing to an account without a group (skipped, no address)', async () => {
    const [send] = await t.services.messaging.sendMany({ templateId, contactIds: contacts, idempotencyKey: 'none' });
    expect(send).toMatchObject({ status: 'skipped', reason: 'no_address' });
    expect(posts).toHaveLength(0);
  });

  it('a CSM sets the group; the secret and the robot key are never shown', async () => {
    const csm = (await t.as('csm')).headers;
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${accountId}/chat-group`,
      payload: { provider: 'dingtalk', name: 'Acme 服务群', webhookUrl: 'not a url' },
      headers: { ...csm, 'accept-language': 'en' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('webhookUrl');
    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${accountId}/chat-group`,
      payload: { provider: 'dingtalk', name: 'Acme 服务群', webhookUrl: robotUrl, secret: 'SECxyz' },
      headers: csm,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().group).toMatchObject({ provider: 'dingtalk', name: 'Acme 服务群', secretSet: true });
    expect(set.body).not.toContain('SECxyz');
    expect(set.body).not.toContain('abcdefghijkl');
  });

  it('posts once per account to the group, signed, in the account language, and puts it on the timeline', async () => {
    const before = Date.now();
    const sends = await t.services.messaging.sendMany({ templateId, contactIds: contacts, idempotencyKey: 'launch' });
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ status: 'sent' });
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.body).toMatchObject({ msgtype: 'markdown', markdown: { title: 'Acme 新功能上线' } });
    expect(JSON.stringify(post.body)).toContain('导出功能已上线');
    const url = new URL(post.url, 'http://robot');
    const timestamp = Number(url.searchParams.get('timestamp'));
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(url.searchParams.get('sign')).toBe(dingtalkSign('SECxyz', timestamp));

    // The same key again: nothing more is posted.
    await t.services.messaging.sendMany({ templateId, contactIds: contacts, idempotencyKey: 'launch' });
    expect(posts).toHaveLength(1);
    const timeline = await t.services.timeline.list(accountId, { page: 1, pageSize: 50 });
    const entry = timeline.items.find((i) => i.data.key === 'timeline.messageSent');
    expect(entry?.data.params).toMatchObject({ channel: 'chat', address: 'Acme 服务群' });
  });

  it('a robot that refuses marks the send failed', async () => {
    await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${accountId}/chat-group`,
      payload: { provider: 'feishu', name: 'Acme 服务群', webhookUrl: robotUrl.replace('/robot/', '/missing/') },
      headers: (await t.as('csm')).headers,
    });
    robot.removeAllListeners('request');
    robot.on('request', (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ code: 19001, msg: 'param invalid' }));
    });
    const [send] = await t.services.messaging.sendMany({ templateId, contactIds: contacts, idempotencyKey: 'refused' });
    expect(send).toMatchObject({ status: 'failed' });
  });
});
