import type { ContactsTable } from '../../db/types.js';

/**
 * One contact of a bulk upsert (imports). It is found within its account by external id, or
 * else by email (a contact entered by hand gets the external id); undefined leaves a value.
 */
export interface ContactUpsert {
  accountId: string;
  externalId?: string;
  name: string;
  email?: string;
  phone?: string;
  title?: string;
  role?: ContactsTable['role'];
  isPrimary?: boolean;
}
