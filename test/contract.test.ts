import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointSpec } from '../src/shared/endpoint.js';
import { createTestApp, type TestApp } from './support/app.js';

/**
 * One contract (docs/ARCHITECTURE.md, "The API contract"): every JSON route under /api is declared
 * once in src/shared as an endpoint (src/shared/endpoint.ts) and registered from that declaration,
 * so the web client's types and the server's schemas are the same objects.
 */

/** Routes whose contract is not JSON in and out: files, uploads, redirects. */
const NOT_JSON = new Set<string>([
  'GET /api/metrics/export', // a CSV or Excel file
  'GET /api/imports/templates/:file', // a CSV template file
  'POST /api/imports/:kind', // a multipart file upload
  'POST /api/imports/:kind/preview', // a multipart file upload
  'GET /api/renewals/export', // a CSV file
  'GET /api/accounts/:id/reviews/deck.pdf', // the business review deck as a PDF file
  'GET /api/accounts/:id/reviews/deck.pptx', // the business review deck as a PowerPoint file
  'GET /api/auth/sso/callback', // the identity provider's redirect back: answers with a redirect
]);

/**
 * Routes still registered by hand, to be declared in src/shared. The list may only shrink: a route
 * listed here that is now declared fails the test, so its line must go.
 */
const UNDECLARED = new Set<string>([]);

const shared = path.resolve(import.meta.dirname, '../src/shared');

async function declaredEndpoints(): Promise<Map<string, EndpointSpec>> {
  const found = new Map<string, EndpointSpec>();
  for (const file of fs.readdirSync(shared).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const exports = (await import(path.join(shared, file))) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (!value || typeof value !== 'object') continue;
      for (const candidate of Object.values(value)) {
        const spec = candidate as Partial<EndpointSpec> | null;
        if (
          spec &&
          typeof spec === 'object' &&
          typeof spec.method === 'string' &&
          typeof spec.path === 'string' &&
          spec.response
        ) {
          const key = `${spec.method} ${spec.path}`;
          if (found.has(key) && found.get(key) !== spec) throw new Error(`${key} is declared twice in src/shared`);
          found.set(key, spec as EndpointSpec);
        }
      }
    }
  }
  return found;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the API contract', () => {
  it('declares every JSON route under /api in src/shared', async () => {
    const declared = await declaredEndpoints();
    const routes = t.routes
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    const undeclared = routes.filter((key) => !declared.has(key) && !NOT_JSON.has(key) && !UNDECLARED.has(key));
    expect(undeclared, 'routes registered without a declaration in src/shared').toEqual([]);
    const nowDeclared = [...UNDECLARED].filter((key) => declared.has(key));
    expect(nowDeclared, 'declared now: delete these lines from UNDECLARED').toEqual([]);
    const gone = [...UNDECLARED, ...NOT_JSON].filter((key) => !routes.includes(key));
    expect(gone, 'routes that no longer exist: delete these lines').toEqual([]);
    const unregistered = [...declared.keys()].filter((key) => !routes.includes(key));
    expect(unregistered, 'declared in src/shared but registered by no module').toEqual([]);
  });
});
