import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
let csm: Session;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp();
  csm = await t.as('csm');
  accountId = (
    await t.app.inject({ method: 'POST', url: '/api/accounts', payload: { name: 'Contacts Co' }, headers: csm.headers })
  ).json().id;
});
afterAll(() => t.close());

const url = () => `/api/accounts/${accountId}/contacts`;

describe('contacts', () => {
  it('keeps decision-chain roles and one primary contact per account', async () => {
    const add = (payload: object) => t.app.inject({ method: 'POST', url: url(), payload, headers: csm.headers });
    const ceo = (
      await add({ name: '王伟', email: 'wang@contacts.co', title: 'CEO', role: 'decision_maker', isPrimary: true })
    ).json();
    const champion = await add({ name: 'Amy Lee', email: 'amy@contacts.co', role: 'champion', isPrimary: true });
    expect(champion.statusCode).toBe(201);
    await add({ name: 'Bob Block', role: 'blocker' });

    const list = (await t.app.inject({ method: 'GET', url: url(), headers: csm.headers })).json().items;
    expect(list.map((c: { name: string }) => c.name)).toEqual(['Amy Lee', 'Bob Block', '王伟']);
    expect(list.filter((c: { isPrimary: boolean }) => c.isPrimary).map((c: { name: string }) => c.name)).toEqual([
      'Amy Lee',
    ]);
    expect(list.find((c: { id: string }) => c.id === ceo.id).role).toBe('decision_maker');
  });

  it('validates email and role', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: url(),
      payload: { name: 'X', email: 'not-an-email', role: 'cheerleader' },
      headers: { ...csm.headers, 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['body.email', 'body.role']);
  });

  it('updates and removes a contact, leaving a trace on the timeline', async () => {
    const created = (
      await t.app.inject({
        method: 'POST',
        url: url(),
        payload: { name: 'Temp Person', role: 'end_user' },
        headers: csm.headers,
      })
    ).json();
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `${url()}/${created.id}`,
      payload: { role: 'champion', title: 'Ops lead' },
      headers: csm.headers,
    });
    expect(patched.json()).toMatchObject({ role: 'champion', title: 'Ops lead' });
    expect(
      (await t.app.inject({ method: 'DELETE', url: `${url()}/${created.id}`, headers: csm.headers })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: `${url()}/${created.id}`, headers: csm.headers })).statusCode,
    ).toBe(404);
    const timeline = (
      await t.app.inject({
        method: 'GET',
        url: `/api/accounts/${accountId}/timeline?types=system`,
        headers: csm.headers,
      })
    ).json();
    expect(timeline.items[0].data).toEqual({ key: 'timeline.contactRemoved', params: { name: 'Temp Person' } });
  });

  it('answers 404 for contacts of an unknown account', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/accounts/00000000-0000-4000-8000-000000000000/contacts',
      headers: { ...csm.headers, 'accept-language': 'zh-CN' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe('未找到客户');
  });
});
