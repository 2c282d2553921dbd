import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('API responses', () => {
  it('are never stored by a browser or proxy cache (Cache-Control: no-store), errors included', async () => {
    const [csm, admin] = [await t.as('csm'), await t.as('admin')];
    for (const [url, headers, status] of [
      ['/api/auth/me', csm.headers, 200],
      ['/api/accounts', csm.headers, 200],
      ['/api/accounts', {}, 401],
      ['/api/no-such-route', admin.headers, 404],
      ['/api/health', {}, 200],
    ] as const) {
      const r = await t.app.inject({ method: 'GET', url, headers });
      expect(r.statusCode, url).toBe(status);
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('phrase Fastify’s own refusals from the catalog in the caller’s language, not as FST_ERR codes', async () => {
    const csm = await t.as('csm');
    const post = (headers: Record<string, string>, payload: string, lang: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/segments',
        headers: { ...csm.headers, ...headers, 'accept-language': lang },
        payload,
      });
    for (const lang of ['en', 'zh-CN']) {
      const media = await post({ 'content-type': 'application/x-unknown' }, 'x', lang);
      expect(media.statusCode).toBe(415);
      expect(media.json().error.code).toBe('unsupported_media_type');
      const big = await post(
        { 'content-type': 'application/json' },
        JSON.stringify({ name: 'x'.repeat(1_100_000) }),
        lang,
      );
      expect(big.statusCode).toBe(413);
      expect(big.json().error.code).toBe('body_too_large');
      const url = await t.app.inject({
        method: 'GET',
        url: '/api/accounts/abc%ZZ',
        headers: { ...csm.headers, 'accept-language': lang },
      });
      expect(url.statusCode).toBe(400);
      expect(url.json().error.code).toBe('bad_url');
      expect(url.headers['cache-control']).toBe('no-store');
      for (const body of [media.json(), big.json(), url.json()]) {
        expect(body.error.message).not.toMatch(/FST_ERR|errors\./);
        expect(body.error.message).toMatch(lang === 'en' ? /[a-z]/ : /[\u4e00-\u9fff]/);
      }
    }
  });
});
