import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
});
afterAll(() => t.close());

describe('users', () => {
  it('are created by an admin, never exposing the password hash, and can then sign in', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'Li.Na@Example.com', name: '李娜', role: 'csm', password: 'longenough1' },
      headers: admin.headers,
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain('password');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'li.na@example.com', password: 'longenough1' },
    });
    expect(login.statusCode).toBe(200);
    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'LI.NA@example.com', name: 'x', role: 'viewer' },
      headers: admin.headers,
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('refuses short passwords with the field named', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'a@b.co', name: 'A', role: 'viewer', password: 'short' },
      headers: { ...admin.headers, 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.issues[0]).toEqual({
      path: 'body.password',
      message: 'must be 8 to 200 characters long',
    });
  });

  it('keeps at least one active admin', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${t.users.admin.id}`,
      payload: { role: 'viewer' },
      headers: admin.headers,
    });
    expect(response.statusCode).toBe(409);
    expect((await t.services.users.get(t.users.admin.id)).role).toBe('admin');
  });

  it('are audited with who changed what', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${t.users.sales.id}`,
      payload: { role: 'support' },
      headers: admin.headers,
    });
    const audit = (
      await t.app.inject({
        method: 'GET',
        url: `/api/audit?entity=user&entityId=${t.users.sales.id}`,
        headers: admin.headers,
      })
    ).json();
    expect(audit.items[0]).toMatchObject({
      action: 'update',
      actor_name: 'Test admin',
      before: { role: 'sales' },
      after: { role: 'support' },
    });
    expect(JSON.stringify(audit.items)).not.toContain('argon2');
  });
});

describe('own profile and saved views', () => {
  it('lets anyone change their own name and language, and password only with the current one', async () => {
    const viewer = await t.as('viewer');
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: viewer.headers,
      payload: { name: 'Vera Viewer', locale: 'en' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Vera Viewer', locale: 'en', role: 'viewer' });
    const wrong = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: { ...viewer.headers, 'accept-language': 'en' },
      payload: { currentPassword: 'nope', newPassword: 'another-password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.issues[0].path).toBe('body.currentPassword');
    const ok = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: viewer.headers,
      payload: { currentPassword: 'correct horse battery', newPassword: 'another-password' },
    });
    expect(ok.statusCode).toBe(200);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'viewer@test.local', password: 'another-password' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('keeps saved views personal', async () => {
    const csm = await t.as('csm');
    const onboarding = await t.as('onboarding');
    const view = (
      await t.app.inject({
        method: 'POST',
        url: '/api/views',
        headers: csm.headers,
        payload: { page: 'accounts', name: 'My renewals', state: { q: 'renew' } },
      })
    ).json();
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/views?page=accounts', headers: csm.headers }))
        .json()
        .items.map((v: { name: string }) => v.name),
    ).toEqual(['My renewals']);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/views?page=accounts', headers: onboarding.headers })).json()
        .items,
    ).toEqual([]);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/views/${view.id}`, headers: onboarding.headers })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/views/${view.id}`, headers: csm.headers })).statusCode,
    ).toBe(200);
  });
});
