import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

/**
 * A condition that passes validation must be one SQL can evaluate: fields are own keys of the field
 * list (not `toString` through the prototype) and values fit the field's type. A segment stored
 * before these checks (or written by hand) is flagged and skipped, never a 500 for other pages.
 */
let t: TestApp;
let csm: Session;
let admin: Session;
const bad: Record<string, string> = {};
let good: string;

const inject = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  payload?: object,
  session: Session = csm,
  lang = 'en',
) => t.app.inject({ method, url, payload, headers: { ...session.headers, 'accept-language': lang } });
const condition = (field: string, op: string, value?: unknown) => ({
  name: `S ${field}`,
  rules: { match: 'all', conditions: [{ field, op, value }] },
});

beforeAll(async () => {
  t = await createTestApp();
  [csm, admin] = await Promise.all([t.as('csm'), t.as('admin')]);
  for (const [name, employees] of [
    ['Alpha', 10],
    ['Beta', 500],
  ] as const) {
    const account = await t.services.accounts.create(cliActor, { name, employees, ownerId: t.users.csm.id });
    await t.services.subscriptions.recordVersion(cliActor, account.id, {
      subscriptionExternalId: `sub-${name}`,
      amountMinor: 1_200_000,
      currency: 'CNY',
      interval: 'year',
      startsOn: '2025-08-01',
    });
  }
  good = (
    await t.services.segments.create(cliActor, {
      name: 'Z large',
      rules: { match: 'all', conditions: [{ field: 'employees', op: 'gte', value: 100 }] },
    })
  ).id;
  // Written straight into the table, as an older release or a hand edit could have left them; named to sort first.
  const stored: [string, unknown][] = [
    ['A toString', { match: 'all', conditions: [{ field: 'toString', op: 'eq', value: 'x' }] }],
    ['B proto', { match: 'all', conditions: [{ field: '__proto__', op: 'not_empty' }] }],
    ['C employees abc', { match: 'all', conditions: [{ field: 'employees', op: 'gt', value: 'abc' }] }],
    ['D huge', { match: 'any', conditions: [{ field: 'employees', op: 'lt', value: 1e308 }] }],
    ['E bad date', { match: 'all', conditions: [{ field: 'first_paid_on', op: 'lt', value: '2024-02-30' }] }],
    ['F not rules', 'garbage'],
  ];
  for (const [name, rules] of stored) {
    const row = await sql<{
      id: string;
    }>`insert into segments (name, rules) values (${name}, ${JSON.stringify(rules)}::jsonb) returning id`.execute(
      t.database.db,
    );
    bad[name] = row.rows[0].id;
  }
});
afterAll(() => t.close());

describe('segment rules are validated on save', () => {
  it.each([
    ['toString', 'eq', 'x', 'body.rules.conditions.0.field', '“toString” is not a known account field'],
    ['__proto__', 'not_empty', undefined, 'body.rules.conditions.0.field', '“__proto__” is not a known account field'],
    ['constructor', 'eq', 'x', 'body.rules.conditions.0.field', '“constructor” is not a known account field'],
    ['employees', 'gt', 'abc', 'body.rules.conditions.0.value', 'employees compares whole numbers'],
    ['employees', 'lt', 1e308, 'body.rules.conditions.0.value', 'employees compares whole numbers'],
    ['employees', 'gt', 2.5, 'body.rules.conditions.0.value', 'employees compares whole numbers'],
    ['employees', 'in', [1, 'x'], 'body.rules.conditions.0.value', 'employees compares whole numbers'],
    ['first_paid_on', 'lt', 'not a date', 'body.rules.conditions.0.value', 'first_paid_on compares dates'],
    ['first_paid_on', 'gte', '2024-02-30', 'body.rules.conditions.0.value', 'first_paid_on compares dates'],
    ['created_at', 'gt', true, 'body.rules.conditions.0.value', 'created_at compares dates'],
  ])('refuses %s %s %j with 400 naming the field', async (field, op, value, path, message) => {
    const r = await inject('POST', '/api/segments', condition(field, op, value));
    expect(r.statusCode).toBe(400);
    const issue = r.json().error.issues[0];
    expect(issue.path).toBe(path);
    expect(issue.message).toContain(message);
  });

  it('phrases the refusal in Chinese too, and accepts typed values', async () => {
    const zh = await inject('POST', '/api/segments', condition('employees', 'gt', 'abc'), csm, 'zh-CN');
    expect(zh.json().error.issues[0].message).toMatch(/employees.*整数/);
    expect(
      (await inject('POST', '/api/segments', condition('toString', 'eq', 'x'), csm, 'zh-CN')).json().error.issues[0]
        .message,
    ).toContain('不是已知的客户字段');
    for (const [field, op, value] of [
      ['employees', 'gt', 20],
      ['employees', 'in', [10, 500]],
      ['first_paid_on', 'lt', '2024-02-29'],
      ['created_at', 'gte', '2026-01-01T00:00:00Z'],
      ['attributes.seats', 'gt', 1e308],
    ] as const) {
      const r = await inject('POST', '/api/segments', { ...condition(field, op, value), name: `ok ${field} ${op}` });
      expect(r.statusCode, r.body).toBe(201);
      await t.services.segments.remove(cliActor, r.json().id); // the lists below count on the segments set up above
    }
  });

  it('validates the accounts list filter and saved views with the same rules', async () => {
    const filters = encodeURIComponent(
      JSON.stringify([
        { field: 'name', op: 'contains', value: 'a' },
        { field: 'valueOf', op: 'eq', value: 1 },
      ]),
    );
    const list = await inject('GET', `/api/accounts?filters=${filters}`);
    expect(list.statusCode).toBe(400);
    expect(list.json().error.issues[0]).toMatchObject({
      path: 'querystring.filters.1.field',
      message: '“valueOf” is not a known account field',
    });
    const view = await inject('POST', '/api/views', {
      page: 'accounts',
      name: 'Bad',
      state: { filters: [{ field: 'employees', op: 'gt', value: 'abc' }] },
    });
    expect(view.statusCode).toBe(400);
    expect(view.json().error.issues[0].path).toBe('body.state.filters.0.value');
    expect(
      (
        await inject('POST', '/api/views', {
          page: 'accounts',
          name: 'Good',
          state: { filters: [{ field: 'employees', op: 'gt', value: 20 }], sort: 'name' },
        })
      ).statusCode,
    ).toBe(201);
  });
});

