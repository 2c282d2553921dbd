import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
let csm: Session;

beforeAll(async () => {
  t = await createTestApp();
  csm = await t.as('csm');
  for (const [name, segment, employees] of [
    ['Small A', 'smb', 10],
    ['Small B', 'smb', 30],
    ['Mid C', 'mid_market', 300],
    ['Big D', 'enterprise', 5000],
  ] as const) {
    await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      payload: { name, employees, attributes: { segment } },
      headers: csm.headers,
    });
  }
});
afterAll(() => t.close());

describe('segments', () => {
  it('count their members live and select them in the accounts list', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/segments',
      payload: {
        name: 'SMB',
        rules: { match: 'all', conditions: [{ field: 'attributes.segment', op: 'eq', value: 'smb' }] },
      },
      headers: csm.headers,
    });
    expect(created.statusCode).toBe(201);
    const segment = created.json();
    expect(segment.memberCount).toBe(2);

    const list = (
      await t.app.inject({
        method: 'GET',
        url: `/api/accounts?segmentId=${segment.id}&sort=name`,
        headers: csm.headers,
      })
    ).json();
    expect(list.items.map((a: { name: string }) => a.name)).toEqual(['Small A', 'Small B']);

    // A new member counts at once: the count is computed, not stored.
    await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      payload: { name: 'Small E', attributes: { segment: 'smb' } },
      headers: csm.headers,
    });
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/segments/${segment.id}`, headers: csm.headers })).json()
        .memberCount,
    ).toBe(3);

    // Segment and list filters combine.
    const filters = encodeURIComponent(JSON.stringify([{ field: 'employees', op: 'gt', value: 20 }]));
    const both = (
      await t.app.inject({
        method: 'GET',
        url: `/api/accounts?segmentId=${segment.id}&filters=${filters}`,
        headers: csm.headers,
      })
    ).json();
    expect(both.items.map((a: { name: string }) => a.name)).toEqual(['Small B']);
  });

  it('updates rules and refuses a segment without conditions', async () => {
    const segment = (
      await t.app.inject({
        method: 'POST',
        url: '/api/segments',
        payload: { name: 'Large', rules: { conditions: [{ field: 'employees', op: 'gte', value: 1000 }] } },
        headers: csm.headers,
      })
    ).json();
    expect(segment.memberCount).toBe(1);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/segments/${segment.id}`,
      payload: {
        rules: {
          match: 'any',
          conditions: [
            { field: 'employees', op: 'gte', value: 1000 },
            { field: 'attributes.segment', op: 'eq', value: 'mid_market' },
          ],
        },
      },
      headers: csm.headers,
    });
    expect(patched.json().memberCount).toBe(2);
    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/segments',
      payload: { name: 'Nothing', rules: { conditions: [] } },
      headers: { ...csm.headers, 'accept-language': 'en' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.issues[0]).toEqual({
      path: 'body.rules.conditions',
      message: 'A segment needs at least one condition',
    });
  });

  it('may be deleted by managers only', async () => {
    const segment = (
      await t.app.inject({
        method: 'POST',
        url: '/api/segments',
        payload: { name: 'Temp', rules: { conditions: [{ field: 'name', op: 'not_empty' }] } },
        headers: csm.headers,
      })
    ).json();
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/segments/${segment.id}`, headers: csm.headers })).statusCode,
    ).toBe(403);
    const manager = await t.as('cs_manager');
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/segments/${segment.id}`, headers: manager.headers }))
        .statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/segments/${segment.id}`, headers: csm.headers })).statusCode,
    ).toBe(404);
  });
});
