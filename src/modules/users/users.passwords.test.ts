import * as argon2 from '@node-rs/argon2';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { testDatabase } from '../../../test/support/db.js';
import type { Database } from '../../db/connection.js';
import { AppError } from '../../http/errors.js';
import { cliActor } from '../audit/actor.js';
import { endSessionsOf } from '../auth/auth.service.js';
import { createUserService, type UserService } from './users.service.js';

// The real argon2, watched: which hash each sign-in is checked against.
const verify = vi.fn((hashed: string | Uint8Array, password: string | Uint8Array) => argon2.verify(hashed, password));

let database: Database;
let users: UserService;
beforeAll(async () => {
  database = await testDatabase();
  users = createUserService({
    db: database.db,
    audit: { record: async () => {}, recordMany: async () => {} },
    sessions: { endSessionsOf },
    passwords: { hash: argon2.hash, verify },
  });
  // An admin, so deactivating someone leaves one active.
  await users.create(cliActor, {
    email: 'admin@test.local',
    name: 'Admin',
    role: 'admin',
    password: 'a fine password',
  });
  await users.create(cliActor, { email: 'known@test.local', name: 'Known', role: 'csm', password: 'a fine password' });
  const gone = await users.create(cliActor, {
    email: 'gone@test.local',
    name: 'Gone',
    role: 'csm',
    password: 'a fine password',
  });
  await users.update(cliActor, gone.id, { active: false });
  await users.create(cliActor, { email: 'nopass@test.local', name: 'No password', role: 'csm' });
});
afterAll(() => database.close());
// A block, not an expression: a function returned from beforeEach is run as its cleanup.
beforeEach(() => {
  verify.mockClear();
});

describe('sign-in timing', () => {
  it('checks a wrong password against the user’s hash', async () => {
    expect(await users.authenticate('known@test.local', 'wrong')).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(1);
    expect(await users.authenticate('known@test.local', 'a fine password')).toMatchObject({
      email: 'known@test.local',
    });
  });

  it('costs an unknown, inactive or password-less email one argon2 verify as well, against a dummy hash', async () => {
    for (const email of ['nobody@test.local', 'gone@test.local', 'nopass@test.local']) {
      verify.mockClear();
      expect(await users.authenticate(email, 'a fine password'), email).toBeUndefined();
      expect(verify, email).toHaveBeenCalledTimes(1);
      const [hash] = verify.mock.calls[0];
      // As costly as a real one: an argon2id hash with the library's parameters, never a user's.
      expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const stored = await database.db.selectFrom('users').select('password_hash').execute();
      expect(stored.map((u) => u.password_hash)).not.toContain(hash);
    }
  });
});

describe('password policy', () => {
  it('is enforced by the service, so the CLI and every other caller meet the API’s rule', async () => {
    const refused = await users
      .create(cliActor, { email: 'weak@test.local', name: 'Weak', role: 'viewer', password: 'short' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(400);
    expect((refused as AppError).issues?.[0]).toMatchObject({ path: ['password'], message: 'errors.passwordPolicy' });
    expect(await users.findByEmail('weak@test.local')).toBeUndefined();
    const known = (await users.findByEmail('known@test.local'))!;
    await expect(users.update(cliActor, known.id, { password: 'x'.repeat(201) })).rejects.toBeInstanceOf(AppError);
  });
});
