import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
let csm: Session;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp();
  csm = await t.as('csm');
  accountId = (
    await t.app.inject({ method: 'POST', url: '/api/accounts', payload: { name: 'Timeline Co' }, headers: csm.headers })
  ).json().id;
});
afterAll(() => t.close());

describe('timeline', () => {
  it('adds notes, calls, meetings and visits, newest first, with the author', async () => {
    const add = (payload: object) =>
      t.app.inject({ method: 'POST', url: `/api/accounts/${accountId}/timeline`, payload, headers: csm.headers });
    expect((await add({ type: 'call', subject: 'Renewal call', occurredAt: '2026-06-10T02:00:00Z' })).statusCode).toBe(
      201,
    );
    expect(
      (await add({ type: 'visit', body: '拜访客户，讨论二期需求', occurredAt: '2026-06-12T06:00:00+08:00' }))
        .statusCode,
    ).toBe(201);
    const note = (await add({ type: 'note', body: 'Champion is moving to a new team' })).json();
    expect(note).toMatchObject({ type: 'note', authorName: 'Test csm' });

    const all = (
      await t.app.inject({
        method: 'GET',
        url: `/api/accounts/${accountId}/timeline?types=note,call,visit`,
        headers: csm.headers,
      })
    ).json();
    expect(all.items.map((i: { type: string }) => i.type)).toEqual(['note', 'visit', 'call']);
    expect(all.total).toBe(3);
    const paged = (
      await t.app.inject({
        method: 'GET',
        url: `/api/accounts/${accountId}/timeline?pageSize=1&page=2&types=note,call,visit`,
        headers: csm.headers,
      })
    ).json();
    expect(paged.items[0].type).toBe('visit');
  });

  it('refuses an empty note and system events written by hand', async () => {
    const empty = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${accountId}/timeline`,
      payload: { type: 'note', body: '  ' },
      headers: { ...csm.headers, 'accept-language': 'zh-CN' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.issues[0]).toEqual({ path: 'body.body', message: '请填写标题或内容' });
    const system = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${accountId}/timeline`,
      payload: { type: 'system', body: 'fake' },
      headers: csm.headers,
    });
    expect(system.statusCode).toBe(400);
  });

  it('lets a viewer read but not write', async () => {
    const viewer = await t.as('viewer');
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/accounts/${accountId}/timeline`, headers: viewer.headers }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/accounts/${accountId}/timeline`,
          payload: { type: 'note', body: 'x' },
          headers: viewer.headers,
        })
      ).statusCode,
    ).toBe(403);
  });
});
