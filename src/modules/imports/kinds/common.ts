import type { Transaction } from 'kysely';
import type { DB } from '../../../db/types.js';
import type { ImportColumn } from '../../../shared/imports.js';
import type { ImportContext, RowError } from '../import.types.js';

export const ACCOUNT_EXTERNAL_ID: ImportColumn = {
  name: 'account_external_id',
  required: true,
  type: 'text',
  aliases: ['客户编号', '客户ID', '客户代码', '客户外部编号', 'customer_id', 'account_id'],
  example: 'ACME-001',
};

/**
 * Rows of every kind but accounts and subscriptions must name an account that exists: the
 * unknown ones are refused (an import of usage or tickets does not invent customers).
 */
export async function withAccounts<R extends { line: number; accountExternalId: string }>(
  rows: R[],
  trx: Transaction<DB>,
  ctx: ImportContext,
): Promise<{ known: (R & { accountId: string })[]; refused: RowError[] }> {
  const ids = await ctx.writers.accounts.idsByExternalIds([...new Set(rows.map((r) => r.accountExternalId))], trx);
  const known: (R & { accountId: string })[] = [];
  const refused: RowError[] = [];
  for (const row of rows) {
    const accountId = ids.get(row.accountExternalId);
    if (accountId) known.push({ ...row, accountId });
    else
      refused.push({
        line: row.line,
        column: 'account_external_id',
        reason: 'imports.unknownAccount',
        params: { value: row.accountExternalId },
      });
  }
  return { known, refused };
}

/** The last row for a key wins, as it would row by row (one statement may not touch a row twice). */
export function lastByKey<R>(rows: R[], key: (row: R) => string): R[] {
  const map = new Map<string, R>();
  for (const row of rows) {
    const k = key(row);
    map.delete(k);
    map.set(k, row);
  }
  return [...map.values()];
}
