import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { customerMaturityLevel } from '../../shared/fit.js';

/** ICP fit and customer maturity (docs/fit-and-maturity.md) through the API, on PGlite and PostgreSQL. */
let t: TestApp;
let admin: Session;
const ids: Record<string, string> = {};

const CRITERIA = [
  { field: 'bant.budget', rule: 'answered', points: 30 },
  { field: 'bant.need', rule: 'contains', values: ['CRM', '客户成功'], points: 20 },
  { field: 'industry', rule: 'one_of', values: ['SaaS', 'Retail'], points: 20 },
  { field: 'employees', rule: 'range', min: 50, max: 500, points: 20 },
  { field: 'attributes.funding', rule: 'one_of', values: ['Series B'], points: 10, label: 'Funded' },
];

async function request(session: Session, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    payload: payload as never,
    headers: { ...session.headers, 'accept-language': 'en' },
  });
}
async function createAccount(name: string, body: Record<string, unknown>) {
  const r = await request(admin, 'POST', '/api/accounts', { name, ...body });
  expect(r.statusCode, r.body).toBe(201);
  ids[name] = r.json().id;
}
async function fitOf(name: string) {
  const r = await request(admin, 'GET', `/api/accounts/${ids[name]}/fit`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
async function listed(filters: unknown[]) {
  const r = await request(
    admin,
    'GET',
    `/api/accounts?pageSize=100&filters=${encodeURIComponent(JSON.stringify(filters))}`,
  );
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().items as { name: string }[]).map((a) => a.name).sort();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
  await createAccount('Alpha', { industry: 'saas', employees: 200, attributes: { funding: 'Series B' } });
  await createAccount('Beta', { industry: 'Manufacturing', employees: 1000 });
  await createAccount('Gamma', { industry: 'Retail', employees: 50 });
  await createAccount('Delta', { industry: 'SaaS' });
  const answers: Record<string, Record<string, string>> = {
    Alpha: { budget: '¥200k approved', need: 'Replace our CRM' },
    Gamma: { budget: '  ', need: 'better reporting' },
    Delta: { budget: 'yes', need: '客户成功 platform' },
  };
  for (const [name, a] of Object.entries(answers)) {
    const r = await request(admin, 'PUT', `/api/accounts/${ids[name]}/handoff`, { answers: a });
    expect(r.statusCode, r.body).toBe(200);
  }
});
afterAll(() => t.close());

