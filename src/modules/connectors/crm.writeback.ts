import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { WriteBack } from '../../shared/connectors.js';
import { accountFacts, liveAccounts } from '../accounts/accounts.read.js';
import { userRows } from '../users/users.read.js';
import type { ConnectorVendor } from './connector.types.js';

/** What Tenure knows of one CRM-linked account, as the write-back sends it. */
export interface WriteBackRow {
  /** The vendor's own company id (the account's external id without `<vendor>:`). */
  id: string;
  healthScore: number | null;
  renewalProbability: number | null;
  csmOwner: string | null;
}

/** The accounts linked to the vendor's companies, with their health score, renewal probability and CSM's e-mail. */
export async function writeBackRows(db: Kysely<DB>, vendor: ConnectorVendor): Promise<WriteBackRow[]> {
  const rows = await db
    .selectFrom(liveAccounts(db).as('a'))
    .leftJoin(accountFacts(db).as('f'), 'f.account_id', 'a.id')
    .leftJoin(userRows(db).as('u'), 'u.id', 'a.owner_id')
    .select([
      sql<string>`substr(a.external_id, ${vendor.length + 2})`.as('id'),
      'f.health_score',
      'f.renewal_probability',
      'u.email',
    ])
    .where('a.external_id', 'like', `${vendor}:%`)
    .where('a.external_id', 'not like', `${vendor}:deal:%`)
    .orderBy('a.external_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    healthScore: r.health_score == null ? null : Number(r.health_score),
    renewalProbability: r.renewal_probability == null ? null : Number(r.renewal_probability),
    csmOwner: r.email ?? null,
  }));
}

/**
 * The property values the CRM should hold, for the fields the admin opted into: the health score rounded
 * to a whole number (0–100), the renewal probability as a whole percentage, the CSM's e-mail; '' clears.
 */
export function desiredValues(row: WriteBackRow, fields: WriteBack): Record<string, string> {
  const values: Record<string, string> = {};
  if (fields.healthScore)
    values[fields.healthScore] = row.healthScore == null ? '' : String(Math.round(row.healthScore));
  if (fields.renewalProbability)
    values[fields.renewalProbability] =
      row.renewalProbability == null ? '' : String(Math.round(row.renewalProbability * 100));
  if (fields.csmOwner) values[fields.csmOwner] = row.csmOwner ?? '';
  return values;
}

/** The properties whose CRM value differs from Tenure's (a missing value and '' are the same). */
export function changedValues(
  current: Record<string, string | null | undefined>,
  desired: Record<string, string>,
): Record<string, string> {
  const same = (a: string | null | undefined, b: string) => {
    const x = (a ?? '').trim();
    if (x === b) return true;
    // A number property comes back as HubSpot formats it ("72.0").
    return x !== '' && b !== '' && Number.isFinite(Number(x)) && Number(x) === Number(b);
  };
  return Object.fromEntries(Object.entries(desired).filter(([key, value]) => !same(current[key], value)));
}

export const writeBackFields = (settings: Record<string, string>): WriteBack => ({
  healthScore: settings.writeHealthScore || null,
  renewalProbability: settings.writeRenewalProbability || null,
  csmOwner: settings.writeCsmOwner || null,
});
