import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemActor } from '../audit/actor.js';
import { newSecret } from '../../secrets.js';
import type { SettingsService } from '../settings/settings.service.js';

/**
 * Identity verification for what the customer's product reads with its write key (/v1/messages).
 * A write key lives in public JavaScript, so it proves nothing about who asks: the customer's own
 * server signs each signed-in user's id, `userHash = HMAC-SHA256(secret, userId)` (hex), and only a
 * request carrying the right hash gets that user's messages (docs/tracking.md).
 */
export const userHashOf = (secret: string, userId: string) =>
  createHmac('sha256', secret).update(userId, 'utf8').digest('hex');

export function createIdentityVerification({ settings }: { settings: Pick<SettingsService, 'get' | 'set'> }) {
  let cached: string | undefined;

  /** The workspace's secret, made on first use. */
  async function secret(): Promise<string> {
    if (cached) return cached;
    const stored = await settings.get('identity_verification');
    if (stored) return (cached = stored.secret);
    await settings.set(systemActor, 'identity_verification', { secret: newSecret(32) });
    // Read back what is stored: if two processes made one at once, the last write is the one both use.
    const made = await settings.get('identity_verification');
    return (cached = made!.secret);
  }

  return {
    secret,
    /** Whether `hash` is the user's hash; constant-time, and false for anything not shaped like one. */
    async verify(userId: string, hash: string | undefined): Promise<boolean> {
      if (!hash || !/^[0-9a-f]{64}$/i.test(hash)) return false;
      const expected = Buffer.from(userHashOf(await secret(), userId), 'hex');
      return timingSafeEqual(expected, Buffer.from(hash.toLowerCase(), 'hex'));
    },
  };
}

export type IdentityVerification = ReturnType<typeof createIdentityVerification>;
