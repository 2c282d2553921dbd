import { AsyncLocalStorage } from 'node:async_hooks';
import { type Kysely, type PostgresPool, type PostgresPoolClient, sql } from 'kysely';
import pg from 'pg';
import { TABLE_OWNERS } from './ownership.js';
import { transactionBoundary } from './prepared-statements.js';
import type { DB } from './types.js';

/**
 * Which tables changed, and when: what lets the read cache (src/http/read-cache.ts) keep an answer until a
 * table it was read from changes, in this process or in any other serving the same database.
 *
 * Each table has a generation, a number drawn from one counter. A read notes the counter before it starts
 * and the tables its statements name; it is still good while none of them has a generation above that
 * note. A table's generation moves:
 *   - in this process, when a statement that writes it has committed (at once: the write's own answer, and
 *     the next read, already see it), and with it every table that kind of write reaches through foreign-key
 *     actions and triggers, and the views over it (read from the catalog by `load`);
 *   - from other processes, through PostgreSQL's NOTIFY: every table carries a statement trigger that
 *     notifies `tenure_changes` with its name (migration 0060), delivered when the writing transaction
 *     commits. Until this process is listening, or after it lost the listening connection, nothing is
 *     served from the cache.
 */
export class TableChanges {
  private counter = 0;
  /** Reads noted before this are no longer good: the start, and every time listening was lost. */
  private floor = 0;
  private readonly generations = new Map<string, number>();
  /** "table kind" (accounts delete) → the tables that write may write too: itself, cascades, triggers, views. */
  private implied = new Map<string, readonly string[]>();
  private loaded = false;
  /** PostgreSQL: whether the listener is connected and listening (always true on PGlite: one process). */
  private listening: boolean;
  private listener?: { stop(): Promise<void> };
  /** PostgreSQL: the server process of the listening connection (pg_stat_activity.pid). */
  listenerPid?: number;

  /** `postgres`: the database other processes may write too (heard through NOTIFY); omitted on PGlite. */
  constructor(private readonly postgres?: { url: string; schema?: string }) {
    this.listening = !postgres;
  }

  /** Once the schema is migrated: reads the catalog and, on PostgreSQL, starts listening. Idempotent. */
  async start(db: Kysely<DB>) {
    if (this.loaded) return;
    await this.load(db);
    if (this.postgres) await this.listen(this.postgres.url, this.postgres.schema);
  }

  /** The counter now: note it before a read starts. */
  now(): number {
    return this.counter;
  }

  /** Whether a read noted at `since` over these tables still holds. */
  unchangedSince(tables: Iterable<string>, since: number): boolean {
    if (since < this.floor || !this.ready()) return false;
    for (const table of tables) if ((this.generations.get(table) ?? 0) > since) return false;
    return true;
  }

  /** Whether answers may be kept: the catalog is loaded and, on PostgreSQL, other processes' writes are heard. */
  ready(): boolean {
    return this.loaded && this.listening;
  }

  /** These writes (and what they write too: cascades, triggers, views) changed their tables. */
  written(writes: Iterable<Write>) {
    const generation = ++this.counter;
    for (const { table, kind } of writes)
      for (const t of this.implied.get(`${table} ${kind}`) ?? [table]) this.generations.set(t, generation);
  }

  /**
   * PostgreSQL: the server processes of this process's own pooled connections. Their writes were counted at
   * commit already; heard again a moment later they would only drop answers read since.
   */
  readonly ownBackends = new Set<number>();

  /** Another process changed this table (each table a write reaches notifies for itself). */
  private heard(table: string) {
    this.generations.set(table, ++this.counter);
  }

  /** Everything may have changed (listening lost or regained). */
  forgetAll() {
    this.floor = ++this.counter;
  }

