import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import { systemActor } from '../audit/actor.js';
import { digest, newSecret } from '../../secrets.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { UserService } from '../users/users.service.js';

/** How long a first-start setup link works. */
export const SETUP_TOKEN_HOURS = 24;

export interface SetupDeps {
  clock: Clock;
  settings: Pick<SettingsService, 'get' | 'set'>;
  users: Pick<UserService, 'list' | 'create'>;
}

/**
 * The first admin of an installation without the demo: the first start prints a one-time link
 * (`/setup?token=…`, the token stored only as a digest, 24 h, single use) and the equivalent CLI
 * command; the link's page creates the first admin. Once any admin exists, setup is refused.
 */
export function createSetupService({ clock, settings, users }: SetupDeps) {
  const hasAdmin = async () => (await users.list()).some((u) => u.role === 'admin' && u.active);
  // One setup at a time in this process: the check for an admin and the creation go together.
  let running: Promise<unknown> = Promise.resolve();

  return {
    hasAdmin,

    /** A new setup token when there is nobody at all to sign in (any earlier link stops working); else null. */
    async issueIfNeeded(): Promise<{ token: string; expiresAt: Date } | null> {
      if ((await users.list()).length > 0) return null;
      const token = newSecret(32);
      const expiresAt = new Date(clock.now().getTime() + SETUP_TOKEN_HOURS * 3_600_000);
      await settings.set(systemActor, 'setup_token', { digest: digest(token), expiresAt: expiresAt.toISOString() });
      return { token, expiresAt };
    },

    /** Whether a link can still be used (the page asks before showing its form). */
    async check(token: string): Promise<'ok' | 'done' | 'invalid'> {
      if (await hasAdmin()) return 'done';
      return (await valid(token)) ? 'ok' : 'invalid';
    },

    /** Creates the first admin with the link's token; the token is spent. */
    async complete(input: { token: string; name: string; email: string; password: string; locale?: 'zh-CN' | 'en' }) {
      const work = running.then(async () => {
        if (await hasAdmin()) throw new AppError(409, 'setup_done', 'errors.setupDone');
        if (!(await valid(input.token))) throw new AppError(401, 'invalid_setup_token', 'errors.setupToken');
        await settings.set(systemActor, 'setup_token', null);
        return users.create(systemActor, {
          name: input.name,
          email: input.email,
          role: 'admin',
          password: input.password,
          locale: input.locale,
        });
      });
      running = work.catch(() => undefined);
      return work;
    },
  };

  async function valid(token: string): Promise<boolean> {
    const stored = await settings.get('setup_token');
    if (!stored || !token || Date.parse(stored.expiresAt) <= clock.now().getTime()) return false;
    return timingSafeEqual(Buffer.from(digest(token), 'hex'), Buffer.from(stored.digest, 'hex'));
  }
}

export type SetupService = ReturnType<typeof createSetupService>;
