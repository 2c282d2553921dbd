import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
let csm: Session;
const ids: Record<string, string> = {};

async function post(url: string, payload: unknown, session = csm) {
  return t.app.inject({ method: 'POST', url, payload: payload as object, headers: session.headers });
}
async function get(url: string, session = csm, extra: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers: { ...session.headers, ...extra } });
}
const names = (body: { items: { name: string }[] }) => body.items.map((a) => a.name);

beforeAll(async () => {
  t = await createTestApp();
  csm = await t.as('csm');
  const seed = [
    {
      externalId: 'ACME-1',
      name: 'Acme Robotics',
      domain: 'acme.io',
      industry: 'Manufacturing',
      employees: 1200,
      region: 'EMEA',
      tier: 'high_touch',
      attributes: { plan: 'enterprise', seats: 250 },
    },
    {
      externalId: 'BETA-2',
      name: '北京贝塔科技',
      domain: 'beta.cn',
      industry: 'Software',
      employees: 80,
      region: '华北',
      tier: 'low_touch',
      attributes: { plan: 'growth', seats: 40 },
    },
    {
      externalId: 'GAMMA-3',
      name: 'Gamma 100% Foods',
      domain: 'gamma.com',
      industry: 'Retail',
      employees: 15,
      region: 'APAC',
      tier: 'tech_touch',
      attributes: { plan: 'starter', seats: 5 },
    },
    {
      externalId: 'DELTA-4',
      name: 'Delta Health',
      domain: 'delta.health',
      industry: 'Healthcare',
      employees: 400,
      region: 'North America',
      attributes: { seats: 90 },
    },
  ];
  for (const account of seed) {
    const response = await post('/api/accounts', account);
    expect(response.statusCode).toBe(201);
    ids[account.externalId] = response.json().id;
  }
});
afterAll(() => t.close());

describe('accounts list', () => {
  it('pages and reports the total', async () => {
    const first = (await get('/api/accounts?pageSize=3&page=1&sort=name')).json();
    const second = (await get('/api/accounts?pageSize=3&page=2&sort=name')).json();
    expect(first.total).toBe(4);
    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(1);
    expect(new Set([...names(first), ...names(second)]).size).toBe(4);
  });

  it('sorts by a column both ways', async () => {
    expect(names((await get('/api/accounts?sort=employees&order=desc')).json())).toEqual([
      'Acme Robotics',
      'Delta Health',
      '北京贝塔科技',
      'Gamma 100% Foods',
    ]);
    expect(names((await get('/api/accounts?sort=employees&order=asc')).json())[0]).toBe('Gamma 100% Foods');
  });

  it('searches name, domain and external id, matching % literally', async () => {
    expect(names((await get('/api/accounts?q=robot')).json())).toEqual(['Acme Robotics']);
    expect(names((await get('/api/accounts?q=beta.cn')).json())).toEqual(['北京贝塔科技']);
    expect(names((await get('/api/accounts?q=delta-4')).json())).toEqual(['Delta Health']);
    expect(names((await get(`/api/accounts?q=${encodeURIComponent('100%')}`)).json())).toEqual(['Gamma 100% Foods']);
    expect(names((await get(`/api/accounts?q=${encodeURIComponent('%')}`)).json())).toEqual(['Gamma 100% Foods']);
  });

  it('looks an account up by exact external id', async () => {
    const body = (await get('/api/accounts?externalId=BETA-2')).json();
    expect(body.total).toBe(1);
    expect(body.items[0].id).toBe(ids['BETA-2']);
    expect((await get('/api/accounts?externalId=BETA')).json().total).toBe(0);
  });

  it('filters on columns and custom attributes, numbers compared as numbers', async () => {
    const filter = (conditions: unknown, match = 'all') =>
      get(`/api/accounts?match=${match}&filters=${encodeURIComponent(JSON.stringify(conditions))}`);
    expect(names((await filter([{ field: 'industry', op: 'eq', value: 'Retail' }])).json())).toEqual([
      'Gamma 100% Foods',
    ]);
    expect(
      names((await filter([{ field: 'attributes.plan', op: 'in', value: ['growth', 'starter'] }])).json()).sort(),
    ).toEqual(['Gamma 100% Foods', '北京贝塔科技']);
    // 90 > 250 as text; as numbers 250 and 90 are both ≥ 50 but 40 and 5 are not.
    expect(names((await filter([{ field: 'attributes.seats', op: 'gte', value: 50 }])).json()).sort()).toEqual([
      'Acme Robotics',
      'Delta Health',
    ]);
    expect(names((await filter([{ field: 'attributes.plan', op: 'is_empty' }])).json())).toEqual(['Delta Health']);
    // Id fields take any value, and "is empty" finds accounts without an owner.
    expect((await filter([{ field: 'owner_id', op: 'is_empty' }])).json().total).toBe(4);
    expect((await filter([{ field: 'owner_id', op: 'eq', value: 'not-a-uuid' }])).json().total).toBe(0);
    expect(
      names(
        (
          await filter(
            [
              { field: 'employees', op: 'lt', value: 100 },
              { field: 'region', op: 'eq', value: 'EMEA' },
            ],
            'any',
          )
        ).json(),
      ).sort(),
    ).toEqual(['Acme Robotics', 'Gamma 100% Foods', '北京贝塔科技']);
  });

  it('refuses malformed filters and unknown sort fields with 400 naming the field', async () => {
    const bad = await get(
      `/api/accounts?filters=${encodeURIComponent('[{"field":"password_hash","op":"eq","value":"x"}]')}`,
      csm,
      { 'accept-language': 'en' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0]).toEqual({
      path: 'querystring.filters.0.field',
      message: '“password_hash” is not a known account field',
    });
    const sort = await get('/api/accounts?sort=password_hash', csm, { 'accept-language': 'en' });
    expect(sort.statusCode).toBe(400);
    expect(sort.json().error.issues[0].path).toBe('querystring.sort');
  });
});