  /**
   * Reads from the catalog what each kind of write to each table writes besides: the tables whose foreign
   * keys cascade (or set null / default) on a delete or an update of it, the tables named in the functions
   * of its triggers for that kind of write, and the views that read it (a read names the view,
   * health_measure_snapshots). What those write in turn counts as any kind of write. Call once the schema is
   * migrated; until then no answer is kept.
   */
  private async load(db: Kysely<DB>) {
    // tgtype's bits: 4 insert, 8 delete, 16 update, 32 truncate (PostgreSQL's pg_trigger.h).
    const { rows } = await sql<{ parent: string; kinds: WriteKind[]; child: string }>`
      select p.relname as parent, c.relname as child,
        array_remove(array[case when k.confdeltype in ('c', 'n', 'd') then 'delete' end,
          case when k.confupdtype in ('c', 'n', 'd') then 'update' end], null) as kinds
      from pg_constraint k
      join pg_class p on p.oid = k.confrelid
      join pg_class c on c.oid = k.conrelid
      where k.contype = 'f' and k.connamespace = current_schema()::regnamespace
        and (k.confdeltype in ('c', 'n', 'd') or k.confupdtype in ('c', 'n', 'd'))
      union all
      select r.relname, unnest(regexp_split_to_array(lower(f.prosrc), '[^a-z0-9_]+')),
        array_remove(array[case when t.tgtype & 4 <> 0 then 'insert' end,
          case when t.tgtype & 40 <> 0 then 'delete' end, case when t.tgtype & 16 <> 0 then 'update' end], null)
      from pg_trigger t
      join pg_class r on r.oid = t.tgrelid
      join pg_proc f on f.oid = t.tgfoid
      where not t.tgisinternal and r.relnamespace = current_schema()::regnamespace
        and f.proname <> 'tenure_notify_change'
      union all
      select unnest(regexp_split_to_array(lower(v.definition), '[^a-z0-9_]+')), v.viewname,
        array['insert', 'update', 'delete']
      from pg_views v where v.schemaname = current_schema()`.execute(db);
    // "table kind" → the tables that write reaches in one step.
    const edges = new Map<string, Set<string>>();
    const edge = (from: string, to: string) => edges.set(from, (edges.get(from) ?? new Set()).add(to));
    for (const { parent, kinds, child } of rows) {
      if (!KNOWN_TABLES.has(child)) continue;
      for (const kind of kinds) edge(`${parent} ${kind}`, child);
      edge(`${parent} any`, child);
    }
    const implied = new Map<string, readonly string[]>();
    for (const table of KNOWN_TABLES)
      for (const kind of WRITE_KINDS) {
        const reached = new Set([table, ...(edges.get(`${table} ${kind}`) ?? [])]);
        for (const t of reached) if (t !== table) for (const next of edges.get(`${t} any`) ?? []) reached.add(next);
        implied.set(`${table} ${kind}`, [...reached]);
      }
    this.implied = implied;
    this.loaded = true;
    this.forgetAll();
  }

  /**
   * PostgreSQL: hears the other processes' writes on a connection of its own, reconnecting after a loss
   * (nothing is served from the cache meanwhile). Only notifications from this schema count.
   */
  private async listen(url: string, schema: string | undefined) {
    let stopped = false;
    let client: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    const drop = (which: pg.Client) => {
      which.removeAllListeners();
      which.on('error', () => undefined);
      return which.end().catch(() => undefined);
    };
    const lost = (which: pg.Client) => {
      if (which !== client) return;
      client = undefined;
      clearInterval(heartbeat);
      this.listening = false;
      this.forgetAll();
      void drop(which);
      if (!stopped) retry = setTimeout(() => void connect(), 1_000).unref();
    };
    const connect = async () => {
      const next = new pg.Client({
        connectionString: url,
        application_name: LISTENER_NAME,
        options: schema ? `-c search_path=${schema}` : undefined,
        // A connection that died without a word (a failover, a dropped route) must be noticed: keep-alive
        // probes, and the heartbeat below fails within seconds.
        keepAlive: true,
        query_timeout: HEARTBEAT_MS,
      });
      let ownSchema = '';
      client = next;
      next.on('error', () => lost(next));
      next.on('end', () => lost(next));
      next.on('notification', (message) => {
        if (this.ownBackends.has(message.processId)) return;
        const [notifiedSchema, table] = (message.payload ?? '').split('.');
        if (table && notifiedSchema === ownSchema) this.heard(table);
      });
      try {
        await next.connect();
        const { rows } = await next.query<{ schema: string; pid: number }>(
          'select current_schema() as schema, pg_backend_pid() as pid',
        );
        ownSchema = rows[0]!.schema;
        this.listenerPid = rows[0]!.pid;
        await next.query('listen tenure_changes');
        if (client !== next) return;
        // Whatever was written while nobody listened is unknown: nothing read before now is kept.
        this.forgetAll();
        this.listening = true;
        heartbeat = setInterval(() => next.query('select 1').catch(() => lost(next)), HEARTBEAT_MS).unref();
      } catch {
        lost(next);
      }
    };
    await connect();
    this.listener = {
      stop: async () => {
        stopped = true;
        clearTimeout(retry);
        clearInterval(heartbeat);
        this.listening = false;
        const open = client;
        client = undefined;
        if (open) await drop(open);
      },
    };
  }

  async close() {
    await this.listener?.stop();
  }
}

