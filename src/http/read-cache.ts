import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { type ReadRecord, readRecords, type TableChanges } from '../db/table-changes.js';
import { requestLocale } from './validation.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A GET whose answer depends only on who asks, the address, the language, the day and the database. */
    readCache?: boolean;
  }
}

/** How many answers a process keeps, and how long at most (a bound for anything the day does not capture). */
const MAX_ANSWERS = 2_000;
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_AGE_MS = 60_000;
/** How long a request waits for the same read under way before reading for itself. */
const MAX_WAIT_MS = 5_000;

interface Answer {
  payload: string;
  contentType: string;
  tables: readonly string[];
  /** The table-change counter when the read began (TableChanges.now). */
  since: number;
}

/** A read under way for a key: done once it is answered (kept or not). */
interface Underway {
  done: Promise<void>;
  finish: () => void;
}

interface Pending extends ReadRecord {
  key: string;
  since: number;
  /** Set when this request is the one others wait for. */
  leads?: Underway;
}

/**
 * Keeps the answers of the reads a CSM repeats all day (the accounts list, an account's page, Home, the CTA
 * list) until a table they were read from changes, here or in another process (src/db/table-changes.ts):
 * a page turned back, a second look at Home or another tab costs a lookup instead of the statements.
 * An answer is kept per person, address, language and day, and only a 200; the CTA closed a second ago is
 * never shown open again, because the write moves its tables' generation before its own answer leaves.
 * Opt in per route (`cache: true` in route()); TENURE_READ_CACHE=0 turns it off.
 */
export function installReadCache(app: FastifyInstance, options: { changes: TableChanges; today: () => string }) {
  const { changes, today } = options;
  const answers = new LRUCache<string, Answer>({
    max: MAX_ANSWERS,
    maxSize: MAX_BYTES,
    sizeCalculation: (answer) => answer.payload.length + 64,
    ttl: MAX_AGE_MS,
  });
  const pending = new WeakMap<FastifyRequest, Pending>();
  /**
   * The reads under way, by key: a request for an answer being read waits for it instead of reading it again
   * (ten CSMs opening Home at nine, or a list asked twice by two tabs, cost one read), then takes it if it
   * was kept.
   */
  const underway = new Map<string, Underway>();
  const lookUp = (key: string) => {
    const kept = answers.get(key);
    return kept && changes.unchangedSince(kept.tables, kept.since) ? kept : undefined;
  };

  // Before authentication: the rest of the request runs inside the record, which counts only from the
  // preHandler on (the session's own look-up is not part of the answer).
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method !== 'GET' || !request.routeOptions.config?.readCache) return done();
    readRecords.run({ tables: new Set() }, done);
  });

  app.addHook('preHandler', async (request, reply) => {
    const record = readRecords.getStore();
    if (!record || !request.routeOptions.config?.readCache || !changes.ready()) return;
    const key = [request.actor?.id ?? '', request.actor?.role ?? '', requestLocale(request), today(), request.url].join(
      '\n',
    );
    let kept = lookUp(key);
    const other = kept ? undefined : underway.get(key);
    if (other) {
      await Promise.race([other.done, new Promise((resolve) => setTimeout(resolve, MAX_WAIT_MS).unref())]);
      kept = lookUp(key);
    }
    if (kept) {
      reply.header('x-tenure-cache', 'hit').type(kept.contentType);
      return reply.send(kept.payload);
    }
    record.tables.clear();
    // This request leads the read for the key, unless another that started meanwhile still does.
    const current = underway.get(key);
    let leads: Underway | undefined;
    if (!current || current === other) {
      let finish!: () => void;
      leads = { done: new Promise<void>((resolve) => (finish = resolve)), finish };
      underway.set(key, leads);
    }
    pending.set(request, { key, since: changes.now(), tables: record.tables, leads });
    reply.header('x-tenure-cache', 'miss');
  });

  // Answered, failed or abandoned: whoever waits for this read stops waiting.
  const finish = async (request: FastifyRequest) => {
    const read = pending.get(request);
    if (!read?.leads) return;
    if (underway.get(read.key) === read.leads) underway.delete(read.key);
    read.leads.finish();
  };
  app.addHook('onResponse', finish);
  app.addHook('onRequestAbort', finish);

  app.addHook('onSend', async (request, reply, payload) => {
    const read = pending.get(request);
    if (!read || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const tables = [...read.tables];
    // A table written while the answer was read: it may already be stale, so it is not kept.
    if (changes.unchangedSince(tables, read.since))
      answers.set(read.key, {
        payload,
        contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
        tables,
        since: read.since,
      });
    return payload;
  });
}
