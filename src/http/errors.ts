import type { $ZodIssue } from 'zod/v4/core';

/** An error a caller can act on: an HTTP status, a stable code and a catalog key for the message. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
    readonly params: Record<string, unknown> = {},
    readonly issues?: $ZodIssue[],
  ) {
    super(messageKey);
  }
}

export const notFound = (entity: string) =>
  new AppError(404, 'not_found', 'errors.notFound', { entity: `entities.${entity}` });
const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** 409 naming the field as the API spells it, with an issue path a form can attach the message to. */
export const conflict = (column: string) =>
  new AppError(409, 'conflict', 'errors.conflict', { field: camel(column) }, [
    {
      code: 'custom',
      path: ['body', camel(column)],
      message: 'errors.taken',
      input: undefined,
    } as unknown as $ZodIssue,
  ]);
export const forbidden = (role: string) => new AppError(403, 'forbidden', 'errors.forbidden', { role });
export const unauthorized = () => new AppError(401, 'unauthorized', 'errors.unauthorized');
/** A 400 about one field, for rules zod schemas cannot express (e.g. a cycle of parents). */
export const invalidField = (path: (string | number)[], messageKey: string, params: Record<string, unknown> = {}) =>
  new AppError(400, 'validation', 'errors.validation', {}, [
    { code: 'custom', path, message: messageKey, params, input: undefined } as unknown as $ZodIssue,
  ]);

/** PostgreSQL unique violations become 409 naming the column. */
export function fromDatabaseError(error: unknown): AppError | undefined {
  const e = error as { code?: string; constraint?: string; detail?: string };
  if (e?.code === '23505') {
    const field = /\((?:lower\()?([a-z_]+)\)?\)=/.exec(e.detail ?? '')?.[1] ?? e.constraint ?? 'value';
    return conflict(field);
  }
  if (e?.code === '23503')
    return new AppError(400, 'validation', 'errors.validation', {}, [
      {
        code: 'custom',
        path: [/Key \(([a-z_]+)\)/.exec(e.detail ?? '')?.[1] ?? 'reference'],
        message: 'errors.missingReference',
        input: undefined,
      } as unknown as $ZodIssue,
    ]);
  // Text the database cannot store (NUL; \u0000 in jsonb) that reached it by a door without the
  // validator's check (a multipart file name, say): the caller's input, so a 400, not a 500.
  if (e?.code === '22021' || e?.code === '22P05') return new AppError(400, 'validation', 'errors.unstorableRequest');
  // A day zod's ISO check passes but PostgreSQL's calendar has not (year 0000: there is no year 0).
  // PostgreSQL names the value, not the field; the message quotes it so the caller can find it.
  if (e?.code === '22008')
    return new AppError(400, 'validation', 'errors.dateOutOfRange', {
      value: /"([^"]*)"/.exec((error as Error).message ?? '')?.[1] ?? '',
    });
  return undefined;
}

/**
 * Fastify's, its plugins' and zlib's own refusals, phrased from the catalog: their codes
 * (FST_ERR_*, Z_DATA_ERROR) and English texts are for us, not for the caller.
 */
const FRAMEWORK_ERRORS: Record<string, [status: number, code: string, messageKey: string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'errors.mediaType'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large', 'errors.bodyTooLarge'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'errors.contentLength'],
  FST_ERR_BAD_URL: [400, 'bad_url', 'errors.badUrl'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [400, 'validation', 'errors.fileRequired'],
};

export function fromFrameworkError(error: unknown): AppError | undefined {
  const e = error as { code?: unknown; statusCode?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (Object.hasOwn(FRAMEWORK_ERRORS, code)) return new AppError(...FRAMEWORK_ERRORS[code]);
  if (code.startsWith('Z_')) return new AppError(400, 'unreadable_body', 'errors.unreadableBody');
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 0;
  if (status >= 400 && status < 500) return new AppError(status, 'bad_request', 'errors.badRequest', { status });
  return undefined;
}
