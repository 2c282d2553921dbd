import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { translator, type Locale } from '../../i18n/index.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { Actor } from '../audit/actor.js';
import type { SubscriptionService } from '../subscriptions/subscriptions.service.js';
import type { ImportReport, RowError } from './import.types.js';
import { readSheet, normaliseHeader } from './spreadsheet.js';
import { SUBSCRIPTION_REQUIRED, type SubscriptionRow, parseSubscriptionRow } from './subscriptions.import.js';

export const IMPORT_KINDS = ['subscriptions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportOptions {
  /** Source header → Tenure column, e.g. { customer: 'account_external_id' }. */
  map?: Record<string, string>;
  locale: Locale;
  chunkSize?: number;
}

export interface ImportDeps {
  db: Kysely<DB>;
  accounts: Pick<AccountService, 'ensureByExternalIds'>;
  subscriptions: Pick<SubscriptionService, 'upsertVersions'>;
  baseCurrency: string;
}

/**
 * Spreadsheet imports: rows stream in, each is validated on its own, good rows are written in
 * chunks (one transaction and a few set-based statements per chunk) and bad rows are reported
 * with line, column and reason. Upserts by external ids make a re-import change nothing.
 */
export function createImportService({ db, accounts, subscriptions, baseCurrency }: ImportDeps) {
  async function writeSubscriptions(actor: Actor, rows: SubscriptionRow[], created: Set<string>) {
    await db.transaction().execute(async (trx) => {
      const ensured = await accounts.ensureByExternalIds(actor, rows.map((r) => r.accountExternalId), trx);
      for (const id of ensured.created) created.add(id);
      await subscriptions.upsertVersions(
        actor,
        rows.map((r) => ({ ...r, accountId: ensured.ids.get(r.accountExternalId)! })),
        trx,
      );
    });
  }

  return {
    async importFile(actor: Actor, kind: ImportKind, file: string, options: ImportOptions): Promise<ImportReport> {
      const t = translator(options.locale);
      const map = Object.fromEntries(Object.entries(options.map ?? {}).map(([from, to]) => [normaliseHeader(from), normaliseHeader(to)]));
      const chunkSize = options.chunkSize ?? 2000;
      const refused: RowError[] = [];
      const created = new Set<string>();
      let rows = 0;
      let imported = 0;
      let pending: SubscriptionRow[] = [];
      let checkedHeader = false;

      for await (const row of readSheet(file)) {
        const values = Object.fromEntries(Object.entries(row.values).map(([k, v]) => [map[k] ?? k, v]));
        if (!checkedHeader) {
          checkedHeader = true;
          const missing = SUBSCRIPTION_REQUIRED.filter((c) => !(c in values));
          if (missing.length) {
            refused.push(...missing.map((column) => ({ line: 1, column, reason: 'imports.missingColumn' })));
            break;
          }
        }
        rows += 1;
        const parsed = parseSubscriptionRow(row.line, values, baseCurrency);
        if (Array.isArray(parsed)) {
          refused.push(...parsed);
          continue;
        }
        pending.push(parsed);
        if (pending.length >= chunkSize) {
          await writeSubscriptions(actor, pending, created);
          imported += pending.length;
          pending = [];
        }
      }
      if (pending.length) {
        await writeSubscriptions(actor, pending, created);
        imported += pending.length;
      }
      return {
        kind,
        rows,
        imported,
        refused: refused.map((e) => ({ ...e, message: t(e.reason, { column: e.column, ...e.params }) })),
        createdAccounts: [...created],
      };
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
