/**
 * How deep JSON callers may nest. Real payloads (Segment messages, Stripe events, our own API
 * bodies) stay under a dozen levels; thousands of levels overflow the stack of every recursive
 * walk after the parser (JSON.stringify, the unstorable-text check, PostgreSQL's jsonb input),
 * so each door that parses JSON refuses deeper text before parsing it.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether JSON text opens more than `max` arrays or objects inside each other (one pass, no recursion; strings skipped). */
export function nestedDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}
