import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { isInternalAddress } from '../../net/public-address.js';

/** An internal service: answers with text that must never reach the admin who pressed "test". */
let hits = 0;
const internalService = http.createServer((req, res) => {
  hits++;
  req.resume();
  req.on('end', () => {
    if (req.url === '/refuse')
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"errcode":310000,"errmsg":"INTERNAL-DETAIL keyword missing"}');
    else res.writeHead(500, { 'content-type': 'text/plain' }).end('INTERNAL-DETAIL db password=hunter2');
  });
});
let base: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => internalService.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(internalService.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => internalService.close(() => resolve())));

async function testChannel(t: TestApp, url: string, language = 'en') {
  const admin = await t.as('admin');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/settings/notifications/channels',
    headers: admin.headers,
    payload: { kind: 'wecom', name: `c-${url}`, url, events: [] },
  });
  expect(created.statusCode).toBe(201);
  const tested = await t.app.inject({
    method: 'POST',
    url: `/api/settings/notifications/channels/${created.json().id}/test`,
    headers: { ...admin.headers, 'accept-language': language },
  });
  expect(tested.statusCode).toBe(200);
  return { id: created.json().id as string, result: tested.json() as { ok: boolean; error: string | null } };
}

describe('internal addresses', () => {
  it('classifies loopback, private, link-local and mapped addresses as internal, public ones not', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.9',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::5',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
    ])
      expect(isInternalAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      expect(isInternalAddress(a), a).toBe(false);
  });
});

describe('chat robot test button, by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses robot URLs on loopback, private or link-local addresses without contacting them', async () => {
    const before = hits;
    for (const url of [
      `${base}/hook`,
      base.replace('127.0.0.1', 'localhost') + '/hook',
      'http://[::1]:9/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.7/hook',
    ]) {
      const { result } = await testChannel(t, url);
      expect(result.ok, url).toBe(false);
      expect(result.error, url).toMatch(/^The robot address .+ is on a loopback, private or link-local network/);
    }
    expect((await testChannel(t, `${base}/hook`, 'zh-CN')).result.error).toContain('位于本机、内网或链路本地网络');
    expect(hits).toBe(before);
  });

  it('refuses queued deliveries to them too', async () => {
    const before = hits;
    const { id } = await testChannel(t, `${base}/deliver`);
    await expect(t.services.channels.deliver(id, 'k-internal', { title: 'T', body: 'B' })).rejects.toThrow(
      /internalAddress/,
    );
    expect(hits).toBe(before);
  });
});

describe('chat robot test button with internal addresses allowed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TENURE_ALLOW_PRIVATE_WEBHOOKS: '1' });
  });
  afterAll(() => t.close());

  it('says only the HTTP status or the robot’s error code, never the text it answered', async () => {
    const failed = (await testChannel(t, `${base}/error`)).result;
    expect(failed).toEqual({ ok: false, error: 'The robot answered HTTP 500' });
    const refused = (await testChannel(t, `${base}/refuse`, 'zh-CN')).result;
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('错误码 310000');
    expect(JSON.stringify([failed, refused])).not.toContain('INTERNAL-DETAIL');
  });
});
