import type { $ZodIssue } from 'zod/v4/core';
import { AppError } from '../../http/errors.js';
import type { Locale } from '../../i18n/index.js';
import { errorBody } from '../../http/validation.js';

/**
 * An event Stripe signed but Tenure cannot apply (a field that is not what its type promises, a
 * negative amount, a time outside any calendar, text the database cannot store). Answering 500
 * would make Stripe retry it for days to the same end, so it is recorded as refused, with why,
 * and acknowledged. Infrastructure failures (a lost connection, a deadlock) are not refusals:
 * they still answer 500 so that Stripe delivers the event again.
 */
export interface RefusalRecord {
  code: string;
  messageKey: string;
  params: Record<string, unknown>;
  issues: { path: (string | number)[]; message: string; params?: Record<string, unknown> }[];
}

/** The refusal an error stands for, or undefined for an error worth a retry. */
export function refusalOf(error: unknown): AppError | undefined {
  // 400/422 say the data is wrong; a 409 from a race between two deliveries is worth a retry.
  if (error instanceof AppError) return error.status === 400 || error.status === 422 ? error : undefined;
  // SQLSTATE class 22 (data exception: out of range, bad encoding, string too long…) is about the
  // values themselves; every other class (08 connection, 40 serialisation, 53 resources…) is not.
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code))
    return new AppError(400, 'unstorable', 'errors.stripeUnstorable', { sqlstate: code });
  return undefined;
}

export function refusalRecord(error: AppError): RefusalRecord {
  return {
    code: error.code,
    messageKey: error.messageKey,
    params: error.params,
    issues: (error.issues ?? []).map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: i.message,
      ...((i as { params?: Record<string, unknown> }).params
        ? { params: (i as { params?: Record<string, unknown> }).params }
        : {}),
    })),
  };
}

/** The stored refusal phrased for a reader, as the API would have phrased the error. */
export function phraseRefusal(record: RefusalRecord, locale: Locale): string {
  const issues = record.issues.map(
    (i) =>
      ({
        code: 'custom',
        path: i.path,
        message: i.message,
        params: i.params,
        input: undefined,
      }) as unknown as $ZodIssue,
  );
  return errorBody(
    new AppError(400, record.code, record.messageKey, record.params ?? {}, issues.length ? issues : undefined),
    locale,
  ).error.message;
}

/** A copy jsonb can store: NUL and lone surrogates (in keys and values) become U+FFFD. */
export function storableCopy(value: unknown): unknown {
  const clean = (text: string) => text.replace(/[\u0000\uD800-\uDFFF]/gu, '\uFFFD');
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map(storableCopy);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), storableCopy(v)]));
  return value;
}