describe('a stored segment that can no longer be evaluated', () => {
  it('is flagged with a reason in the segments list, the others still counted', async () => {
    const r = await inject('GET', '/api/segments');
    expect(r.statusCode, r.body).toBe(200);
    const byName = new Map(r.json().items.map((s: { name: string }) => [s.name, s]));
    expect(byName.get('Z large')).toMatchObject({ invalid: false, invalidReason: null, memberCount: 1 });
    for (const name of Object.keys(bad))
      expect(byName.get(name), name).toMatchObject({ invalid: true, memberCount: null });
    expect((byName.get('A toString') as { invalidReason: string }).invalidReason).toContain(
      '“toString” is not a known account field',
    );
    const zh = (await inject('GET', `/api/segments/${bad['C employees abc']}`, undefined, csm, 'zh-CN')).json();
    expect(zh).toMatchObject({ invalid: true });
    expect(zh.invalidReason).toMatch(/employees.*整数/);
  });

  it('is skipped by the renewal centre, the accounts list, CTA rules and lifecycle', async () => {
    const renewals = await inject('GET', '/api/renewals?days=90');
    expect(renewals.statusCode, renewals.body).toBe(200);
    expect(
      renewals
        .json()
        .items.map((i: { accountName: string; segmentName: string | null }) => [i.accountName, i.segmentName])
        .sort(),
    ).toEqual([
      ['Alpha', null],
      ['Beta', 'Z large'],
    ]);
    expect((await inject('GET', '/api/accounts')).statusCode).toBe(200);
    expect((await inject('GET', `/api/accounts?segmentId=${good}`)).json().total).toBe(1);
    // Filtering by the broken segment itself is refused with a reason, not answered with a 500.
    const byBad = await inject('GET', `/api/accounts?segmentId=${bad['A toString']}`);
    expect(byBad.statusCode).toBe(409);
    expect(byBad.json().error.message).toContain('A toString');

    const triggers = (await inject('GET', '/api/cta-rules', undefined, admin)).json().triggers as {
      type: string;
      defaults: Record<string, unknown>;
    }[];
    const rule = await inject(
      'POST',
      '/api/cta-rules',
      {
        name: 'Scoped to a broken segment',
        trigger: triggers[0].type,
        params: triggers[0].defaults,
        ctaType: 'risk',
        priority: 'high',
        segmentId: bad['C employees abc'],
      },
      admin,
    );
    expect(rule.statusCode, rule.body).toBe(201);
    const run = await inject('POST', '/api/cta-rules/run', {}, admin);
    expect(run.statusCode, run.body).toBe(200);

    const settings = (await inject('GET', '/api/settings/lifecycle', undefined, admin)).json();
    const put = await inject(
      'PUT',
      '/api/settings/lifecycle',
      { ...settings, segments: [{ segmentId: bad['D huge'], ...settings.defaults }] },
      admin,
    );
    expect(put.statusCode, put.body).toBe(200);
    expect((await inject('POST', '/api/lifecycle/run', {}, admin)).statusCode).toBe(200);
  });

  it('can be repaired by saving valid rules', async () => {
    const fixed = await inject('PATCH', `/api/segments/${bad['F not rules']}`, {
      rules: { match: 'all', conditions: [{ field: 'employees', op: 'lt', value: 100 }] },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ invalid: false, memberCount: 1 });
  });
});
