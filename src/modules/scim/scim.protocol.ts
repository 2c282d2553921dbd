/**
 * The pure parts of SCIM 2.0 (RFC 7643 resources, RFC 7644 protocol): errors, the filters identity
 * providers send, paging and PATCH paths. No database here, so each rule is tested on its own.
 */

export const SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

/** RFC 7644 §3.12 scimType values this server answers with. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue';

/**
 * A refusal in SCIM's error shape (RFC 7644 §3.12). `detailKey` is a server catalog key (src/i18n, scim.*)
 * phrased in the caller's language.
 */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    readonly detailKey: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(detailKey);
  }
}

export const invalidValue = (attribute: string) =>
  new ScimError(400, 'invalidValue', 'scim.invalidValue', { attribute });
export const scimNotFound = (resource: 'User' | 'Group', id: string) =>
  new ScimError(404, undefined, 'scim.notFound', { resource, id });

/** A filter this server evaluates: one attribute compared with `eq` (RFC 7644 §3.4.2.2). */
export interface EqFilter {
  /** Lower-cased attribute path, e.g. `username`, `emails.value`, `externalid`. */
  attribute: string;
  value: string | boolean | null;
}

const FILTER =
  /^\s*([A-Za-z][\w:.$-]*(?:\[[^\]]*\])?(?:\.[A-Za-z]\w*)?)\s+(eq)\s+("(?:[^"\\]|\\.)*"|true|false|null)\s*$/i;

/**
 * Parses `attr eq "value"` — what identity providers send to look a person or group up before creating it.
 * Anything else (other operators, `and`/`or`, attributes not in `supported`) is a 400 invalidFilter.
 */
export function parseFilter(filter: string | undefined, supported: readonly string[]): EqFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const match = FILTER.exec(filter);
  if (!match) throw new ScimError(400, 'invalidFilter', 'scim.invalidFilter', { filter: filter.slice(0, 200) });
  const attribute = stripUrn(match[1]).toLowerCase();
  if (!supported.includes(attribute))
    throw new ScimError(400, 'invalidFilter', 'scim.unsupportedFilter', { attribute: match[1].slice(0, 200) });
  let value: EqFilter['value'];
  try {
    value = JSON.parse(match[3]) as EqFilter['value'];
  } catch {
    throw new ScimError(400, 'invalidFilter', 'scim.invalidFilter', { filter: filter.slice(0, 200) });
  }
  return { attribute, value };
}

/** `urn:…:User:userName` → `userName`: attribute names may be qualified by their schema (RFC 7644 §3.10). */
export function stripUrn(path: string): string {
  for (const urn of [SCHEMA.user, SCHEMA.group]) {
    if (path.toLowerCase().startsWith(`${urn.toLowerCase()}:`)) return path.slice(urn.length + 1);
  }
  return path;
}

export const MAX_COUNT = 200;

/** startIndex (1-based) and count (RFC 7644 §3.4.2.4): below 1 means 1, a negative count 0, at most MAX_COUNT. */
export function parsePaging(query: { startIndex?: unknown; count?: unknown }) {
  const number = (value: unknown, name: string, fallback: number) => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || !Number.isInteger(n)) throw invalidValue(name);
    return n;
  };
  const startIndex = Math.max(1, number(query.startIndex, 'startIndex', 1));
  const count = Math.min(MAX_COUNT, Math.max(0, number(query.count, 'count', 100)));
  return { startIndex, count };
}

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

/**
 * The PatchOp message (RFC 7644 §3.5.2): `Operations`, each with `op` (any case: Azure sends `Replace`),
 * an optional `path` and a `value`.
 */
export function parsePatch(body: unknown): PatchOperation[] {
  const operations = (body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(operations) || !operations.length) throw new ScimError(400, 'invalidSyntax', 'scim.noOperations');
  return operations.map((raw, index) => {
    if (!raw || typeof raw !== 'object') throw invalidValue(`Operations[${index}]`);
    const { op, path, value } = raw as { op?: unknown; path?: unknown; value?: unknown };
    const name = typeof op === 'string' ? op.toLowerCase() : '';
    if (name !== 'add' && name !== 'replace' && name !== 'remove') throw invalidValue(`Operations[${index}].op`);
    if (path !== undefined && typeof path !== 'string') throw invalidValue(`Operations[${index}].path`);
    if (name === 'remove' && !path) throw new ScimError(400, 'noTarget', 'scim.noTarget');
    return { op: name, path: path ? stripUrn(path) : undefined, value };
  });
}

/** `members[value eq "id"]` → the id (Okta removes a member this way). */
export function memberInPath(path: string): string | undefined {
  return /^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$/i.exec(path.trim())?.[1];
}

/** Azure AD sends booleans as the strings "True" and "False". */
export function asBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalidValue(attribute);
}

export function asText(value: unknown, attribute: string, { nullable = true } = {}): string | null {
  if (value === null || value === undefined) {
    if (nullable) return null;
    throw invalidValue(attribute);
  }
  if (typeof value !== 'string' || value.length > 1000) throw invalidValue(attribute);
  const text = value.trim();
  if (!text && !nullable) throw invalidValue(attribute);
  return text || null;
}
