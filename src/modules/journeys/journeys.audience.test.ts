import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import type { JourneyDefinitionInput } from '../../shared/journeys.js';
import { cliActor } from '../audit/actor.js';

/**
 * Whom a journey's steps reach and test (docs/journeys.md): the recipients option of an account journey's
 * send and survey steps (all contacts, the primary one, a decision-chain role), branches on segment
 * membership, and contact-scoped branches on the participant contact's own fields.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
const START = new Date('2026-06-15T04:00:00Z');
let now = START;
let template = '';
const to = () => smtp.mails.flatMap((m) => m.to).sort();
const subjects = () => smtp.mails.map((m) => `${m.to.join(',')} ${/^Subject: (.*)$/m.exec(m.raw)?.[1]?.trim()}`).sort();
let seq = 0;

async function save(definition: unknown, locale = 'en') {
  const headers = { ...(await t.as('cs_manager')).headers, 'accept-language': locale };
  return t.app.inject({ method: 'POST', url: '/api/journeys', headers, payload: { name: `J${++seq}`, definition } });
}
async function published(definition: JourneyDefinitionInput) {
  const created = await save(definition);
  expect(created.statusCode, created.body).toBe(201);
  const headers = (await t.as('admin')).headers;
  const id = created.json().id as string;
  const publish = await t.app.inject({ method: 'POST', url: `/api/journeys/${id}/publish`, headers });
  expect(publish.statusCode, publish.body).toBe(200);
  return id;
}
async function enrol(id: string, who: { accountIds?: string[]; contactIds?: string[] }) {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/journeys/${id}/enrol`,
    headers: (await t.as('csm')).headers,
    payload: who,
  });
  expect(response.statusCode, response.body).toBe(200);
}
async function account(name: string, attributes: Record<string, unknown> = {}) {
  return (await t.services.accounts.create(cliActor, { name, externalId: name, attributes })).id;
}
/** Each contact a minute after the one before, so "the oldest" is well defined. */
async function contact(accountId: string, name: string, extra: Record<string, unknown> = {}) {
  now = new Date(now.getTime() + 60_000);
  return (await t.services.contacts.create(cliActor, accountId, { name, email: `${name}@example.com`, ...extra })).id;
}
async function template_(name: string) {
  return (
    await t.services.messaging.templates.create(cliActor, {
      name,
      channel: 'email',
      messageType: 'transactional',
      content: { en: { subject: name, body: 'Hello' } },
    })
  ).id;
}
const send = (extra: Record<string, unknown> = {}) =>
  ({ id: 'hello', kind: 'send', templateId: template, next: null, ...extra }) as const;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ SMTP_URL: smtp.url, TENURE_LOCALE: 'en', TENURE_SESSION_DAYS: '365' });
  t.clock.now = () => new Date(now);
  template = await template_('hello');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(() => smtp.reset());

describe('recipients of an account journey’s send', () => {
  it('reaches all contacts, the primary one (else the oldest with an address), or those of a role', async () => {
    const acme = await account('acme');
    await contact(acme, 'acme-old', { role: 'end_user' });
    await contact(acme, 'acme-boss', { role: 'decision_maker', isPrimary: true });
    await contact(acme, 'acme-champ', { role: 'champion' });
    await t.services.contacts.create(cliActor, acme, { name: 'no-mail', role: 'decision_maker' });
    const beta = await account('beta'); // no primary contact: the oldest one with an address
    await contact(beta, 'beta-first', { role: 'champion' });
    await contact(beta, 'beta-second', { role: 'decision_maker' });
    const cases = [
      [{}, ['acme-boss', 'acme-champ', 'acme-old', 'beta-first', 'beta-second']],
      [{ recipients: 'primary' }, ['acme-boss', 'beta-first']],
      [{ recipients: 'role', recipientRole: 'decision_maker' }, ['acme-boss', 'beta-second']],
      [{ recipients: 'role', recipientRole: 'champion' }, ['acme-champ', 'beta-first']],
    ] as const;
    for (const [option, expected] of cases) {
      smtp.reset();
      const id = await published({ entry: { kind: 'manual' }, start: 'hello', steps: [send(option)] });
      await enrol(id, { accountIds: [acme, beta] });
      expect(to(), JSON.stringify(option)).toEqual(expected.map((n) => `${n}@example.com`));
    }
  });

  it('refuses a role option without its role, naming the step’s field in the caller’s language', async () => {
    for (const [locale, text] of [
      ['en', 'role of the contacts'],
      ['zh-CN', '联系人角色'],
    ] as const) {
      const response = await save(
        { entry: { kind: 'manual' }, start: 'hello', steps: [send({ recipients: 'role' })] },
        locale,
      );
      expect(response.statusCode, response.body).toBe(400);
      const issue = response.json().error.issues[0];
      expect([issue.path, issue.message]).toEqual([
        'body.definition.steps.0.recipientRole',
        expect.stringContaining(text),
      ]);
    }
  });
});

