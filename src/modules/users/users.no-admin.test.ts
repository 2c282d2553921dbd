import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

/**
 * A team may be run from the CLI with no active admin. The last-admin rule refuses only a change that
 * takes an admin away; before, it refused every change to anyone, their own profile included.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('users without an active admin', () => {
  it('still change their own profile, and the rule still keeps the last admin', async () => {
    const csm = await t.as('csm');
    const admin = await t.as('admin');
    const adminId = t.users.admin.id;
    // The last admin cannot deactivate themselves.
    const refused = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${adminId}`,
      payload: { active: false },
      headers: admin.headers,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('last_admin');

    await t.database.db.updateTable('users').set({ active: false }).where('id', '=', adminId).execute();
    const own = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      payload: { name: 'Renamed Csm', locale: 'zh-CN' },
      headers: csm.headers,
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ name: 'Renamed Csm', locale: 'zh-CN' });
  });
});
