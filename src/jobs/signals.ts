import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/types.js';
import type { JobService } from './jobs.service.js';
import type { JobContext, JobDefinition, ServiceName } from './types.js';

/**
 * Something that reacts to new data for accounts: health recompute, rule evaluation (a module's
 * manifest declares it; registry.ts orders them). `S` names the services it uses, as for a job.
 */
export type AccountsChangedListener<S extends ServiceName = ServiceName> = (
  accountIds: string[],
  context: JobContext<S>,
) => Promise<void>;

export const ACCOUNTS_CHANGED = 'accounts-data-changed' as const;
/** Signals arriving within this many seconds are handled together by one run. */
export const SIGNAL_DEBOUNCE_SECONDS = 5;

/**
 * The data-arrival signal: ingest paths (usage roll-ups, imports, Stripe webhooks) report the
 * accounts that got new data; a debounced job hands them, batched, to every listener. The ids
 * wait in `account_signals` (durable: a crash loses none), and the job carries no ids, so one
 * waiting job (singleton key) serves every signal that arrives before it runs.
 */
export interface SignalService {
  accountsChanged(accountIds: readonly string[], source: string): Promise<void>;
  dispatch(listeners: readonly AccountsChangedListener[], context: JobContext): Promise<number>;
}

export function createSignalService({ db, jobs }: { db: Kysely<DB>; jobs: Pick<JobService, 'send'> }): SignalService {
  return {
    /** Call after commit (never inside a transaction): records the accounts, then queues the debounced run. */
    async accountsChanged(accountIds: readonly string[], source: string): Promise<void> {
      const ids = [...new Set(accountIds)].sort();
      if (!ids.length) return;
      await sql`
        insert into account_signals (account_id, source)
        select a.id, ${source} from accounts a where a.id = any(${ids}::uuid[])
        order by 1
        on conflict (account_id) do update set source = excluded.source, seq = nextval('account_signals_seq')`.execute(
        db,
      );
      await jobs.send(ACCOUNTS_CHANGED, {}, { startAfterSeconds: SIGNAL_DEBOUNCE_SECONDS });
    },

    /**
     * Hands every waiting account to the listeners, then clears what was handed: a signal that
     * arrives meanwhile has a newer seq and stays for the next run; a listener that fails leaves
     * all of them waiting for the retry (listeners are idempotent).
     */
    async dispatch(listeners: readonly AccountsChangedListener[], context: JobContext): Promise<number> {
      const waiting = await sql<{
        account_id: string;
        seq: number;
      }>`select account_id, seq from account_signals order by account_id`.execute(db);
      if (!waiting.rows.length) return 0;
      const ids = waiting.rows.map((r) => r.account_id);
      const upTo = Math.max(...waiting.rows.map((r) => Number(r.seq)));
      for (const listener of listeners) await listener(ids, context);
      await sql`delete from account_signals where account_id = any(${ids}::uuid[]) and seq <= ${upTo}`.execute(db);
      return ids.length;
    },
  };
}

/**
 * Builds the signal's job around the registry's listeners (kept apart so the registry owns the list).
 * The one job whose context holds every service: it hands that context to each module's listener.
 */
const signalPayload = z.object({});
export const signalJob = (
  listeners: readonly AccountsChangedListener[],
): JobDefinition<z.infer<typeof signalPayload>, ServiceName, typeof ACCOUNTS_CHANGED> => ({
  name: ACCOUNTS_CHANGED,
  // Every service (the listeners name theirs): not narrowed here.
  uses: [],
  schema: signalPayload,
  // One waiting run at a time: signals arriving before it starts join it.
  singletonKey: () => 'accounts',
  async handler(_payload, context) {
    await context.services.signals.dispatch(listeners, context);
  },
});