describe('a branch on segment membership', () => {
  it('sends members (by rule or by hand) one way and the others the other way', async () => {
    const [vip, handPicked, plain] = [
      await account('vip', { vip: 'yes' }),
      await account('picked'),
      await account('plain'),
    ];
    for (const [id, name] of [
      [vip, 'vip'],
      [handPicked, 'picked'],
      [plain, 'plain'],
    ] as const)
      await contact(id, name);
    const vips = await t.services.segments.create(cliActor, {
      name: 'VIP',
      rules: { match: 'all', conditions: [{ field: 'attributes.vip', op: 'eq', value: 'yes' }] },
    });
    await t.services.segments.setManualMembers(vips.id, [handPicked], true);
    const [member, other] = [await template_('member'), await template_('other')];
    const id = await published({
      entry: { kind: 'manual' },
      start: 'vip',
      steps: [
        {
          id: 'vip',
          kind: 'branch',
          rules: { match: 'all', conditions: [{ field: 'segment', op: 'in', value: [vips.id] }] },
          yes: 'member',
          no: 'other',
        },
        { id: 'member', kind: 'send', templateId: member, next: null },
        { id: 'other', kind: 'send', templateId: other, next: null },
      ],
    });
    await enrol(id, { accountIds: [vip, handPicked, plain] });
    expect(subjects()).toEqual(['picked@example.com member', 'plain@example.com other', 'vip@example.com member']);
  });

  it('refuses a condition naming an unknown segment, on the step’s field', async () => {
    const response = await save({
      entry: { kind: 'manual' },
      start: 'b',
      steps: [
        {
          id: 'b',
          kind: 'branch',
          rules: {
            match: 'all',
            conditions: [{ field: 'segment', op: 'not_in', value: ['00000000-0000-4000-8000-000000000000'] }],
          },
          yes: null,
          no: null,
        },
      ],
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.issues[0].path).toBe('body.definition.steps.0.rules.conditions.0.value');
  });
});

describe('a contact journey’s branch on the contact’s own fields', () => {
  const byRole = (scope: 'contact' | 'account', yes: string, no: string): JourneyDefinitionInput => ({
    scope,
    entry: { kind: 'manual' },
    start: 'dm',
    steps: [
      {
        id: 'dm',
        kind: 'branch',
        rules: {
          match: 'all',
          conditions: [
            { field: 'contact.role', op: 'eq', value: 'decision_maker' },
            { field: 'contact.phone', op: 'not_empty' },
          ],
        },
        yes: 'exec',
        no: 'team',
      },
      { id: 'exec', kind: 'send', templateId: yes, next: null },
      { id: 'team', kind: 'send', templateId: no, next: null },
    ],
  });

  it('sends decision makers (with a phone) one way and the others the other way', async () => {
    const [exec, team] = [await template_('exec'), await template_('team')];
    const corp = await account('corp');
    const people = [
      await contact(corp, 'corp-dm', { role: 'decision_maker', phone: '+8613800000000' }),
      await contact(corp, 'corp-dm-nophone', { role: 'decision_maker' }),
      await contact(corp, 'corp-user', { role: 'end_user', phone: '+8613800000001' }),
    ];
    const id = await published(byRole('contact', exec, team));
    await enrol(id, { contactIds: people });
    expect(subjects()).toEqual([
      'corp-dm-nophone@example.com team',
      'corp-dm@example.com exec',
      'corp-user@example.com team',
    ]);
  });

  it('refuses contact conditions in an account journey, on the step’s field', async () => {
    for (const [locale, text] of [
      ['en', 'participants are contacts'],
      ['zh-CN', '参与者为联系人'],
    ] as const) {
      const response = await save(byRole('account', template, template), locale);
      expect(response.statusCode, response.body).toBe(400);
      const issue = response.json().error.issues[0];
      expect([issue.path, issue.message]).toEqual([
        'body.definition.steps.0.rules.conditions.0.field',
        expect.stringContaining(text),
      ]);
    }
  });

  it('keeps contact fields out of the accounts list filter', async () => {
    const filters = encodeURIComponent(JSON.stringify([{ field: 'contact.role', op: 'eq', value: 'x' }]));
    const response = await t.app.inject({
      url: `/api/accounts?filters=${filters}`,
      headers: (await t.as('csm')).headers,
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('steps that change records, for every participant at once', () => {
  it('sets an account attribute, audits each change once, and leaves accounts that already hold it alone', async () => {
    const [a, b, c] = [await account('set-a'), await account('set-b', { plan: 'gold' }), await account('set-c')];
    const id = await published({
      scope: 'account',
      entry: { kind: 'manual' },
      start: 'mark',
      steps: [
        { id: 'mark', kind: 'update_field', target: 'account', key: 'plan', value: 'gold', next: 'call' },
        { id: 'call', kind: 'cta', title: 'Welcome call', priority: 'high', dueInDays: 3, next: null },
      ],
    });
    await enrol(id, { accountIds: [a, b, c] });
    const rows = await t.database.db
      .selectFrom('accounts')
      .select(['id', 'attributes'])
      .where('id', 'in', [a, b, c])
      .execute();
    expect(rows.map((r) => (r.attributes as { plan?: string }).plan)).toEqual(['gold', 'gold', 'gold']);
    const audited = await t.database.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('entity', '=', 'account')
      .where('action', '=', 'update')
      .where('entity_id', 'in', [a, b, c])
      .execute();
    expect(audited.map((r) => r.entity_id).sort()).toEqual([a, c].sort()); // b held the value already
    const ctas = await t.database.db
      .selectFrom('ctas')
      .select(['account_id', 'title', 'due_on'])
      .where('account_id', 'in', [a, b, c])
      .execute();
    expect(ctas.map((r) => r.account_id).sort()).toEqual([a, b, c].sort());
    expect(new Set(ctas.map((r) => `${r.title} ${r.due_on}`))).toEqual(new Set(['Welcome call 2026-06-18']));
  });

  it('sets a contact field on the contacts of a contact journey, and a null clears it', async () => {
    const corp = await account('fields');
    const [x, y] = [await contact(corp, 'field-x', { title: 'CTO' }), await contact(corp, 'field-y')];
    const step = (value: string | null) =>
      published({
        scope: 'contact',
        entry: { kind: 'manual' },
        start: 'set',
        steps: [{ id: 'set', kind: 'update_field', target: 'contact', key: 'title', value, next: null }],
      });
    await enrol(await step('Champion'), { contactIds: [x, y] });
    const titles = async () =>
      (await t.database.db.selectFrom('contacts').select(['id', 'title']).where('id', 'in', [x, y]).execute())
        .map((r) => [r.id, r.title])
        .sort();
    expect(await titles()).toEqual(
      [
        [x, 'Champion'],
        [y, 'Champion'],
      ].sort(),
    );
    await enrol(await step(null), { contactIds: [y] });
    expect(await titles()).toEqual(
      [
        [x, 'Champion'],
        [y, null],
      ].sort(),
    );
  });
});
