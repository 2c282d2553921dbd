import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

/**
 * The `segment` condition (docs/lists.md): "is in" / "is not in" a saved segment counts its rule matches and its
 * manual members, compiled in SQL wherever the condition language runs — the accounts list filter, a
 * segment's own rules (nested), rule-set matching — and a segment may not lead back to itself.
 */
let t: TestApp;
let manager: Session;
const ids: Record<string, string> = {};
let big = '';
let small = '';
const missing = '00000000-0000-4000-8000-000000000000';

const names = async (filters: unknown[], locale = 'en') => {
  const response = await t.app.inject({
    url: `/api/accounts?pageSize=50&filters=${encodeURIComponent(JSON.stringify(filters))}`,
    headers: { ...manager.headers, 'accept-language': locale },
  });
  return response.statusCode === 200
    ? (response.json().items as { name: string }[]).map((a) => a.name).sort()
    : response.json().error;
};
const inSegment = (...segmentIds: string[]) => ({ field: 'segment', op: 'in' as const, value: segmentIds });
const notInSegment = (...segmentIds: string[]) => ({ field: 'segment', op: 'not_in' as const, value: segmentIds });

beforeAll(async () => {
  t = await createTestApp({ TENURE_LOCALE: 'en' });
  manager = await t.as('cs_manager');
  for (const [name, employees] of [
    ['Alpha', 5000],
    ['Beta', 800],
    ['Gamma', 20],
    ['Delta', 10],
  ] as const)
    ids[name] = (await t.services.accounts.create(cliActor, { name, employees })).id;
  big = (
    await t.services.segments.create(cliActor, {
      name: 'Big',
      rules: { match: 'all', conditions: [{ field: 'employees', op: 'gte', value: 500 }] },
    })
  ).id;
  small = (
    await t.services.segments.create(cliActor, {
      name: 'Small',
      rules: { match: 'all', conditions: [{ field: 'employees', op: 'lt', value: 100 }] },
    })
  ).id;
  // Delta is put in Big by hand; Beta is taken out of it by hand.
  await t.services.segments.setManualMembers(big, [ids.Delta!], true);
  await t.services.segments.setManualMembers(big, [ids.Beta!], false);
});
afterAll(() => t.close());

describe('the segment condition', () => {
  it('counts rule members and manual members, and "not in" is the rest', async () => {
    expect(await names([inSegment(big)])).toEqual(['Alpha', 'Delta']);
    expect(await names([notInSegment(big)])).toEqual(['Beta', 'Gamma']);
    expect(await names([inSegment(big, small)])).toEqual(['Alpha', 'Delta', 'Gamma']);
    expect(await names([notInSegment(big), { field: 'employees', op: 'lt', value: 100 }])).toEqual(['Gamma']);
  });

  it('nests: a segment defined by membership of another is evaluated by that one’s rules and members', async () => {
    const notBig = await t.services.segments.create(cliActor, {
      name: 'Not big',
      rules: { match: 'all', conditions: [notInSegment(big)] },
    });
    expect(notBig.memberCount).toBe(2);
    expect((await t.services.segments.memberIds(notBig.id)).sort()).toEqual([ids.Beta, ids.Gamma].sort());
    expect(await names([inSegment(notBig.id)])).toEqual(['Beta', 'Gamma']);
    const matched = await t.services.accounts.ruleSetsMatched([
      { id: 'x', match: 'any', conditions: [inSegment(notBig.id)] },
    ]);
    expect([...matched.keys()].sort()).toEqual([ids.Beta, ids.Gamma].sort());
    expect((await t.services.segments.membershipsOf(ids.Gamma!)).map((s) => s.name)).toEqual(['Not big', 'Small']);
  });

  it('refuses a segment leading back to itself, directly or through another, naming the field', async () => {
    const a = await t.services.segments.create(cliActor, {
      name: 'A',
      rules: { match: 'all', conditions: [{ field: 'employees', op: 'gt', value: 0 }] },
    });
    const b = await t.services.segments.create(cliActor, {
      name: 'B',
      rules: { match: 'all', conditions: [inSegment(a.id)] },
    });
    for (const [rules, locale, text] of [
      [{ match: 'all', conditions: [inSegment(a.id)] }, 'en', 'cannot test membership of itself'],
      [{ match: 'any', conditions: [{ field: 'name', op: 'eq', value: 'x' }, inSegment(b.id)] }, 'zh-CN', '自身'],
    ] as const) {
      const response = await t.app.inject({
        method: 'PATCH',
        url: `/api/segments/${a.id}`,
        headers: { ...manager.headers, 'accept-language': locale },
        payload: { rules },
      });
      expect(response.statusCode, response.body).toBe(400);
      const issue = response.json().error.issues[0];
      expect(issue.path).toBe(`body.rules.conditions.${rules.conditions.length - 1}.value`);
      expect(issue.message).toContain(text);
    }
    // The rules are unchanged, so B still has every account with employees.
    expect((await t.services.segments.get(b.id)).memberCount).toBe(4);
  });

  it('refuses an unknown segment (400 naming the field) and other operators', async () => {
    const error = await names([{ field: 'name', op: 'eq', value: 'x' }, inSegment(missing)]);
    expect([error.issues[0].path, error.issues[0].message]).toEqual([
      'query.filters.1.value',
      expect.stringContaining('no such segment'),
    ]);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/segments',
      headers: { ...manager.headers, 'accept-language': 'zh-CN' },
      payload: { name: 'Bad', rules: { match: 'all', conditions: [inSegment(missing)] } },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().error.issues[0]).toMatchObject({
      path: 'body.rules.conditions.0.value',
      message: expect.stringContaining('分群不存在'),
    });
    const op = await names([{ field: 'segment', op: 'eq', value: big }]);
    expect(op.issues[0].path).toMatch(/filters\.0\.op$/);
  });
});
