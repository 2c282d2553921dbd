import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

/** An admin changes a shipped playbook; CTAs opened afterwards get its new tasks, earlier ones keep theirs. */
let t: TestApp;
let accountId: string;
beforeAll(async () => {
  t = await createTestApp(); // clock fixed at 2026-06-15T04:00Z
  accountId = (await t.services.accounts.create(cliActor, { name: 'Acme', ownerId: t.users.csm.id })).id;
});
afterAll(() => t.close());

const as = async (role: 'admin' | 'csm', method: 'PUT' | 'POST', url: string, payload: unknown, lang = 'en') =>
  t.app.inject({
    method,
    url,
    payload: payload as object,
    headers: { ...(await t.as(role)).headers, 'accept-language': lang },
  });

describe('editing a playbook', () => {
  it('replaces its tasks for the next CTA, keeps catalog keys only for unchanged text, and is admins only', async () => {
    const book = (await t.services.rules.playbooks()).find((p) => p.key === 'reengage')!;
    expect(book.tasks).toHaveLength(2);
    const before = (
      await as('csm', 'POST', '/api/ctas', {
        accountId,
        type: 'risk',
        title: 'Quiet account',
        priority: 'medium',
        dueOn: '2026-06-20',
        playbookId: book.id,
      })
    ).json();

    const [first, second] = book.tasks;
    const edit = {
      name: book.name,
      tasks: [
        { id: second!.id, title: 'Send the usage report first', dueDays: 1, ownerRole: 'csm' },
        { id: first!.id, title: first!.title, dueDays: first!.dueDays, ownerRole: first!.ownerRole },
        { title: 'Book a training session', dueDays: 7, ownerRole: 'onboarding', emailTemplate: 'training_invite' },
      ],
    };
    expect((await as('csm', 'PUT', `/api/playbooks/${book.id}`, edit)).statusCode).toBe(403);
    const saved = await as('admin', 'PUT', `/api/playbooks/${book.id}`, edit);
    expect(saved.statusCode).toBe(200);
    expect(
      saved
        .json()
        .tasks.map((x: { title: string; dueDays: number; key: string | null }) => [x.title, x.dueDays, x.key]),
    ).toEqual([
      ['Send the usage report first', 1, null], // retitled: its shipped translation no longer applies
      [first!.title, first!.dueDays, first!.key],
      ['Book a training session', 7, null],
    ]);
    expect(saved.json().key).toBe('reengage'); // same name, same key

    const after = (
      await as('csm', 'POST', '/api/ctas', {
        accountId,
        type: 'risk',
        title: 'Quiet again',
        priority: 'medium',
        dueOn: '2026-06-20',
        playbookId: book.id,
      })
    ).json();
    expect(after.tasks.map((x: { title: string; dueOn: string }) => [x.title, x.dueOn])).toEqual([
      ['Send the usage report first', '2026-06-16'],
      [first!.title, '2026-06-15'],
      ['Book a training session', '2026-06-22'],
    ]);
    // The CTA opened before the edit keeps the tasks it was given.
    const earlier = (
      await t.app.inject({ method: 'GET', url: `/api/ctas/${before.id}`, headers: (await t.as('csm')).headers })
    ).json();
    expect(earlier.tasks).toHaveLength(2);
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'playbook')
      .execute();
    expect(audit).toEqual([{ action: 'update' }]);
  });

  it('refuses a playbook without tasks or with an empty title, naming the field in the caller’s language', async () => {
    const book = (await t.services.rules.playbooks())[0]!;
    const none = await as('admin', 'PUT', `/api/playbooks/${book.id}`, { name: book.name, tasks: [] });
    expect(none.statusCode).toBe(400);
    expect(JSON.stringify(none.json())).toContain('tasks');
    const blank = await as(
      'admin',
      'PUT',
      `/api/playbooks/${book.id}`,
      { name: book.name, tasks: [{ title: ' ', dueDays: 1 }] },
      'zh-CN',
    );
    expect(blank.statusCode).toBe(400);
    expect(JSON.stringify(blank.json())).toContain('tasks.0.title');
    expect((await t.services.rules.playbooks()).find((p) => p.id === book.id)!.tasks).toEqual(book.tasks);
  });
});
