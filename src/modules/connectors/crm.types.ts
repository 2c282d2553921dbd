import type { ContactsTable } from '../../db/types.js';

/**
 * A CRM's records as the CRM-neutral sync (crm.sync.ts) takes them. Each vendor (hubspot.ts, later
 * salesforce.ts) maps its own objects to these; ids are the vendor's own, without a prefix.
 */
export interface CrmCompany {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
}

export type ContactRole = NonNullable<ContactsTable['role']>;

export interface CrmContact {
  id: string;
  /** The company the contact belongs to (primary association), null when none. */
  companyId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  /** Place in the decision chain, read from the property the admin chose; null leaves it as stored. */
  role: ContactRole | null;
}

/** A closed-won deal. */
export interface CrmDeal {
  id: string;
  companyId: string | null;
  name: string;
  /** Minor units, null when the deal carries no amount (then it opens a handoff but no subscription). */
  amountMinor: number | null;
  currency: string;
  /** YYYY-MM-DD */
  closedOn: string;
  /** YYYY-MM-DD */
  createdOn: string;
}

/** One page of a CRM sync: any of the three lists, and the ids the CRM says were deleted. */
export interface CrmPage {
  companies?: readonly CrmCompany[];
  contacts?: readonly CrmContact[];
  deals?: readonly CrmDeal[];
  deletedContacts?: readonly string[];
  /** Deleted companies: their accounts are kept (they carry history); the log names each one. */
  deletedCompanies?: readonly { id: string; name: string }[];
}

/** Tenure's external id of a CRM record: `<vendor>:<id>` (deals' subscriptions: `<vendor>:deal:<id>`). */
export const crmExternalId = (vendor: string, id: string) => `${vendor}:${id}`;
export const crmDealExternalId = (vendor: string, id: string) => `${vendor}:deal:${id}`;

/**
 * Decision-chain roles from a CRM property: HubSpot's buying role values (hs_buying_role, a multiple
 * checkbox whose values are joined by `;`), or Tenure's own role names in a custom property. The first
 * value that maps wins; none that maps is no role.
 */
const ROLES: Record<string, ContactRole> = {
  decision_maker: 'decision_maker',
  economic_buyer: 'economic_buyer',
  budget_holder: 'economic_buyer',
  business_user: 'end_user',
  executive_sponsor: 'economic_buyer',
  champion: 'champion',
  end_user: 'end_user',
  blocker: 'blocker',
};

export function roleOf(value: string | null | undefined): ContactRole | null {
  for (const part of (value ?? '').split(';')) {
    const key = part
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (ROLES[key]) return ROLES[key];
  }
  return null;
}

/** Whole days from one YYYY-MM-DD to another, never negative. */
export const daysBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