/** How often the listening connection proves it is alive, and how long its proof may take. */
const HEARTBEAT_MS = 5_000;
/** The listening connection's name in pg_stat_activity. */
const LISTENER_NAME = 'tenure table changes';

const KNOWN_TABLES: ReadonlySet<string> = new Set(Object.keys(TABLE_OWNERS));

/** A write to a table: an insert, an update or a delete (truncate counts as one), or any (an upsert, a merge). */
const WRITE_KINDS = ['insert', 'update', 'delete', 'any'] as const;
type WriteKind = (typeof WRITE_KINDS)[number];
export interface Write {
  table: string;
  kind: WriteKind;
}

/** What a statement text names: the tables it reads, and its writes. */
interface Statement {
  tables: readonly string[];
  writes: readonly Write[];
}
const statements = new Map<string, Statement>();
const MAX_STATEMENTS = 5_000;
const MAX_KEPT_TEXT = 8_192;
/** A write's target: INSERT INTO t, UPDATE t, DELETE FROM t, MERGE INTO t, TRUNCATE t — in a CTE too. */
const WRITE_TARGET =
  /\b(insert\s+into|update|delete\s+from|merge\s+into|truncate(?:\s+table)?)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)/gi;
const WRITE_WORD = /\b(?:insert|update|delete|merge|truncate)\b/i;
const UPSERT = /\bon\s+conflict\b[\s\S]*\bdo\s+update\b/i;

function writeKind(verb: string, text: string): WriteKind {
  const word = verb.slice(0, 6).toLowerCase();
  if (word === 'insert') return UPSERT.test(text) ? 'any' : 'insert';
  if (word === 'update') return 'update';
  if (word === 'delete' || word === 'trunca') return 'delete';
  return 'any';
}

/**
 * The tables a statement names (every word that is a table: a column of the same name only adds a table the
 * read did not need) and its writes: the targets of its INSERT, UPDATE, DELETE, MERGE and TRUNCATE. A
 * statement with a write word but no target found (`… for update`, or a form not foreseen here) counts as
 * any write to every table it names: a spare change, never a missed one.
 */
export function describeStatement(text: string): Statement {
  let statement = statements.get(text);
  if (statement) return statement;
  const tables = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []) if (KNOWN_TABLES.has(word)) tables.add(word);
  const writes: Write[] = [];
  for (const [, verb, target] of text.matchAll(WRITE_TARGET)) {
    const table = target!.toLowerCase();
    if (KNOWN_TABLES.has(table)) writes.push({ table, kind: writeKind(verb!, text) });
  }
  if (!writes.length && WRITE_WORD.test(text)) for (const table of tables) writes.push({ table, kind: 'any' });
  statement = { tables: [...tables], writes };
  // Texts repeat (named statements); a long one is usually a list of values, different each time.
  if (statements.size < MAX_STATEMENTS && text.length <= MAX_KEPT_TEXT) statements.set(text, statement);
  return statement;
}

/** The tables a read has named so far; kept by the read cache around a request it may keep. */
export interface ReadRecord {
  tables: Set<string>;
}
export const readRecords = new AsyncLocalStorage<ReadRecord>();

/**
 * Every statement through this pool: the tables it reads are noted for the read under way (if one is
 * being recorded), and the tables it writes are reported to `changes` once they are committed — at the
 * statement's end outside a transaction, at COMMIT inside one (and at ROLLBACK too: a spare change).
 */
export function trackChanges(pool: PostgresPool, changes: TableChanges): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      let inTransaction = false;
      const pending: Write[] = [];
      const settle = () => {
        if (pending.length) changes.written(pending.splice(0));
      };
      const query = (async (text: unknown, values: readonly unknown[]) => {
        if (typeof text !== 'string') return client.query(text as never);
        const boundary = transactionBoundary(text);
        if (boundary === 'begin') inTransaction = true;
        else if (boundary === 'end') {
          try {
            return await client.query(text, values);
          } finally {
            inTransaction = false;
            settle();
          }
        }
        const { tables, writes } = describeStatement(text);
        const record = readRecords.getStore();
        if (record) for (const table of tables) record.tables.add(table);
        if (!writes.length) return client.query(text, values);
        try {
          return await client.query(text, values);
        } finally {
          pending.push(...writes);
          if (!inTransaction) settle();
        }
      }) as PostgresPoolClient['query'];
      return {
        query,
        release() {
          // A connection given back mid-transaction (an error on the way) has rolled back or will.
          inTransaction = false;
          settle();
          client.release();
        },
      };
    },
    end: () => pool.end(),
  };
}
