/**
 * The in-process work that follows ingest, in two independent loops:
 * - roll-ups: attributes events that raced with their link, adds newly stored events to the roll-ups and, once a day,
 *   purges raw events past their retention;
 * - traits: applies group traits to accounts (500 groups in one audited patch) and identify traits to
 *   contacts (one audited update each, so slower — kept apart so it never holds the roll-ups back).
 *
 * Everything either loop does is recorded in tables (the pending queue, pending traits), so a
 * crash loses nothing: the next start picks it up. Each loop runs a second after an acknowledged
 * request (debounced, and never more than half the time, so ingest keeps the database most of
 * the time), on start, and every few seconds as a safety net. The debounce is also what makes
 * roll-ups cheap under load: a round adds up everything that arrived since the last one, so the
 * rows it updates grow with the accounts and days in use, not with the number of events. Durable job queues (pg-boss) arrive
 * with the jobs issue; these loops then become their schedules.
 */
import type { UsageService } from '../usage/usage.service.js';
import { GROUP_TRAITS_BATCH, type TrackingService } from './tracking.service.js';

export interface ProcessorDeps {
  tracking: Pick<TrackingService, 'applyGroupTraits' | 'applyProfileTraits' | 'sweepUnattributed' | 'onStored'>;
  usage: Pick<UsageService, 'rollUp' | 'purge'>;
  log?: { error(obj: unknown, msg?: string): void; info?(obj: unknown, msg?: string): void };
  /** Delay between an acknowledged request and the round it triggers. */
  debounceMs?: number;
  /** Safety-net period. */
  periodMs?: number;
}

const DAY_MS = 86_400_000;
/** Identify traits applied per round (one contact at a time); group traits go GROUP_TRAITS_BATCH at a time. */
const TRAITS_STEP = 20;

/** One loop: runs `work` soon after each trigger, never twice at once, never more than half the time. */
function loop(
  name: string,
  work: () => Promise<boolean>,
  { log, debounceMs }: { log: ProcessorDeps['log']; debounceMs: number },
) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;
  let lastDuration = 0;
  let lastMore = false;

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    const started = Date.now();
    running = work()
      .then((more) => {
        lastMore = more;
        if (more) again = true;
      })
      .catch((error) => {
        lastMore = false;
        log?.error(error, `${name} failed; retrying on the next round`);
      })
      .finally(() => {
        lastDuration = Date.now() - started;
        running = undefined;
        if (again && !stopped) {
          again = false;
          schedule();
        }
      });
    return running;
  }

  function schedule() {
    if (stopped || timer) return;
    if (running) {
      again = true;
      return;
    }
    timer = setTimeout(
      () => {
        timer = undefined;
        void run();
      },
      Math.max(debounceMs, lastDuration),
    );
    timer.unref();
  }

  return {
    schedule,
    start() {
      stopped = false;
      void run();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
    /** One round now, after the one in progress; true when the round left work for another. */
    async runNow(): Promise<boolean> {
      if (running) await running;
      await run();
      return lastMore;
    },
  };
}

export function createProcessor({ tracking, usage, log, debounceMs = 1_000, periodMs = 5_000 }: ProcessorDeps) {
  let lastPurge = 0;
  const rollUps = loop(
    'usage roll-up',
    async () => {
      // Events that raced with their person's link get the account first, and are counted below.
      await tracking.sweepUnattributed();
      await usage.rollUp();
      if (Date.now() - lastPurge > DAY_MS) {
        lastPurge = Date.now();
        const purged = await usage.purge();
        if (purged.deleted)
          log?.info?.({ deleted: purged.deleted, before: purged.before }, 'purged raw events past their retention');
      }
      return false;
    },
    { log, debounceMs },
  );
  const traits = loop(
    'applying identify/group traits',
    async () => {
      // Accounts first: identify traits wait for the person's account.
      if ((await tracking.applyGroupTraits()) === GROUP_TRAITS_BATCH) return true;
      return (await tracking.applyProfileTraits(TRAITS_STEP)) === TRAITS_STEP;
    },
    { log, debounceMs },
  );
  let unsubscribe: (() => void) | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const scheduleAll = () => {
    rollUps.schedule();
    traits.schedule();
  };

  return {
    start() {
      if (ticker) return;
      unsubscribe = tracking.onStored(scheduleAll);
      ticker = setInterval(scheduleAll, periodMs);
      ticker.unref();
      rollUps.start();
      traits.start();
    },
    /** Stops scheduling and waits for the rounds in progress. */
    async stop() {
      unsubscribe?.();
      if (ticker) clearInterval(ticker);
      ticker = undefined;
      await Promise.all([rollUps.stop(), traits.stop()]);
    },
    /** Brings everything up to date now (tests, the CLI): traits until none wait, then the roll-ups. */
    async runNow() {
      while (await traits.runNow());
      await rollUps.runNow();
    },
  };
}

export type Processor = ReturnType<typeof createProcessor>;