describe('ICP fit', () => {
  it('starts from the four BANT answers at 25 points each', async () => {
    const r = await request(admin, 'GET', '/api/settings/fit');
    expect(r.statusCode).toBe(200);
    expect(r.json().criteria.map((c: { field: string; points: number }) => [c.field, c.points])).toEqual([
      ['bant.budget', 25],
      ['bant.authority', 25],
      ['bant.need', 25],
      ['bant.timeline', 25],
    ]);
    // Alpha answered budget and need: 50, grade C.
    expect(await fitOf('Alpha')).toMatchObject({ score: 50, grade: 'C', points: 50, totalPoints: 100 });
  });

  it('scores every account against configured criteria, unanswered BANT counting as not met', async () => {
    const saved = await request(admin, 'PUT', '/api/settings/fit', { criteria: CRITERIA });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().criteria).toHaveLength(5);

    const alpha = await fitOf('Alpha');
    expect(alpha).toMatchObject({ score: 100, grade: 'A', points: 100, totalPoints: 100 });
    expect(alpha.criteria.map((c: { status: string }) => c.status)).toEqual(['hit', 'hit', 'hit', 'hit', 'hit']);
    const beta = await fitOf('Beta');
    expect(beta).toMatchObject({ score: 0, grade: 'D' });
    expect(beta.criteria.map((c: { status: string }) => c.status)).toEqual([
      'unknown',
      'unknown',
      'missed',
      'missed',
      'unknown',
    ]);
    // Gamma: blank budget (unknown), need without a keyword (missed), Retail 20, 50 employees (inclusive) 20.
    const gamma = await fitOf('Gamma');
    expect(gamma).toMatchObject({ score: 40, grade: 'C' });
    expect(gamma.criteria[0]).toMatchObject({ status: 'unknown' });
    expect(gamma.criteria[1]).toMatchObject({ status: 'missed', value: 'better reporting' });
    // Delta: budget 30, need 20, SaaS 20; no employee count, no funding.
    expect(await fitOf('Delta')).toMatchObject({ score: 70, grade: 'B' });

    // The list figures follow in the same request: grade A, and 60 or more.
    expect(await listed([{ field: 'fit_grade', op: 'in', value: ['A'] }])).toEqual(['Alpha']);
    expect(await listed([{ field: 'fit_score', op: 'gte', value: 60 }])).toEqual(['Alpha', 'Delta']);
    expect(await listed([{ field: 'fit_score', op: 'lt', value: 40 }])).toEqual(['Beta']);
  });

  it('rescores on a criteria change and, through the facts refresh, on a handoff save', async () => {
    const saved = await request(admin, 'PUT', '/api/settings/fit', {
      criteria: [{ field: 'industry', rule: 'one_of', values: ['manufacturing'], points: 10 }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await listed([{ field: 'fit_grade', op: 'in', value: ['A'] }])).toEqual(['Beta']);

    await request(admin, 'PUT', '/api/settings/fit', { criteria: CRITERIA });
    const r = await request(admin, 'PUT', `/api/accounts/${ids.Beta}/handoff`, { answers: { budget: 'Signed off' } });
    expect(r.statusCode).toBe(200);
    expect(await fitOf('Beta')).toMatchObject({ score: 30, grade: 'D' });
    // The save signalled the account; the facts listener's pass writes its figures.
    await t.services.facts.refresh([ids.Beta!]);
    expect(await listed([{ field: 'fit_score', op: 'eq', value: 30 }])).toEqual(['Beta']);

    // No active criterion: no score.
    await request(admin, 'PUT', '/api/settings/fit', { criteria: [{ ...CRITERIA[0], active: false }] });
    expect(await fitOf('Alpha')).toMatchObject({ score: null, grade: null, totalPoints: 0 });
    expect(await listed([{ field: 'fit_score', op: 'not_empty' }])).toEqual([]);
  });

  it('refuses bad criteria naming the field, and anyone but an admin', async () => {
    const refused = async (criterion: unknown, path: string, text: string) => {
      const r = await request(admin, 'PUT', '/api/settings/fit', { criteria: [criterion] });
      expect(r.statusCode, r.body).toBe(400);
      expect(JSON.stringify(r.json())).toContain(path);
      expect(r.body).toContain(text);
    };
    await refused({ field: 'password_hash', rule: 'answered', points: 5 }, 'criteria.0.field', 'BANT answer');
    await refused({ field: 'industry', rule: 'one_of', points: 5 }, 'criteria.0.values', 'at least one value');
    await refused({ field: 'employees', rule: 'range', points: 5 }, 'criteria.0.min', 'minimum');
    await refused({ field: 'employees', rule: 'range', min: 10, max: 5, points: 5 }, 'criteria.0.max', 'maximum');
    await refused({ field: 'industry', rule: 'answered', points: 0 }, 'criteria.0.points', '');
    const csm = await t.as('csm');
    expect((await request(csm, 'PUT', '/api/settings/fit', { criteria: CRITERIA })).statusCode).toBe(403);
    expect((await request(csm, 'GET', `/api/accounts/${ids.Alpha}/fit`)).statusCode).toBe(200);
    const zh = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/fit',
      payload: { criteria: [{ field: 'x', rule: 'answered', points: 5 }] },
      headers: { ...admin.headers, 'accept-language': 'zh-CN' },
    });
    expect(zh.statusCode).toBe(400);
    expect(zh.body).toContain('客户字段');
  });
});

