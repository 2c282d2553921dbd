/**
 * Text PostgreSQL cannot store: NUL (text columns refuse 0x00, jsonb refuses \u0000) and UTF-16
 * surrogates without their pair (not Unicode at all; jsonb refuses them). JSON lets a caller send
 * both, so every door that stores what callers send checks for them and names the field.
 */

/** With the u flag a regular expression sees code points, so a surrogate pair (an emoji) never matches. */
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

export const isUnstorable = (text: string): boolean => UNSTORABLE.test(text);

/**
 * The path of the first string (object key or value) in a JSON-like value that cannot be stored,
 * or undefined when all of it can.
 */
export function unstorablePath(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string') return isUnstorable(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = unstorablePath(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value)) {
    // The key is reported readable: what cannot be stored cannot be echoed back usefully either.
    if (isUnstorable(key)) return [...path, key.replace(/[\u0000\uD800-\uDFFF]/gu, '\uFFFD')];
    const found = unstorablePath(inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Whether JSON made by JSON.stringify may hold unstorable text: it writes NUL and lone surrogates
 * as \u0000 and \udXXX escapes (and a real pair as the character itself). A match can also be a
 * spelt-out backslash-u, so a hit is confirmed on the value; a miss needs no walk at all.
 */
export const mayHoldUnstorable = (json: string): boolean => /\\u(?:0000|d[89a-f])/.test(json);
