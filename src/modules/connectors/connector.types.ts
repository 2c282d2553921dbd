import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ConnectorVendor } from '../../db/tables/connectors.js';

export type { ConnectorVendor };

/** Why a run stopped or a record was refused: a catalog key under `connectors.` and its values. */
export interface Reason {
  code: string;
  params: Record<string, string | number>;
}

/**
 * A failure that ends a run with a reason the log shows. `retryable` false (expired or invalid
 * credentials, a refused request) means the scheduled job does not try again before the next schedule.
 */
export class ConnectorError extends Error {
  constructor(
    readonly reason: Reason,
    readonly retryable = false,
  ) {
    super(`${reason.code} ${JSON.stringify(reason.params)}`);
  }
}

/** What one page wrote, added to the run's counts. */
export interface PageResult {
  received: number;
  inserted: number;
  updated: number;
  deleted: number;
  refusals: { externalId: string; reason: Reason }[];
  /** Accounts whose data changed: signalled after commit so health and the rules follow. */
  accountIds: string[];
}

/** What a vendor's sync gets from the foundation (connectors.service.ts). */
export interface SyncContext {
  settings: Record<string, string>;
  credentials: Record<string, string>;
  cursor: Record<string, string>;
  /**
   * Stores one page: `write` runs in a transaction that also saves `cursor`, so the cursor moves only
   * with the records it covers (a crash re-reads the page, and the upserts make that harmless).
   */
  commitPage(write: (trx: Transaction<DB>) => Promise<PageResult>, cursor: Record<string, string>): Promise<void>;
  /** A CRM's write-back pushed this many records to the vendor: added to the run's log. */
  wroteBack(count: number): Promise<void>;
}

/** One vendor: checks its credentials and syncs (docs/connectors.md, "Adding a vendor"). */
export interface Connector {
  vendor: ConnectorVendor;
  test(settings: Record<string, string>, credentials: Record<string, string>): Promise<void>;
  sync(context: SyncContext): Promise<void>;
}
