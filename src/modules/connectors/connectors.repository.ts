import { type Kysely, sql, type Transaction } from 'kysely';
import type { ConnectorRefusal, ConnectorVendor } from '../../db/tables/connectors.js';
import type { DB } from '../../db/types.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Refusals kept per run; the count says how many there were in all. */
export const KEPT_REFUSALS = 200;

export const connectorsRepository = {
  config: (db: Db, vendor: ConnectorVendor) =>
    db.selectFrom('connector_configs').selectAll().where('vendor', '=', vendor).executeTakeFirst(),

  enabledVendors: async (db: Db) =>
    (await db.selectFrom('connector_configs').select('vendor').where('enabled', '=', true).execute()).map(
      (r) => r.vendor,
    ),

  async saveConfig(
    db: Db,
    vendor: ConnectorVendor,
    values: { enabled: boolean; settings: Record<string, string>; credentials?: Record<string, string> },
    now: Date,
  ) {
    await db
      .insertInto('connector_configs')
      .values({
        vendor,
        enabled: values.enabled,
        settings: JSON.stringify(values.settings),
        credentials: values.credentials ? JSON.stringify(values.credentials) : null,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('vendor').doUpdateSet((eb) => ({
          enabled: eb.ref('excluded.enabled'),
          settings: eb.ref('excluded.settings'),
          ...(values.credentials && { credentials: eb.ref('excluded.credentials') }),
          // Another account's cursor means nothing here: a new address starts the export again.
          cursor: sql`case when connector_configs.settings->>'baseUrl' is distinct from excluded.settings->>'baseUrl'
            then '{}'::jsonb else connector_configs.cursor end`,
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  },

  /** Moves the streams named in `cursor` (the others stay), or with `replace` sets the whole cursor. */
  saveCursor: (db: Db, vendor: ConnectorVendor, cursor: Record<string, string>, { replace = false } = {}) =>
    db
      .updateTable('connector_configs')
      .set({
        cursor: replace ? JSON.stringify(cursor) : sql`cursor || ${JSON.stringify(cursor)}::jsonb`,
      })
      .where('vendor', '=', vendor)
      .execute(),

  /** Fails runs left running by a crashed process, so the single-flight claim is not held for ever. */
  failStale: (db: Db, vendor: ConnectorVendor, before: Date, now: Date) =>
    db
      .updateTable('connector_runs')
      .set({ status: 'failed', finished_at: now, error: JSON.stringify({ code: 'interrupted', params: {} }) })
      .where('vendor', '=', vendor)
      .where('status', '=', 'running')
      .where('started_at', '<', before)
      .execute(),

  /** Claims the vendor's one running slot (unique index); undefined when a run holds it. */
  claim: (db: Db, vendor: ConnectorVendor, trigger: 'schedule' | 'manual', now: Date) =>
    db
      .insertInto('connector_runs')
      .values({ vendor, trigger, started_at: now })
      .onConflict((oc) => oc.column('vendor').where('status', '=', 'running').doNothing())
      .returning('id')
      .executeTakeFirst(),

  addPage: (
    db: Db,
    runId: number,
    page: { received: number; inserted: number; updated: number; deleted: number; refusals: ConnectorRefusal[] },
  ) =>
    db
      .updateTable('connector_runs')
      .set((eb) => ({
        received: eb('received', '+', page.received),
        inserted: eb('inserted', '+', page.inserted),
        updated: eb('updated', '+', page.updated),
        deleted: eb('deleted', '+', page.deleted),
        refused: eb('refused', '+', page.refusals.length),
        refusals: sql`(select coalesce(jsonb_agg(r), '[]'::jsonb) from (
          select r from jsonb_array_elements(connector_runs.refusals || ${JSON.stringify(page.refusals)}::jsonb) with ordinality as x(r, n)
          order by n limit ${KEPT_REFUSALS}) kept)`,
      }))
      .where('id', '=', runId)
      .execute(),

  /** CRM write-back: adds to the run's count of records pushed to the vendor. */
  addWrittenBack: (db: Db, runId: number, count: number) =>
    db
      .updateTable('connector_runs')
      .set((eb) => ({ written_back: eb('written_back', '+', count) }))
      .where('id', '=', runId)
      .execute(),

  finish: (
    db: Db,
    runId: number,
    status: 'succeeded' | 'failed',
    error: { code: string; params: Record<string, string | number> } | null,
    now: Date,
  ) =>
    db
      .updateTable('connector_runs')
      .set({ status, finished_at: now, error: error ? JSON.stringify(error) : null })
      .where('id', '=', runId)
      .execute(),

  runs: (db: Db, vendor: ConnectorVendor, limit: number) =>
    db
      .selectFrom('connector_runs')
      .selectAll()
      .where('vendor', '=', vendor)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
};
