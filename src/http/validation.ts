import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import { pickLocale, translator, type Locale } from '../i18n/index.js';
import { unstorablePath } from '../shared/text.js';
import { AppError, fromDatabaseError, fromFrameworkError } from './errors.js';

class RequestValidationError extends Error {
  constructor(
    readonly issues: $ZodIssue[],
    readonly part: string,
  ) {
    super('validation');
  }
}

/**
 * Validates with zod keeping each issue's input, so the error handler can phrase the same
 * issue in the caller's language afterwards (fastify compiles validators per route, not per request).
 *
 * On /api routes the validated value must also hold no text PostgreSQL cannot store (NUL, lone
 * surrogates): checked here, once for every route and every part, on what the handler will
 * receive (unknown keys stripped, JSON inside a query string parsed). /v1 refuses such messages
 * one by one (a batch keeps its good ones), and webhooks answer their sender in their own way.
 */
export function validatorCompiler({ schema, httpPart, url }: { schema: unknown; httpPart?: string; url?: string }) {
  const guardText = url?.startsWith('/api/') ?? false;
  return (data: unknown) => {
    const result = (schema as z.ZodType).safeParse(data, { reportInput: true });
    if (!result.success)
      return { error: new RequestValidationError(result.error.issues, httpPart ?? 'body') as unknown as Error };
    const unstorable = guardText ? unstorablePath(result.data) : undefined;
    if (unstorable) {
      const issue = {
        code: 'custom',
        path: unstorable,
        message: 'errors.unstorableText',
        input: undefined,
      } as unknown as $ZodIssue;
      return { error: new RequestValidationError([issue], httpPart ?? 'body') as unknown as Error };
    }
    return { value: result.data };
  };
}

const zodLocales = { en: z.locales.en().localeError, 'zh-CN': z.locales.zhCN().localeError };

function issueMessage(issue: $ZodIssue, locale: Locale): string {
  const t = translator(locale);
  if (issue.message?.startsWith('errors.'))
    return t(issue.message, (issue as { params?: Record<string, unknown> }).params ?? {});
  if (issue.code === 'custom' && issue.message) return issue.message;
  const phrased = zodLocales[locale]?.(issue as never);
  const text = typeof phrased === 'string' ? phrased : phrased?.message;
  return text ?? issue.message;
}

export function requestLocale(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language'], request.server.defaultLocale);
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

export function errorBody(error: AppError, locale: Locale): ErrorBody {
  const t = translator(locale);
  const params = Object.fromEntries(
    Object.entries(error.params).map(([k, v]) => [k, typeof v === 'string' && v.startsWith('entities.') ? t(v) : v]),
  );
  const issues = error.issues?.map((i) => ({ path: i.path.join('.'), message: issueMessage(i, locale) }));
  const message = issues?.length
    ? `${t(error.messageKey, params)}: ${issues.map((i) => `${i.path || '(body)'} — ${i.message}`).join('; ')}`
    : t(error.messageKey, params);
  return { error: { code: error.code, message, ...(issues ? { issues } : {}) } };
}

export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((raw: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const locale = requestLocale(request);
    let error: AppError;
    const validation = (raw as { validation?: unknown }).validation;
    const cause = raw instanceof RequestValidationError ? raw : (raw as { cause?: unknown }).cause;
    if (cause instanceof RequestValidationError) {
      error = new AppError(
        400,
        'validation',
        'errors.validation',
        {},
        cause.issues.map((i) => ({ ...i, path: [cause.part, ...i.path] as never })),
      );
    } else if (Array.isArray(validation) && validation[0] instanceof RequestValidationError) {
      const v = validation[0] as RequestValidationError;
      error = new AppError(
        400,
        'validation',
        'errors.validation',
        {},
        v.issues.map((i) => ({ ...i, path: [v.part, ...i.path] as never })),
      );
    } else if (raw instanceof AppError) {
      error = raw;
    } else if (
      raw.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      raw.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (raw.statusCode === 400 && raw instanceof SyntaxError)
    ) {
      error = new AppError(400, 'invalid_json', 'errors.invalidJson');
    } else if (raw.statusCode === 429) {
      error = new AppError(429, 'rate_limited', 'errors.rateLimited', { seconds: 60 });
    } else if (fromDatabaseError(raw)) {
      error = fromDatabaseError(raw)!;
    } else if (fromFrameworkError(raw)) {
      error = fromFrameworkError(raw)!;
    } else {
      request.log.error(raw);
      error = new AppError(500, 'internal', 'errors.internal');
    }
    // A 429 says when to come back, for clients that read headers rather than messages.
    if (error.status === 429 && typeof error.params.seconds === 'number')
      reply.header('retry-after', String(error.params.seconds));
    reply.status(error.status).send(errorBody(error, locale));
  });
}
