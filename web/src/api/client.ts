import { type EndpointSpec, fillPath, type InputOf, type ResponseOf } from '@shared/endpoint';
import i18n from '../i18n';

export interface ApiIssue {
  path: string;
  message: string;
}

/** An error the API returned ({error:{code,message,issues}}), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

let unauthorizedHandler: (() => void) | undefined;
/** Called when a session expires mid-use (any 401 other than a failed sign-in). */
export function onUnauthorized(handler: () => void) {
  unauthorizedHandler = handler;
}

const CSRF_COOKIE = 'tenure_csrf';

function csrfToken(): string | undefined {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return entry ? decodeURIComponent(entry.slice(CSRF_COOKIE.length + 1)) : undefined;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language || 'en' };
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }

  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | undefined)?.error;
    const apiError = new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? i18n.t('errors.http', { status: response.status }),
      error?.issues ?? [],
    );
    if (response.status === 401 && apiError.code !== 'invalid_credentials') unauthorizedHandler?.();
    throw apiError;
  }
  return payload as T;
}

/**
 * Calls an endpoint declared in src/shared (the API contract): path parameters, query and body are
 * typed by the endpoint's schemas, and so is the result, which the server has checked against the
 * same response schema before sending it.
 */
export function call<E extends EndpointSpec>(
  endpoint: E,
  ...[input]: Record<never, never> extends InputOf<E> ? [InputOf<E>?] : [InputOf<E>]
) {
  const { params, query, body } = (input ?? {}) as { params?: Record<string, unknown>; query?: Query; body?: unknown };
  const hasBody = endpoint.method !== 'GET' && endpoint.method !== 'DELETE';
  return request<ResponseOf<E>>(endpoint.method, fillPath(endpoint.path, params), {
    query,
    body: hasBody ? (body ?? {}) : undefined,
  });
}