describe('account validation', () => {
  it('answers 400 with the field path and a message in the caller language', async () => {
    const payload = { name: '', employees: -3, tier: 'gold' };
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      payload,
      headers: { ...csm.headers, 'accept-language': 'en' },
    });
    expect(en.statusCode).toBe(400);
    const paths = en
      .json()
      .error.issues.map((i: { path: string }) => i.path)
      .sort();
    expect(paths).toEqual(['body.employees', 'body.name', 'body.tier']);
    expect(en.json().error.issues.find((i: { path: string }) => i.path === 'body.tier').message).toContain(
      'expected one of',
    );

    const zh = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      payload,
      headers: { ...csm.headers, 'accept-language': 'zh-CN' },
    });
    expect(zh.json().error.message).toMatch(/^请求不合法/);
    expect(zh.json().error.issues.find((i: { path: string }) => i.path === 'body.tier').message).toContain('无效选项');
  });

  it('answers 409 when the external id is taken', async () => {
    const response = await post('/api/accounts', { name: 'Copy', externalId: 'ACME-1' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.issues).toEqual([{ path: 'body.externalId', message: '已被其他记录使用' }]);
  });

  it('refuses a parent cycle', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: `/api/accounts/${ids['BETA-2']}`,
      payload: { parentId: ids['ACME-1'] },
      headers: csm.headers,
    });
    const cycle = await t.app.inject({
      method: 'PATCH',
      url: `/api/accounts/${ids['ACME-1']}`,
      payload: { parentId: ids['BETA-2'] },
      headers: csm.headers,
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.issues[0].path).toBe('body.parentId');
  });
});

