import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../fixtures/salesforce/', import.meta.url);
const API = '/services/data/v62.0';

export const SALESFORCE_TOKEN = '00DRO000000abcd!AQ4AQgood-token-1234';
export const SALESFORCE_CLIENT = { clientId: '3MVG9good-client-id', clientSecret: 'good-client-secret-5678' };
/** The token the client credentials flow hands out (token.json). */
const ISSUED_TOKEN = '00DRO000000abcd!AQ4AQFakeClientCredentialsToken';

interface SfRecord {
  Id: string;
  IsDeleted?: boolean;
  IsWon?: boolean;
  SystemModstamp?: string;
  [field: string]: unknown;
}
interface QueryResult {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: SfRecord[];
}

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
  });

const stamp = (value: unknown) => Date.parse(String(value ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

/**
 * A local stand-in for a Salesforce org's REST API: it replays the responses recorded under
 * test/fixtures/salesforce/ (README there names the developer guide page each follows) to the real jsforce
 * client. It checks the bearer token, issues one through the OAuth client credentials flow, answers SOQL by
 * the object after FROM — applying `SystemModstamp > …`, `IsWon = true` and `Id IN (…)` as the org would,
 * leaving deleted records to queryAll — pages Accounts through nextRecordsUrl, can answer the next request
 * with a 429 and a Retry-After, and lists Contact 202 as deleted once `state.deleteBob` is set. The
 * write-back fields of Accounts live in `state.accounts`, which sObject Collections updates change.
 */
export async function startSalesforceServer() {
  const requests: { method: string; path: string; status: number; soql?: string; body?: unknown; at: number }[] = [];
  const state = {
    rateLimitNext: 0,
    retryAfter: '1',
    deleteBob: false,
    /** The next request answers 400 INVALID_FIELD (a field name in the settings that the org lacks). */
    badFieldNext: false,
    /** The next request answers 403 REQUEST_LIMIT_EXCEEDED without Retry-After (the org's 24-hour API limit). */
    dailyLimitNext: false,
    accounts: new Map<string, Record<string, unknown>>(),
  };
  const read = <T>(file: string): T =>
    JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8').replaceAll('{{base}}', salesforce.url));
  const records = (file: string) => read<QueryResult>(file).records;

  function query(soql: string, all: boolean): QueryResult {
    const from = soql.match(/ FROM (\w+)/)?.[1];
    const since = soql.match(/SystemModstamp > (\S+)/)?.[1];
    const ids = soql.match(/Id IN \(([^)]*)\)/)?.[1];
    const limit = Number(soql.match(/LIMIT (\d+)/)?.[1] ?? 0);
    const keep = (r: SfRecord) =>
      (all || !r.IsDeleted) &&
      (!since || stamp(r.SystemModstamp) > Date.parse(since)) &&
      (!soql.includes('IsWon = true') || r.IsWon === true);
    const result = (list: SfRecord[], more?: string): QueryResult => ({
      totalSize: list.length,
      done: !more,
      ...(more && { nextRecordsUrl: more }),
      records: limit ? list.slice(0, limit) : list,
    });
    if (from === 'Account' && ids) {
      if (!state.accounts.size) for (const r of records('accounts-writeback.json')) state.accounts.set(r.Id, { ...r });
      const wanted = new Set(ids.split(',').map((id) => id.trim().replace(/'/g, '')));
      return result([...state.accounts.values()].filter((r) => wanted.has(String(r.Id))) as SfRecord[]);
    }
    if (from === 'Account') {
      const page1 = read<QueryResult>('accounts-page1.json');
      const first = page1.records.filter(keep);
      const second = records('accounts-page2.json').filter(keep);
      if (limit || !first.length) return result(limit ? [...first, ...second] : second);
      return result(first, second.length ? page1.nextRecordsUrl : undefined);
    }
    if (from === 'Contact') {
      let list = records('contacts.json');
      if (state.deleteBob) {
        const bob = records('contacts-deleted.json')[0];
        list = [...list.filter((r) => r.Id !== bob.Id), bob];
      }
      return result(list.filter(keep));
    }
    if (from === 'Opportunity') return result(records('opportunities.json').filter(keep));
    throw new Error(`no fixture for ${soql}`);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', salesforce.url);
    const text = await body(req);
    const form = req.headers['content-type']?.includes('x-www-form-urlencoded');
    const json = text && !form ? JSON.parse(text) : undefined;
    const soql = url.searchParams.get('q') ?? undefined;
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? 'GET', path: url.pathname, status, soql, body: json, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (url.pathname === '/services/oauth2/token' && req.method === 'POST') {
      const params = new URLSearchParams(text);
      const good =
        params.get('grant_type') === 'client_credentials' &&
        params.get('client_id') === SALESFORCE_CLIENT.clientId &&
        params.get('client_secret') === SALESFORCE_CLIENT.clientSecret;
      return good ? answer(200, read('token.json')) : answer(400, read('oauth-error.json'));
    }
    const auth = req.headers.authorization;
    if (auth !== `Bearer ${SALESFORCE_TOKEN}` && auth !== `Bearer ${ISSUED_TOKEN}`)
      return answer(401, read('error-401.json'), { 'www-authenticate': 'Token' });
    if (state.rateLimitNext > 0) {
      state.rateLimitNext--;
      return answer(429, read('error-429.json'), { 'retry-after': state.retryAfter });
    }
    if (state.dailyLimitNext) {
      state.dailyLimitNext = false;
      return answer(403, read('error-403-limit.json'));
    }
    if (state.badFieldNext) {
      state.badFieldNext = false;
      return answer(400, read('error-400.json'));
    }
    if ((url.pathname === `${API}/query` || url.pathname === `${API}/queryAll`) && soql)
      return answer(200, query(soql, url.pathname.endsWith('queryAll')));
    if (url.pathname === `${API}/query/01gRO00000A1b2cYAB-2`) {
      // The locator carries the first request's filter; the recorded second page is filtered by the last cursor seen.
      const first = [...requests].reverse().find((r) => r.soql?.includes('FROM Account') && !r.soql.includes('Id IN'));
      const since = first?.soql?.match(/SystemModstamp > (\S+)/)?.[1];
      const list = records('accounts-page2.json').filter((r) => !since || stamp(r.SystemModstamp) > Date.parse(since));
      return answer(200, { ...read<QueryResult>('accounts-page2.json'), records: list });
    }
    if (url.pathname === `${API}/composite/sobjects` && req.method === 'PATCH') {
      const [ok, failed] = read<{ id?: string; success: boolean; errors: unknown[] }[]>(
        'sobjects-collections-update.json',
      );
      const results = (json.records as SfRecord[]).map((r) => {
        // jsforce sends the record id as `id` (the collections resource takes either case).
        const id = String(r.id ?? r.Id);
        const stored = state.accounts.get(id);
        if (!stored) return failed;
        const { attributes: _, id: __, ...values } = r;
        Object.assign(stored, values);
        return { ...ok, id };
      });
      return answer(200, results);
    }
    answer(404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const port = (server.address() as AddressInfo).port;
  const salesforce = {
    url: `http://127.0.0.1:${port}`,
    requests,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return salesforce;
}
