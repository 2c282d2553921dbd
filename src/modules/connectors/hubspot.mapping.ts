import { toMinorUnits } from '../../shared/money.js';
import type { CrmCompany, CrmContact, CrmDeal } from './crm.types.js';
import { roleOf } from './crm.types.js';

/**
 * A CRM object as HubSpot's CRM API sends it (search, list and archived list):
 * https://developers.hubspot.com/docs/api/crm/understanding-the-crm — every property a string or null.
 */
export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null | undefined>;
  archived?: boolean;
  archivedAt?: Date | string | null;
}

/** The HubSpot settings the mapping reads (docs/hubspot.md). */
export interface HubSpotMappingSettings {
  /** Contact property holding the decision-chain role; HubSpot's buying role by default. */
  roleProperty: string;
  /** The portal's company currency: deals without deal_currency_code are in it. */
  currency: string;
}

export const COMPANY_PROPERTIES = ['name', 'domain', 'industry', 'numberofemployees', 'hs_lastmodifieddate'];
export const CONTACT_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'phone',
  'jobtitle',
  'associatedcompanyid',
  'lastmodifieddate',
];
export const DEAL_PROPERTIES = [
  'dealname',
  'amount',
  'deal_currency_code',
  'closedate',
  'createdate',
  'dealstage',
  'pipeline',
  'hs_is_closed_won',
  'hs_lastmodifieddate',
];

const text = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};
const day = (value: string | null | undefined) => (value ? new Date(value).toISOString().slice(0, 10) : null);

export function toCompany(o: HubSpotObject): CrmCompany {
  const p = o.properties;
  const employees = Number.parseInt(p.numberofemployees ?? '', 10);
  return {
    id: o.id,
    name: (text(p.name) ?? text(p.domain) ?? `HubSpot ${o.id}`).slice(0, 200),
    domain: text(p.domain),
    industry: text(p.industry),
    employees: Number.isFinite(employees) && employees >= 0 ? employees : null,
  };
}

export function toContact(o: HubSpotObject, settings: HubSpotMappingSettings): CrmContact {
  const p = o.properties;
  const name = [text(p.firstname), text(p.lastname)].filter(Boolean).join(' ');
  return {
    id: o.id,
    companyId: text(p.associatedcompanyid),
    name: (name || text(p.email) || `HubSpot ${o.id}`).slice(0, 200),
    email: text(p.email)?.toLowerCase() ?? null,
    phone: text(p.phone),
    title: text(p.jobtitle),
    role: roleOf(p[settings.roleProperty]),
  };
}

/** A won deal; its company comes from the associations API (HubSpot keeps no company property on deals). */
export function toDeal(o: HubSpotObject, companyId: string | null, settings: HubSpotMappingSettings): CrmDeal {
  const p = o.properties;
  const currency = (text(p.deal_currency_code) ?? settings.currency).toUpperCase();
  const amount = Number.parseFloat(p.amount ?? '');
  const closedOn = day(p.closedate) ?? day(p.hs_lastmodifieddate) ?? new Date(0).toISOString().slice(0, 10);
  return {
    id: o.id,
    companyId,
    name: text(p.dealname) ?? `HubSpot deal ${o.id}`,
    amountMinor: Number.isFinite(amount) && amount > 0 ? toMinorUnits(amount, currency) : null,
    currency,
    closedOn,
    createdOn: day(p.createdate) ?? closedOn,
  };
}

/** The object's last-modified time as HubSpot's search compares it (ms since epoch), from its own property. */
export function modifiedAt(o: HubSpotObject, property: string): number {
  const value = o.properties[property];
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(at) ? at : 0;
}
