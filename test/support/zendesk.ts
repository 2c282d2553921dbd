import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../fixtures/zendesk/', import.meta.url);

export const ZENDESK_EMAIL = 'agent@tenure.example';
export const ZENDESK_TOKEN = 'good-token-1234';

/**
 * A local stand-in for a Zendesk account: it replays the responses recorded under
 * test/fixtures/zendesk/ (README there names the documentation page each follows) to the real
 * node-zendesk client. It checks the API-token Basic authentication, pages organisations and the
 * incremental ticket export by cursor, and can answer the next ticket-export request with a 429
 * and a Retry-After. Every request is logged (method, path and query, status).
 */
export async function startZendeskServer() {
  const requests: { path: string; status: number; authorization?: string; at: number }[] = [];
  const state = { rateLimitNext: 0, retryAfter: '1' };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', zendesk.url);
    const answer = (status: number, file: string, headers: Record<string, string> = {}) => {
      requests.push({
        path: `${url.pathname}${url.search}`,
        status,
        authorization: req.headers.authorization,
        at: Date.now(),
      });
      const body = readFileSync(new URL(file, FIXTURES), 'utf8').replaceAll('{{base}}', zendesk.url);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(body);
    };
    const expected = `Basic ${Buffer.from(`${ZENDESK_EMAIL}/token:${ZENDESK_TOKEN}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return answer(401, 'error-401.json');
    const q = url.searchParams;
    switch (url.pathname) {
      case '/api/v2/users/me.json':
        return answer(200, 'users-me.json');
      case '/api/v2/organizations.json':
        return answer(200, q.get('page[after]') === 'xyz1' ? 'organizations-page2.json' : 'organizations-page1.json');
      case '/api/v2/incremental/tickets/cursor.json': {
        if (state.rateLimitNext > 0) {
          state.rateLimitNext--;
          return answer(429, 'error-429.json', { 'retry-after': state.retryAfter });
        }
        const cursor = q.get('cursor');
        if (!cursor && q.get('start_time') !== null) return answer(200, 'tickets-page1.json');
        if (cursor === 'c1') return answer(200, 'tickets-page2.json');
        if (cursor === 'c2') return answer(200, 'tickets-end.json');
        return answer(400, 'error-401.json');
      }
      default:
        requests.push({ path: url.pathname, status: 404, at: Date.now() });
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const zendesk = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return zendesk;
}
