import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

/** The CS team's maturity self-assessment (docs/maturity.md) through the API. */
let t: TestApp;
const LEVELS = {
  segmentation: 2,
  lifecycle: 3,
  risk: 3,
  value: 1,
  data: 4,
  health: 3,
  expansion: 2,
  advocacy: 1,
};

beforeAll(async () => {
  t = await createTestApp({ TENURE_NOW: '2026-06-15T04:00:00Z' });
});
afterAll(() => t.close());

describe('maturity self-assessment', () => {
  it('records assessments by a manager, audited, and lists them newest first with their totals', async () => {
    const manager = await t.as('cs_manager');
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/maturity',
      payload: { levels: LEVELS, note: 'Before the health project' },
      headers: manager.headers,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ levels: LEVELS, total: 19, note: 'Before the health project' });
    expect(first.json().takenBy.name).toBe(t.users.cs_manager.name);

    const second = await t.app.inject({
      method: 'POST',
      url: '/api/maturity',
      payload: { levels: { ...LEVELS, health: 5, risk: 4 } },
      headers: manager.headers,
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ total: 22, note: null });

    const list = await t.app.inject({ method: 'GET', url: '/api/maturity', headers: manager.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((a: { id: string; total: number }) => [a.id, a.total])).toEqual([
      [second.json().id, 22],
      [first.json().id, 19],
    ]);
    const audit = await t.services.audit.list({ entity: 'maturity_assessment', page: 1, pageSize: 10 });
    expect(audit.items).toHaveLength(2);
  });

  it('refuses a level out of 1–5 or a missing practice, naming it, and a CSM', async () => {
    const admin = await t.as('admin');
    const refused = async (levels: unknown, path: string) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/maturity',
        payload: { levels },
        headers: { ...admin.headers, 'accept-language': 'en' },
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(JSON.stringify(response.json())).toContain(path);
    };
    await refused({ ...LEVELS, risk: 6 }, 'levels.risk');
    await refused({ ...LEVELS, value: 0 }, 'levels.value');
    await refused({ ...LEVELS, data: 2.5 }, 'levels.data');
    const { advocacy: _, ...missing } = LEVELS;
    await refused(missing, 'levels.advocacy');
    const csm = await t.as('csm');
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/maturity',
      payload: { levels: LEVELS },
      headers: csm.headers,
    });
    expect(forbidden.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/maturity', headers: csm.headers })).statusCode).toBe(403);
  });
});
