import { toMinorUnits } from '../../shared/money.js';
import type { CrmCompany, CrmContact, CrmDeal } from './crm.types.js';
import { roleOf } from './crm.types.js';

/**
 * A record as Salesforce's REST query answers it (`records[]` of a query result):
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm —
 * fields by API name, numbers as JSON numbers, dates as `YYYY-MM-DD`, date-times as `…T…+0000`.
 */
export interface SalesforceRecord {
  attributes?: { type: string; url: string };
  Id: string;
  IsDeleted?: boolean;
  SystemModstamp?: string;
  [field: string]: unknown;
}

/** The Salesforce settings the mapping reads (docs/salesforce.md). */
export interface SalesforceMappingSettings {
  /** Contact field holding the decision-chain role (a picklist); empty: no role is read. */
  roleField: string;
  /** The org's corporate currency: opportunities are in it unless the org has multiple currencies. */
  currency: string;
  /** Multi-currency org: each opportunity's CurrencyIsoCode is read (the field exists only there). */
  multiCurrency: boolean;
}

export const ACCOUNT_FIELDS = ['Id', 'Name', 'Website', 'Industry', 'NumberOfEmployees', 'SystemModstamp', 'IsDeleted'];
export const contactFields = (s: SalesforceMappingSettings) =>
  [
    'Id',
    'AccountId',
    'FirstName',
    'LastName',
    'Email',
    'Phone',
    'Title',
    'SystemModstamp',
    'IsDeleted',
    s.roleField,
  ].filter((f, i, all) => f && all.indexOf(f) === i);
export const opportunityFields = (s: SalesforceMappingSettings) =>
  [
    'Id',
    'AccountId',
    'Name',
    'Amount',
    'CloseDate',
    'CreatedDate',
    'IsWon',
    'SystemModstamp',
    ...(s.multiCurrency ? ['CurrencyIsoCode'] : []),
  ] as string[];

const text = (value: unknown) => {
  const trimmed = typeof value === 'string' ? value.trim() : value == null ? '' : String(value);
  return trimmed ? trimmed : null;
};
const day = (value: unknown) => {
  const t = text(value);
  const at = t ? Date.parse(t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
  return Number.isFinite(at) ? new Date(at).toISOString().slice(0, 10) : null;
};

/** Website as people type it ("https://www.acme.example/about") → the host without www. */
export function domainOf(website: unknown): string | null {
  const w = text(website);
  if (!w) return null;
  const host = w
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#:].*$/, '');
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(host) ? host : null;
}

export function toCompany(r: SalesforceRecord): CrmCompany {
  const employees = typeof r.NumberOfEmployees === 'number' ? r.NumberOfEmployees : Number.NaN;
  return {
    id: r.Id,
    name: (text(r.Name) ?? domainOf(r.Website) ?? `Salesforce ${r.Id}`).slice(0, 200),
    domain: domainOf(r.Website),
    industry: text(r.Industry),
    employees: Number.isInteger(employees) && employees >= 0 ? employees : null,
  };
}

export function toContact(r: SalesforceRecord, settings: SalesforceMappingSettings): CrmContact {
  const name = [text(r.FirstName), text(r.LastName)].filter(Boolean).join(' ');
  return {
    id: r.Id,
    companyId: text(r.AccountId),
    name: (name || text(r.Email) || `Salesforce ${r.Id}`).slice(0, 200),
    email: text(r.Email)?.toLowerCase() ?? null,
    phone: text(r.Phone),
    title: text(r.Title),
    role: settings.roleField ? roleOf(text(r[settings.roleField])) : null,
  };
}

/** A won opportunity (IsWon): its account is the opportunity's own AccountId. */
export function toDeal(r: SalesforceRecord, settings: SalesforceMappingSettings): CrmDeal {
  const currency = ((settings.multiCurrency && text(r.CurrencyIsoCode)) || settings.currency).toUpperCase();
  const amount = typeof r.Amount === 'number' ? r.Amount : Number.NaN;
  const closedOn = day(r.CloseDate) ?? day(r.SystemModstamp) ?? new Date(0).toISOString().slice(0, 10);
  return {
    id: r.Id,
    companyId: text(r.AccountId),
    name: text(r.Name) ?? `Salesforce opportunity ${r.Id}`,
    amountMinor: Number.isFinite(amount) && amount > 0 ? toMinorUnits(amount, currency) : null,
    currency,
    closedOn,
    createdOn: day(r.CreatedDate) ?? closedOn,
  };
}

/**
 * SystemModstamp as a SOQL date-time literal, cut to whole seconds: the next query asks `> cursor`, so a
 * record changed later in the same second is read again (harmless) rather than missed.
 */
export function stampOf(r: SalesforceRecord): string | null {
  const t = text(r.SystemModstamp);
  const at = t ? Date.parse(t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
  return Number.isFinite(at) ? new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z') : null;
}
