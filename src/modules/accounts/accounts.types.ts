import type { AccountsTable } from '../../db/types.js';

/**
 * One account of a bulk upsert (imports), keyed by external id. An undefined field leaves the
 * stored value as it is; attributes merge into the stored ones.
 */
export interface AccountUpsert {
  externalId: string;
  name?: string;
  domain?: string;
  industry?: string;
  employees?: number;
  region?: string;
  tier?: AccountsTable['tier'];
  lifecycleStage?: AccountsTable['lifecycle_stage'];
  ownerId?: string;
  firstPaidOn?: string;
  churnedOn?: string;
  parentExternalId?: string;
  attributes?: Record<string, unknown>;
}
