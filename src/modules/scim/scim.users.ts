/**
 * A SCIM User (RFC 7643 §4.1) as this server reads and writes it: the attributes identity providers send,
 * read from a resource (POST, PUT) or changed by PatchOp operations (RFC 7644 §3.5.2), and how they become
 * a Tenure user (an address, a name, whether they may sign in).
 */
import { z } from 'zod';
import { asBoolean, asText, invalidValue, type PatchOperation, ScimError, stripUrn } from './scim.protocol.js';

export interface UserAttributes {
  userName: string;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
  formatted: string | null;
  displayName: string | null;
  email: string | null;
  active: boolean;
  /** Write-only (RFC 7643 §4.1.1): set when sent, never shown. */
  password?: string;
}

type Emails = { value?: unknown; primary?: unknown; type?: unknown }[];

/** The address of a multi-valued `emails`: the primary one, else the work one, else the first. */
function pickEmail(value: unknown): string | null {
  if (value === null) return null;
  if (!Array.isArray(value)) throw invalidValue('emails');
  const emails = value as Emails;
  const chosen =
    emails.find((e) => e && (e.primary === true || e.primary === 'true' || e.primary === 'True')) ??
    emails.find((e) => e && typeof e.type === 'string' && e.type.toLowerCase() === 'work') ??
    emails[0];
  return chosen ? asText(chosen.value, 'emails.value') : null;
}

/** Sets one attribute by its (schema-stripped) path; attributes Tenure does not keep are ignored. */
function set(attrs: UserAttributes, path: string, value: unknown, remove: boolean) {
  const key = stripUrn(path).toLowerCase();
  const v = remove ? null : value;
  switch (key) {
    case 'username': {
      const text = asText(v, 'userName', { nullable: false });
      attrs.userName = text!;
      return;
    }
    case 'externalid':
      attrs.externalId = asText(v, 'externalId');
      return;
    case 'displayname':
      attrs.displayName = asText(v, 'displayName');
      return;
    case 'active':
      if (!remove) attrs.active = asBoolean(v, 'active');
      return;
    case 'password':
      if (!remove) attrs.password = asText(v, 'password', { nullable: false })!;
      return;
    case 'name.givenname':
      attrs.givenName = asText(v, 'name.givenName');
      return;
    case 'name.familyname':
      attrs.familyName = asText(v, 'name.familyName');
      return;
    case 'name.formatted':
      attrs.formatted = asText(v, 'name.formatted');
      return;
    case 'name': {
      if (v === null) {
        attrs.givenName = attrs.familyName = attrs.formatted = null;
        return;
      }
      if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue('name');
      for (const [k, inner] of Object.entries(v as Record<string, unknown>)) set(attrs, `name.${k}`, inner, false);
      return;
    }
    case 'emails':
      attrs.email = pickEmail(v === null ? null : Array.isArray(v) ? v : [v]);
      return;
    default:
      // emails[type eq "work"].value (Azure AD's mapping of mail), with or without the filter.
      if (/^emails(\[[^\]]*\])?\.value$/.test(key)) {
        attrs.email = asText(v, 'emails.value');
        return;
      }
      if (/^emails\[[^\]]*\]$/.test(key)) {
        attrs.email = remove ? null : pickEmail(Array.isArray(v) ? v : [v]);
      }
    // Anything else (title, phoneNumbers, the enterprise extension …) is accepted and not kept.
  }
}

/** A whole resource (POST, PUT): what is absent is cleared, except `active` (kept, or true when new). */
export function fromResource(body: unknown, current?: UserAttributes): UserAttributes {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ScimError(400, 'invalidSyntax', 'scim.notAnObject');
  const resource = body as Record<string, unknown>;
  const attrs: UserAttributes = {
    userName: '',
    externalId: null,
    givenName: null,
    familyName: null,
    formatted: null,
    displayName: null,
    email: null,
    active: current?.active ?? true,
  };
  if (typeof resource.userName !== 'string' || !resource.userName.trim()) throw invalidValue('userName');
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas' || key === 'id' || key === 'meta' || key === 'groups') continue;
    set(attrs, key, value, false);
  }
  return attrs;
}

/** PatchOp operations applied in order (RFC 7644 §3.5.2.1–3): with a path, or a value object of attributes. */
export function applyPatch(current: UserAttributes, operations: readonly PatchOperation[]): UserAttributes {
  const attrs = { ...current };
  for (const [index, operation] of operations.entries()) {
    if (operation.path) {
      set(attrs, operation.path, operation.value, operation.op === 'remove');
      continue;
    }
    const value = operation.value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalidValue(`Operations[${index}].value`);
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'schemas' || key === 'id' || key === 'meta') continue;
      // Azure AD sends the enterprise extension as one object; its attributes are not kept.
      set(attrs, key, inner, false);
    }
  }
  return attrs;
}

const email = z.email();

/** What the users service is given: the address (primary email, else userName) and a display name. */
export function toTenureUser(attrs: UserAttributes) {
  const address = (attrs.email ?? attrs.userName).trim();
  if (!email.safeParse(address).success) throw invalidValue(attrs.email ? 'emails' : 'userName');
  const joined = [attrs.givenName, attrs.familyName].filter(Boolean).join(' ');
  const name = (attrs.displayName || attrs.formatted || joined || attrs.userName).slice(0, 200);
  return { email: address, name };
}
