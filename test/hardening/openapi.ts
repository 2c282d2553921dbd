import fc from 'fast-check';
import {
  deep,
  encodeText,
  nastyBodyText,
  nastyDates,
  nastyText,
  nastyValue,
  PROTOTYPE_NAMES,
  raw,
  toJsonText,
} from './nasty.js';

/**
 * Requests generated from the OpenAPI document: each operation's own shape (path parameters,
 * query, JSON body), with nasty values substituted at every level and whole bodies that are
 * not what the route expects.
 */

export interface JsonSchema {
  type?: string | JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  nullable?: boolean;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
}

export interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** A generated request; `\u0001id:N` markers stand for the N-th id seen so far (filled in when sent). */
export interface Probe {
  url: string;
  payload?: string;
  contentType?: string;
  language: string;
  headers?: Record<string, string>;
}

export const ID_MARK = '\u0001id:';
const idRef = fc.nat({ max: 999 }).map((n) => `${ID_MARK}${n}`);

/** A value that fits the schema (bounds at their edges included), or — one time in five at every level — a nasty one. */
export function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const fitting = fitFor(schema ?? {}, depth);
  return fc.oneof({ weight: 4, arbitrary: fitting }, { weight: 1, arbitrary: nastyValue });
}

function fitFor(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const base = fitBase(schema, depth);
  return schema.nullable ? fc.oneof({ weight: 4, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
}

function fitBase(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.anyOf?.length) return fc.oneof(...schema.anyOf.map((s) => fitFor(s, depth)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = typeof schema.type === 'object' ? schema.type.type : schema.type;
  if (typeof schema.type === 'object' && schema.type.enum) return fc.constantFrom(...schema.type.enum);
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -(2 ** 31);
      const max = schema.maximum ?? 2 ** 31;
      const inner =
        type === 'integer'
          ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) })
          : fc.double({ min, max, noNaN: true });
      return fc.oneof({ weight: 3, arbitrary: inner }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const maxLength = Math.min(schema.maxItems ?? 3, 3);
      return fc.array(valueFor(schema.items, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, maxLength),
        maxLength,
      });
    }
    case 'object':
      return objectFor(schema, depth);
    default:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  switch (schema.format) {
    case 'uuid':
      return idRef;
    case 'date':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('2026-06-15', '2025-01-01', '2026-12-31') },
        { weight: 1, arbitrary: fc.constantFrom(...nastyDates) },
      );
    case 'date-time':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('2026-06-15T04:00:00Z', '2025-01-01T00:00:00.000Z') },
        { weight: 1, arbitrary: fc.constantFrom(...nastyDates) },
      );
    case 'email':
      return fc.constantFrom('probe@example.com', 'admin@test.local', `${'a'.repeat(64)}@${'b'.repeat(180)}.com`);
    case 'uri':
      return fc.constantFrom('https://example.com/hook', 'http://127.0.0.1:1/x', 'https://[::1]:99999/');
  }
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 50;
  // Exactly the longest text the schema allows: a column narrower than the schema shows here.
  const edge = fc.constantFrom('é'.repeat(max), 'x'.repeat(max), '😀'.repeat(Math.max(1, Math.floor(max / 2))));
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 20) }) },
    { weight: 1, arbitrary: edge },
  );
}

function objectFor(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(properties).map(([name, s]) => {
    const value = depth > 4 ? fitFor(s, depth + 1) : valueFor(s, depth + 1);
    return required.has(name)
      ? value.map((v) => [name, v] as const)
      : fc.option(
          value.map((v) => [name, v] as const),
          { freq: 2 },
        );
  });
  const extra =
    typeof schema.additionalProperties === 'object' || schema.additionalProperties === undefined
      ? fc.array(
          fc.tuple(
            fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 6 })),
            valueFor(
              typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined,
              depth + 1,
            ),
          ),
          { maxLength: 3 },
        )
      : fc.constant([] as (readonly [string, unknown])[]);
  return fc.tuple(fc.tuple(...fields), extra).map(([own, more]) => {
    // defineProperty: `__proto__` must become an own key (as JSON.parse makes it), not a prototype.
    const out: Record<string, unknown> = {};
    for (const entry of [...more, ...own])
      if (entry)
        Object.defineProperty(out, entry[0], { value: entry[1], enumerable: true, configurable: true, writable: true });
    return out;
  });
}

/** A path parameter: an id the app handed out, the nil UUID, or text that is no id at all. */
const pathValue = fc.oneof(
  { weight: 5, arbitrary: idRef },
  { weight: 1, arbitrary: fc.constant('00000000-0000-4000-8000-000000000000') },
  { weight: 3, arbitrary: nastyText },
);

function queryValue(schema: JsonSchema): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fitFor(schema, 0).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) },
    { weight: 2, arbitrary: nastyText },
  );
}

/** Requests for one operation of the document. */
export function probesFor(path: string, method: string, operation: Operation | undefined): fc.Arbitrary<Probe> {
  const params = operation?.parameters ?? [];
  const pathNames = [...path.matchAll(/\{(\w+)\}|:(\w+)|\*/g)].map((m) => m[1] ?? m[2] ?? '*');
  const query = params.filter((p) => p.in === 'query');
  const url = fc
    .tuple(
      fc.tuple(...pathNames.map(() => pathValue)),
      fc.tuple(
        ...query.map((p) =>
          fc.option(
            queryValue(p.schema).map((v) => [p.name, v] as const),
            { freq: p.required ? 8 : 2 },
          ),
        ),
      ),
      fc.option(fc.tuple(fc.constantFrom(...PROTOTYPE_NAMES), nastyText), { freq: 3 }),
    )
    .map(([values, pairs, stray]) => {
      let i = 0;
      const filled = path.replace(/\{(\w+)\}|:(\w+)|\*/g, () => encodeText(values[i++]).replace(/%01id%3A/, ID_MARK));
      const search = [...pairs, stray]
        .filter((p) => p !== null)
        .map(([k, v]) => `${encodeText(k)}=${encodeText(v).replace(/%01id%3A/, ID_MARK)}`);
      return search.length ? `${filled}?${search.join('&')}` : filled;
    });
  const schema = operation?.requestBody?.content['application/json']?.schema;
  const payload: fc.Arbitrary<string | undefined> =
    method === 'GET' || method === 'DELETE'
      ? fc.option(nastyBodyText, { freq: 6 }).map((v) => v ?? undefined)
      : fc.oneof(
          { weight: 6, arbitrary: valueFor(schema ?? { type: 'object' }).map(toJsonText) },
          { weight: 2, arbitrary: fitFor(schema ?? { type: 'object' }, 0).map(toJsonText) },
          { weight: 1, arbitrary: nastyBodyText },
          { weight: 1, arbitrary: fc.constant(toJsonText({ a: raw(deep('array', 4_999)) })) },
        );
  const language = fc.constantFrom(
    'en',
    'zh-CN',
    'zh-CN,zh;q=0.9',
    '__proto__',
    'toString;q=NaN',
    'x'.repeat(2_000),
    'é;q=0.5',
  );
  return fc
    .record({ url, payload, language })
    .map((p) => ({ ...p, contentType: p.payload === undefined ? undefined : 'application/json' }));
}
