import fc from 'fast-check';

/**
 * The values a careless or hostile client sends: text PostgreSQL cannot store, dates it cannot
 * hold, numbers past every column, wrong types, prototype names and inputs big enough to hurt.
 */

/**
 * JSON text to be written into a body as it is: numbers JavaScript cannot hold (1e999 parses to
 * Infinity, 30 digits lose precision) and 5,000-deep nesting (too deep for JSON.stringify's replacer).
 */
const RAW_TEXTS: string[] = [];
export function raw(text: string): string {
  RAW_TEXTS.push(text);
  return `\u0001raw:${RAW_TEXTS.length - 1}`;
}

/** One megabyte of text: past the 1 MB body limit on its own, past every maxLength inside it. */
export const MEGABYTE = 'x'.repeat(1_048_576);
const NESTING = 5_000;

export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'prototype',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
];

export const nastyDates = [
  '0000-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2026-06-15T24:00:00Z',
  '2026-06-15T00:00:00+99:99',
  '10000-01-01',
  '1969-12-31T23:59:59Z',
];

export const nastyStrings = [
  'a\u0000b',
  '\u0000',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDBFF',
  '',
  ' ',
  '\t\r\n',
  '%00',
  '\\u0000',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '-1e308',
  '1e999',
  '99999999999999999999999',
  '-0',
  '0x10',
  '1_000',
  '\u202Eevil',
  '𝕏😀',
  'ǅ\u0301\u0301\u0301',
  "'; drop table accounts; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ...PROTOTYPE_NAMES,
  ...nastyDates,
];

export const nastyNumbers = [
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 63,
  2 ** 64,
  -1,
  0,
  -0,
  0.5,
  1e-320,
  5e-324,
  4294967296.5,
  86400 * 366 * 300_000,
];

const rawNumbers = [
  '1e999',
  '-1e999',
  '123456789012345678901234567890',
  '-123456789012345678901234567890',
  '1.0000000000000000000001',
  '1E+400',
];

/** A 5,000-deep object or array, as raw JSON text. */
export function deep(kind: 'object' | 'array', depth = NESTING): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** An object whose own keys are prototype names (JSON.parse makes `__proto__` an own key, as a server sees it). */
export function prototypeObject(value: unknown = 1): Record<string, unknown> {
  const json = `{${PROTOTYPE_NAMES.map((k) => `${JSON.stringify(k)}:${JSON.stringify(value ?? null)}`).join(',')}}`;
  return JSON.parse(json) as Record<string, unknown>;
}

const deepObject = raw(deep('object'));
const deepArray = raw(deep('array'));

/** Any nasty JSON value, whatever the schema asked for. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.constantFrom(...nastyNumbers) },
  { weight: 2, arbitrary: fc.constantFrom(...rawNumbers.map(raw)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, null, [], {}, [null], [[]], { id: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(MEGABYTE, 'é'.repeat(20_000), '\u0000'.repeat(10_000)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(deepObject, deepArray) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES).map((v) => prototypeObject(v)) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...nastyStrings), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** Strings for path segments and query values, where only text travels. */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...nastyStrings, ...rawNumbers) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'x'.repeat(10_000),
      '9'.repeat(400),
      '[',
      ']',
      '?',
      '#',
      '&',
      '=',
      '%',
      '%zz',
      '..',
      '.',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

/** Whole bodies that are not the object a route expects, as raw JSON text (or not JSON at all). */
export const nastyBodyText: fc.Arbitrary<string> = fc.constantFrom(
  '',
  'null',
  '[]',
  '""',
  '0',
  'true',
  '1e999',
  '-1e999',
  '"\\u0000"',
  '"\\ud800"',
  '{"a":"\\udc00"}',
  '{',
  '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"toString":"x"}',
  `{"a":${'['.repeat(NESTING)}${']'.repeat(NESTING)}}`,
  `${'{"a":'.repeat(NESTING)}1${'}'.repeat(NESTING)}`,
  '\uFEFF{}',
  '{"a":1,"a":2}',
  `"${MEGABYTE}"`,
);

/** JSON text for a value, with raw() parts written out as they were given. */
export function toJsonText(value: unknown): string {
  return (JSON.stringify(value) ?? '').replace(/"\\u0001raw:(\d+)"/g, (_m, n: string) => RAW_TEXTS[Number(n)]);
}

/** Query and path text percent-encoded byte by byte; a lone surrogate travels as its WTF-8 bytes (invalid UTF-8). */
export function encodeText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(char);
  }
  return out;
}
