import { ConnectorError } from './connector.types.js';

/** A vendor's answer, as the retry loop needs to see it. */
export interface VendorResponse<T> {
  status: number;
  retryAfter: string | null;
  body: T;
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** First back-off after a 5xx or a network failure, doubled each time. */
  baseDelayMs?: number;
  /** A Retry-After longer than this ends the run (the next schedule resumes from the cursor). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds or as an HTTP date; 60 s when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number {
  if (value && /^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(at) ? Math.max(0, at - now) : 60_000;
}

/**
 * Sends one request with the connectors' retry rules (docs/connectors.md, "Retries"):
 * - 429: waits what Retry-After says, then tries again;
 * - 5xx and network failures: back-off 1 s, 2 s, 4 s … ;
 * - 401 and 403: stops at once with "credentials" — retrying a bad token only locks the account;
 * - any other 4xx: stops with the status.
 */
export async function withRetries<T>(send: () => Promise<VendorResponse<T>>, options: RetryOptions = {}): Promise<T> {
  const { attempts = 5, baseDelayMs = 1000, maxWaitMs = 120_000, sleep = defaultSleep } = options;
  for (let attempt = 1; ; attempt++) {
    let response: VendorResponse<T>;
    try {
      response = await send();
    } catch (error) {
      if (attempt >= attempts)
        throw new ConnectorError({ code: 'network', params: { message: (error as Error).message } }, true);
      await sleep(baseDelayMs * 2 ** (attempt - 1));
      continue;
    }
    const { status } = response;
    if (status >= 200 && status < 300) return response.body;
    if (status === 401 || status === 403) throw new ConnectorError({ code: 'credentials', params: { status } });
    if (status === 429) {
      const wait = retryAfterMs(response.retryAfter);
      if (attempt >= attempts || wait > maxWaitMs)
        throw new ConnectorError({ code: 'rateLimited', params: { seconds: Math.ceil(wait / 1000) } }, true);
      await sleep(wait);
      continue;
    }
    if (status >= 500) {
      if (attempt >= attempts) throw new ConnectorError({ code: 'http', params: { status } }, true);
      await sleep(baseDelayMs * 2 ** (attempt - 1));
      continue;
    }
    throw new ConnectorError({ code: 'http', params: { status } });
  }
}
