import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { digest } from './secrets.js';

/**
 * Sign-in attempts per client address and per email, in the database (login_attempts) so every API
 * process counts against one limit — a limiter in memory gives an attacker the limit once per process.
 *
 * A fixed one-minute window per key, started by its first attempt. An attempt is counted before the
 * password is checked — counting only after a failure could be raced by many parallel guesses, and
 * checking a password while over the limit would tell an attacker which guess was right — and a
 * successful sign-in gives back its own count, so what is limited is failures: an office behind one
 * address is not locked out by its people signing in, and a sign-in of one's own between guesses
 * takes nothing off the guesses counted. The database's clock decides the window (not the
 * app's, which TENURE_NOW may fix), so processes agree on it.
 */
const WINDOW = '1 minute';

export interface LoginAttempt {
  email: string;
  /** The client address (request.ip: the socket's, or a trusted proxy's X-Forwarded-For). */
  address?: string;
}

/** Keys are digests: the table never holds an address, or an email someone mistyped a password into. */
const keysOf = ({ email, address }: LoginAttempt) =>
  [`email:${email.trim().toLowerCase()}`, ...(address ? [`address:${address}`] : [])].map(digest).sort();

export function createLoginLimiter({ db, limit }: { db: Kysely<DB>; limit: number }) {
  return {
    /**
     * Counts one attempt for the email and the address. Answers the seconds until the attempt may
     * be made when either is over the limit this minute, else undefined.
     */
    async take(attempt: LoginAttempt): Promise<number | undefined> {
      const keys = keysOf(attempt);
      // Sorted keys: concurrent attempts lock the rows in one order.
      const counted = await sql<{ attempts: number; retry_after: number }>`
        insert into login_attempts as a (key, window_start, attempts)
        select k, now(), 1 from unnest(${keys}::text[]) as k order by k
        on conflict (key) do update set
          window_start = case when a.window_start <= now() - ${WINDOW}::interval then now() else a.window_start end,
          attempts = case when a.window_start <= now() - ${WINDOW}::interval then 1 else a.attempts + 1 end
        returning attempts, greatest(1, ceil(extract(epoch from window_start + ${WINDOW}::interval - now())))::int as retry_after`.execute(
        db,
      );
      // The table holds only the last minute's keys, however many addresses an attacker rotates through.
      await sql`delete from login_attempts where window_start < now() - ${WINDOW}::interval`.execute(db);
      const over = counted.rows.filter((r) => r.attempts > limit);
      return over.length ? Math.max(...over.map((r) => r.retry_after)) : undefined;
    },

    /** Gives back the count of an attempt that signed in. */
    async succeeded(attempt: LoginAttempt): Promise<void> {
      await sql`update login_attempts set attempts = attempts - 1 where key = any(${keysOf(attempt)}::text[]) and attempts > 0`.execute(
        db,
      );
    },
  };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
