import { describe, expect, it } from 'vitest';
import { retryAfterMs, type VendorResponse, withRetries } from './connector.http.js';
import { ConnectorError } from './connector.types.js';

/**
 * The connectors' retry rules (docs/connectors.md, "Retries") on their own: a scripted vendor answers in turn,
 * and the waits asked of `sleep` are recorded instead of slept. The vendor tests (zendesk/hubspot/salesforce
 * .sync.test.ts) show each client's requests really go through these rules.
 */
function vendor(script: (VendorResponse<string> | Error)[]) {
  const waits: number[] = [];
  let calls = 0;
  const send = async (): Promise<VendorResponse<string>> => {
    const next = script[calls++];
    if (!next) throw new Error('the vendor was asked more than scripted');
    if (next instanceof Error) throw next;
    return next;
  };
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  return { send, sleep, waits, calls: () => calls };
}
const ok = (body = 'ok'): VendorResponse<string> => ({ status: 200, retryAfter: null, body });
const status = (code: number, retryAfter: string | null = null): VendorResponse<string> => ({
  status: code,
  retryAfter,
  body: '',
});
const reasonOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return { reason: (error as ConnectorError).reason, retryable: (error as ConnectorError).retryable };
};

describe('withRetries', () => {
  it('backs off 1 s, 2 s, 4 s … on 5xx and network failures, then uses the answer', async () => {
    const v = vendor([status(503), new Error('ECONNRESET'), status(502), ok('page')]);
    expect(await withRetries(v.send, { sleep: v.sleep })).toBe('page');
    expect(v.waits).toEqual([1000, 2000, 4000]);
  });

  it('gives up after the last attempt with the status, or the network error, as a retryable failure', async () => {
    const v = vendor([status(500), status(500), status(503)]);
    expect(await reasonOf(withRetries(v.send, { attempts: 3, sleep: v.sleep }))).toEqual({
      reason: { code: 'http', params: { status: 503 } },
      retryable: true,
    });
    expect(v.waits).toEqual([1000, 2000]);
    const n = vendor([new Error('ETIMEDOUT'), new Error('ETIMEDOUT')]);
    expect(await reasonOf(withRetries(n.send, { attempts: 2, sleep: n.sleep }))).toEqual({
      reason: { code: 'network', params: { message: 'ETIMEDOUT' } },
      retryable: true,
    });
  });

  it('waits what Retry-After says on a 429 (seconds or an HTTP date), 60 s without one', async () => {
    const now = Date.parse('2026-06-15T04:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Mon, 15 Jun 2026 04:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Mon, 15 Jun 2026 03:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBe(60_000);
    expect(retryAfterMs('soon', now)).toBe(60_000);

    const v = vendor([status(429, '3'), status(429, null), ok()]);
    expect(await withRetries(v.send, { sleep: v.sleep })).toBe('ok');
    expect(v.waits).toEqual([3000, 60_000]);
  });

  it('ends the run on a Retry-After longer than it may wait, without waiting', async () => {
    const v = vendor([status(429, '600')]);
    expect(await reasonOf(withRetries(v.send, { sleep: v.sleep }))).toEqual({
      reason: { code: 'rateLimited', params: { seconds: 600 } },
      retryable: true,
    });
    expect(v.waits).toEqual([]);
  });

  it('stops at once on 401 and 403 (credentials) and on another 4xx, not retryable', async () => {
    for (const code of [401, 403]) {
      const v = vendor([status(code), ok()]);
      expect(await reasonOf(withRetries(v.send, { sleep: v.sleep }))).toEqual({
        reason: { code: 'credentials', params: { status: code } },
        retryable: false,
      });
      expect(v.calls()).toBe(1);
    }
    const v = vendor([status(404), ok()]);
    expect(await reasonOf(withRetries(v.send, { sleep: v.sleep }))).toEqual({
      reason: { code: 'http', params: { status: 404 } },
      retryable: false,
    });
    expect(v.calls()).toBe(1);
    expect(v.waits).toEqual([]);
  });
});
