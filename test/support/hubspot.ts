import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../fixtures/hubspot/', import.meta.url);

export const HUBSPOT_TOKEN = 'pat-eu1-good-token-1234';

interface Filter {
  propertyName: string;
  operator: string;
  value: string;
}
interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
}

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
  });

/** Whether a recorded object passes a search filter, as HubSpot compares (dates as ms since epoch). */
function passes(o: HubSpotObject, f: Filter): boolean {
  const value = o.properties[f.propertyName] ?? null;
  if (f.operator === 'EQ') return value === f.value;
  const at = value ? Date.parse(value) : Number.NaN;
  if (f.operator === 'GT') return at > Number(f.value);
  if (f.operator === 'GTE') return at >= Number(f.value);
  return true;
}

/**
 * The properties a search answers with: those the request names, and the ones HubSpot always adds (the record's
 * id, creation and last-modified dates) — a property not asked for is not sent, as the search API documents.
 */
function asked(properties: Record<string, string | null>, names: string[] | undefined) {
  const kept = new Set([...(names ?? []), 'hs_object_id', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate']);
  return Object.fromEntries(Object.entries(properties).filter(([name]) => kept.has(name)));
}

/**
 * A local stand-in for a HubSpot portal: it replays the responses recorded under test/fixtures/hubspot/
 * (README there names the documentation page each follows) to the real @hubspot/api-client. It checks
 * the private app's bearer token, pages company search results by `after`, filters search results as
 * the request asks and sends only the properties it names, can answer the next request with a 429 and a Retry-After, and lists contact 202 as
 * archived once `state.archiveBob` is set. Every request is logged (method, path, status, JSON body).
 */
export async function startHubSpotServer() {
  const requests: { method: string; path: string; status: number; body?: unknown; at: number }[] = [];
  const state = {
    rateLimitNext: 0,
    retryAfter: '1',
    archiveBob: false,
    /** The companies' write-back properties as the portal holds them: batch updates change them. */
    companies: new Map<string, Record<string, string | null>>(),
  };
  const read = (file: string) =>
    JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8').replaceAll('{{base}}', hubspot.url));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', hubspot.url);
    const text = await body(req);
    const json = text ? JSON.parse(text) : undefined;
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      requests.push({
        method: req.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        status,
        body: json,
        at: Date.now(),
      });
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${HUBSPOT_TOKEN}`) return answer(401, read('error-401.json'));
    if (state.rateLimitNext > 0) {
      state.rateLimitNext--;
      return answer(429, read('error-429.json'), { 'retry-after': state.retryAfter });
    }
    const search = url.pathname.match(/^\/crm\/v3\/objects\/(companies|contacts|deals)\/search$/);
    if (search && req.method === 'POST') {
      const type = search[1];
      const file =
        type === 'companies'
          ? json.after === '2'
            ? 'companies-search-page2.json'
            : 'companies-search-page1.json'
          : `${type}-search.json`;
      const page = read(file);
      // Groups are ORed, the filters of a group ANDed, as the search API documents.
      const groups: { filters: Filter[] }[] = json.filterGroups?.length ? json.filterGroups : [{ filters: [] }];
      page.results = page.results
        .filter((o: HubSpotObject) => groups.some((g) => g.filters.every((f) => passes(o, f))))
        .map((o: HubSpotObject) => ({ ...o, properties: asked(o.properties, json.properties) }));
      return answer(200, page);
    }
    const list = url.pathname.match(/^\/crm\/v3\/objects\/(companies|contacts)$/);
    if (list && req.method === 'GET') {
      if (url.searchParams.get('archived') !== 'true') return answer(200, read('companies-list.json'));
      const page = read(`${list[1]}-archived.json`);
      if (list[1] === 'contacts' && !state.archiveBob) page.results = [];
      return answer(200, page);
    }
    if (url.pathname === '/crm/v3/objects/companies/batch/read' && req.method === 'POST') {
      const page = read('companies-batch-read.json');
      if (!state.companies.size)
        for (const o of page.results as HubSpotObject[]) state.companies.set(o.id, { ...o.properties });
      const ids = new Set((json.inputs ?? []).map((i: { id: string }) => i.id));
      page.results = (page.results as HubSpotObject[])
        .filter((o) => ids.has(o.id))
        .map((o) => ({ ...o, properties: { ...state.companies.get(o.id) } }));
      return answer(200, page);
    }
    if (url.pathname === '/crm/v3/objects/companies/batch/update' && req.method === 'POST') {
      const page = read('companies-batch-read.json');
      const inputs: { id: string; properties: Record<string, string> }[] = json.inputs ?? [];
      for (const input of inputs)
        state.companies.set(input.id, { ...state.companies.get(input.id), ...input.properties });
      page.results = (page.results as HubSpotObject[])
        .filter((o) => inputs.some((i) => i.id === o.id))
        .map((o) => ({ ...o, properties: { ...state.companies.get(o.id) } }));
      return answer(200, page);
    }
    if (url.pathname === '/crm/v4/associations/deals/companies/batch/read' && req.method === 'POST') {
      const page = read('associations-deals-companies.json');
      const ids = new Set((json.inputs ?? []).map((i: { id: string }) => i.id));
      page.results = page.results.filter((r: { from: { id: string } }) => ids.has(r.from.id));
      return answer(200, page);
    }
    answer(404, { status: 'error', message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const port = (server.address() as AddressInfo).port;
  const hubspot = {
    url: `http://127.0.0.1:${port}`,
    /** The same server under another address: saving it starts the sync from the beginning. */
    otherUrl: `http://localhost:${port}`,
    requests,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return hubspot;
}
