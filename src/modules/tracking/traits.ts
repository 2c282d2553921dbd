/**
 * What identify and group traits change: the contact's email, name, title and phone; the
 * account's name, industry, employees, domain and plan. Pure functions returning only the
 * fields that differ, so an SDK that sends the same traits on every page load writes nothing.
 */
import type { AccountPatch } from '../../shared/accounts.js';
import type { ContactPatch } from '../../shared/contacts.js';

type Traits = Record<string, unknown>;

const text = (value: unknown, max: number): string | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value).slice(0, max);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : undefined;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function traitEmail(traits: Traits): string | undefined {
  const email = text(traits.email, 200)?.toLowerCase();
  return email && EMAIL.test(email) ? email : undefined;
}

export function traitName(traits: Traits): string | undefined {
  const full = text(traits.name, 200);
  if (full) return full;
  const parts = [
    text(traits.firstName ?? traits.first_name, 100),
    text(traits.lastName ?? traits.last_name, 100),
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

export interface ContactFields {
  name: string;
  email: string | null;
  title: string | null;
  phone: string | null;
}

/** The contact fields identify traits set, compared with the contact as it is (undefined: a new contact). */
export function contactChanges(traits: Traits, current: ContactFields | undefined): ContactPatch {
  const wanted: ContactPatch = {
    name: traitName(traits),
    email: traitEmail(traits),
    title: text(traits.title, 200),
    phone: text(traits.phone, 50),
  };
  const patch: ContactPatch = {};
  for (const [key, value] of Object.entries(wanted) as [keyof ContactFields, string | undefined][]) {
    if (value !== undefined && (!current || current[key] !== value)) patch[key] = value;
  }
  return patch;
}

/** 'https://www.acme.com/about' → 'acme.com'. */
function domainOf(value: unknown): string | undefined {
  const raw = text(value, 200);
  if (!raw) return undefined;
  const host = raw
    .replace(/^[a-z]+:\/\//i, '')
    .split(/[/?#]/)[0]!
    .replace(/^www\./i, '')
    .toLowerCase();
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(host) ? host : undefined;
}

export interface AccountFields {
  name: string;
  industry: string | null;
  employees: number | null;
  domain: string | null;
  attributes: Record<string, unknown>;
}

/** The account fields group traits set, compared with the account as it is. */
export function accountChanges(traits: Traits, current: AccountFields): AccountPatch {
  const patch: AccountPatch = {};
  const name = text(traits.name, 200);
  if (name && name !== current.name) patch.name = name;
  const industry = text(traits.industry, 100);
  if (industry && industry !== current.industry) patch.industry = industry;
  const employees = Number(traits.employees);
  if (
    traits.employees !== undefined &&
    traits.employees !== null &&
    Number.isInteger(employees) &&
    employees >= 0 &&
    employees <= 10_000_000 &&
    employees !== current.employees
  ) {
    patch.employees = employees;
  }
  const domain = domainOf(traits.website ?? traits.domain);
  if (domain && domain !== current.domain) patch.domain = domain;
  const plan = text(traits.plan, 100);
  if (plan && plan !== current.attributes.plan) patch.attributes = { plan };
  return patch;
}