describe('customer maturity', () => {
  it('levels by the rounded-down mean, at most one above the weakest dimension', () => {
    const level = (cognition: number, strategy: number, people: number, tools: number) =>
      customerMaturityLevel({ cognition, strategy, people, tools });
    expect(level(4, 4, 4, 4)).toBe('high');
    expect(level(4, 4, 4, 3)).toBe('medium'); // mean 3.75
    expect(level(3, 3, 3, 3)).toBe('medium');
    expect(level(4, 4, 4, 1)).toBe('low'); // mean 3.25, capped at 1 + 1
    expect(level(3, 3, 2, 2)).toBe('low'); // mean 2.5
    expect(level(2, 2, 1, 1)).toBe('immature'); // mean 1.5
    expect(level(1, 1, 1, 1)).toBe('immature');
  });

  it('is assessed by a CSM, kept as a history, and filters lists', async () => {
    const csm = await t.as('csm');
    const first = await request(csm, 'POST', `/api/accounts/${ids.Alpha}/maturity`, {
      cognition: 2,
      strategy: 2,
      people: 1,
      tools: 2,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ level: 'immature', note: null });
    expect(first.json().assessedBy.name).toBe(t.users.csm.name);
    expect(first.json().assessedAt).toBe('2026-06-15T04:00:00.000Z');
    const second = await request(csm, 'POST', `/api/accounts/${ids.Alpha}/maturity`, {
      cognition: 3,
      strategy: 3,
      people: 3,
      tools: 4,
      note: 'New ops lead',
    });
    expect(second.json()).toMatchObject({ level: 'medium', note: 'New ops lead' });
    await request(csm, 'POST', `/api/accounts/${ids.Gamma}/maturity`, {
      cognition: 4,
      strategy: 4,
      people: 4,
      tools: 4,
    });

    const read = await request(csm, 'GET', `/api/accounts/${ids.Alpha}/maturity`);
    expect(read.json().current.id).toBe(second.json().id);
    expect(read.json().history.map((h: { level: string }) => h.level)).toEqual(['medium', 'immature']);
    const none = await request(csm, 'GET', `/api/accounts/${ids.Beta}/maturity`);
    expect(none.json()).toEqual({ current: null, history: [] });

    expect(await listed([{ field: 'maturity_level', op: 'in', value: ['medium', 'high'] }])).toEqual([
      'Alpha',
      'Gamma',
    ]);
    expect(await listed([{ field: 'maturity_level', op: 'is_empty' }])).toEqual(['Beta', 'Delta']);
    // The hourly refresh keeps the newest level.
    await t.services.facts.refresh();
    expect(await listed([{ field: 'maturity_level', op: 'in', value: ['immature'] }])).toEqual([]);
    const audit = await t.services.audit.list({ entity: 'account_maturity', page: 1, pageSize: 10 });
    expect(audit.items).toHaveLength(3);
  });

  it('refuses a dimension out of 1–4 naming it, and a viewer', async () => {
    const csm = await t.as('csm');
    const base = { cognition: 2, strategy: 2, people: 2, tools: 2 };
    for (const [field, value] of [
      ['tools', 5],
      ['people', 0],
      ['strategy', 2.5],
    ] as const) {
      const r = await request(csm, 'POST', `/api/accounts/${ids.Beta}/maturity`, { ...base, [field]: value });
      expect(r.statusCode, r.body).toBe(400);
      expect(JSON.stringify(r.json())).toContain(`body.${field}`);
    }
    const { cognition: _, ...missing } = base;
    const r = await request(csm, 'POST', `/api/accounts/${ids.Beta}/maturity`, missing);
    expect(r.statusCode).toBe(400);
    expect(JSON.stringify(r.json())).toContain('cognition');
    const viewer = await t.as('viewer');
    expect((await request(viewer, 'POST', `/api/accounts/${ids.Beta}/maturity`, base)).statusCode).toBe(403);
    expect((await request(viewer, 'GET', `/api/accounts/${ids.Beta}/maturity`)).statusCode).toBe(200);
    const missingAccount = await request(csm, 'GET', '/api/accounts/00000000-0000-4000-8000-000000000000/fit');
    expect(missingAccount.statusCode).toBe(404);
  });
});
