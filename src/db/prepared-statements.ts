import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Kysely sends every statement unnamed, so PostgreSQL parses and plans it again on each call: a third of
 * the database's time on the accounts list under load (docs/performance.md, "Planning, not running").
 * Here each statement text with parameters gets a name: a connection parses it once, and after five runs
 * PostgreSQL keeps a generic plan when it costs no more than planning each time (plan_cache_mode = auto;
 * what JDBC drivers do by default).
 *
 * Bounded: a text with many parameters (an `in (...)` over a book of accounts: a new text per length)
 * stays unnamed, and so does every new text once this process has named MAX_NAMES; each connection
 * keeps at most MAX_PER_CONNECTION. An ON CONFLICT that finds its index by a value stays unnamed too (below).
 */
const MAX_PARAMETERS = 64;
const MAX_NAMES = 2_000;
const MAX_PER_CONNECTION = 300;

/**
 * An ON CONFLICT whose target names a partial unique index by a value (`on conflict (vendor) where status = $4`):
 * PostgreSQL proves the index matches while planning, and a generic plan does not know the value, so from the
 * sixth run by name it fails ("there is no unique or exclusion constraint matching the ON CONFLICT specification").
 */
const CONFLICT_TARGET_WITH_VALUE = /\bon\s+conflict\s*\([^)]*\)\s*where\s(?:(?!\sdo\s)[\s\S])*?\$\d/i;

/** The error PostgreSQL gives a prepared `select *` after another process added a column to the table. */
const CHANGED_RESULT_TYPE = 'cached plan must not change result type';

/**
 * Whether a statement opens or ends a transaction, as Kysely sends them (`begin`, `start transaction …`,
 * `commit`, `rollback`; a savepoint's `rollback to …` is neither). Shared with table-changes.ts.
 */
export function transactionBoundary(text: string): 'begin' | 'end' | undefined {
  if (text.length >= 64) return undefined;
  const command = text.trim().toLowerCase();
  if (command === 'begin' || command.startsWith('start transaction')) return 'begin';
  if (command === 'commit' || command === 'rollback') return 'end';
  return undefined;
}

interface Connection {
  parsedStatements: Record<string, string>;
}

export function withPreparedStatements(pool: pg.Pool): PostgresPool {
  // A statement text → its name, or null for a text that must run unnamed.
  const names = new Map<string, string | null>();
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  function nameOf(text: string, prepared: Set<string>): string | undefined {
    let name = names.get(text);
    if (name === undefined) {
      if (names.size >= MAX_NAMES) return undefined;
      name = CONFLICT_TARGET_WITH_VALUE.test(text) ? null : `tenure_${names.size + 1}`;
      names.set(text, name);
    }
    if (name === null) return undefined;
    return prepared.has(name) || prepared.size < MAX_PER_CONNECTION ? name : undefined;
  }

  function wrap(client: pg.PoolClient): PostgresPoolClient {
    const prepared = new Set<string>();
    let inTransaction = false;
    // A statement whose plan went stale inside a transaction: the connection is closed on release.
    let stale = false;
    const connection = (client as unknown as { connection: Connection }).connection;

    async function forget(name: string) {
      prepared.delete(name);
      delete connection.parsedStatements[name];
      await client.query(`deallocate ${name}`).catch(() => undefined);
    }

    return {
      // Kysely passes a statement's text and values, or a cursor (streamed results) to submit as it is; one
      // function for both overloads, hence the cast below.
      query: (async (text: string | pg.Submittable, values?: unknown[]) => {
        if (typeof text !== 'string') return client.query(text);
        const boundary = transactionBoundary(text);
        if (boundary) inTransaction = boundary === 'begin';
        if (!values?.length || values.length > MAX_PARAMETERS) return client.query(text, values);
        const name = nameOf(text, prepared);
        if (!name) return client.query(text, values);
        const run = () => {
          prepared.add(name);
          return client.query({ name, text, values });
        };
        try {
          return await run();
        } catch (error) {
          if (!(error instanceof Error) || !error.message.includes(CHANGED_RESULT_TYPE)) throw error;
          if (inTransaction) {
            stale = true;
            throw error;
          }
          await forget(name);
          return run();
        }
      }) as unknown as PostgresPoolClient['query'],
      release() {
        inTransaction = false;
        if (stale) {
          clients.delete(client);
          client.release(true);
        } else client.release();
      },
    };
  }

  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = wrap(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}