describe('account changes', () => {
  it('merges custom attributes, records the change in the audit log and the timeline', async () => {
    const id = ids['DELTA-4'];
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/accounts/${id}`,
      payload: { lifecycleStage: 'onboarding', attributes: { plan: 'growth', seats: null, nps_owner: 'Li Lei' } },
      headers: csm.headers,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().attributes).toEqual({ plan: 'growth', nps_owner: 'Li Lei' });
    expect(patched.json().lifecycleStage).toBe('onboarding');

    const audit = (await get(`/api/audit?entity=account&entityId=${id}`, await t.as('admin'))).json();
    const update = audit.items.find((e: { action: string }) => e.action === 'update');
    expect(update.actor_name).toBe('Test csm');
    expect(update.before.attributes).toEqual({ seats: 90 });
    expect(update.after.lifecycle_stage).toBe('onboarding');

    const timeline = (await get(`/api/accounts/${id}/timeline`)).json();
    const keys = timeline.items.map((i: { data: { key?: string } }) => i.data.key);
    expect(keys).toContain('timeline.stageChanged');
    expect(keys).toContain('timeline.accountCreated');
  });

  it('soft-deletes: gone from lists and lookups, kept in the audit log', async () => {
    const id = ids['GAMMA-3'];
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/accounts/${id}`, headers: csm.headers })).statusCode,
    ).toBe(403);
    const admin = await t.as('admin');
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/accounts/${id}`, headers: admin.headers })).statusCode,
    ).toBe(200);
    expect((await get(`/api/accounts/${id}`)).statusCode).toBe(404);
    expect(names((await get('/api/accounts')).json())).not.toContain('Gamma 100% Foods');
    const audit = (await get(`/api/audit?entity=account&entityId=${id}`, admin)).json();
    expect(audit.items[0]).toMatchObject({ action: 'delete', actor_name: 'Test admin' });
    // The external id is free again for a new account.
    expect((await post('/api/accounts', { name: 'Gamma again', externalId: 'GAMMA-3' })).statusCode).toBe(201);
  });
});

describe('accounts list pages with names', () => {
  it('sorts by owner name and names owner, sales owner and parent on every page', async () => {
    const make = async (name: string, extra: Record<string, unknown>) => {
      const response = await post('/api/accounts', { name, ...extra });
      expect(response.statusCode).toBe(201);
      return response.json().id as string;
    };
    // Only roles that own accounts may be owners; a second CSM whose name sorts last plays the third.
    const zeta = await t.services.users.create(
      { type: 'cli', id: null, name: 'cli', role: 'admin' },
      { email: 'zeta@owners.example', name: 'Test zeta', role: 'csm', password: 'long enough password' },
    );
    const parent = await make('Owned parent', { ownerId: zeta.id });
    await make('Owned by csm', { ownerId: t.users.csm.id, salesOwnerId: t.users.sales.id, parentId: parent });
    await make('Owned by admin', { ownerId: t.users.admin.id });
    await make('Owned by nobody', {});
    const page = async (n: number, order = 'asc') =>
      (await get(`/api/accounts?q=Owned&sort=owner_name&order=${order}&pageSize=1&page=${n}`)).json() as {
        total: number;
        items: { name: string; ownerName: string | null; salesOwnerName: string | null; parentName: string | null }[];
      };
    const pages = await Promise.all([1, 2, 3, 4].map((n) => page(n)));
    expect(pages.map((p) => p.total)).toEqual([4, 4, 4, 4]);
    expect(pages.map((p) => p.items[0]!.name)).toEqual([
      'Owned by admin',
      'Owned by csm',
      'Owned parent',
      'Owned by nobody',
    ]);
    expect(pages[1]!.items[0]).toMatchObject({
      ownerName: 'Test csm',
      salesOwnerName: 'Test sales',
      parentName: 'Owned parent',
    });
    expect(pages[3]!.items[0]!.ownerName).toBeNull();
    expect((await page(1, 'desc')).items[0]!.name).toBe('Owned parent');
  });
});

describe('account owners', () => {
  it('accepts admins, CS managers and CSMs as owners and refuses other roles naming ownerId', async () => {
    for (const role of ['admin', 'cs_manager', 'csm'] as const)
      expect((await post('/api/accounts', { name: `Owner ${role}`, ownerId: t.users[role].id })).statusCode).toBe(201);
    for (const role of ['support', 'sales', 'onboarding', 'viewer'] as const) {
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/accounts',
        payload: { name: `Owner ${role}`, ownerId: t.users[role].id },
        headers: { ...csm.headers, 'accept-language': 'en' },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.issues[0]).toMatchObject({ path: 'body.ownerId' });
    }
    const id = (await post('/api/accounts', { name: 'Owner change' })).json().id;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/accounts/${id}`,
      payload: { ownerId: t.users.support.id },
      headers: csm.headers,
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.issues[0].path).toBe('body.ownerId');
  });
});
