import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { cliActor } from '../modules/audit/actor.js';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../shared/json.js';

/**
 * Bodies nested thousands deep and days PostgreSQL's calendar does not have: both used to answer
 * 500 (a stack overflow after parsing; "date/time field value out of range"), found by the
 * hardening probe (test/hardening). Now 400s that say what is wrong.
 */
let t: TestApp;
let writeKey: string;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

beforeAll(async () => {
  t = await createTestApp();
  writeKey = (await t.services.writeKeys.create(cliActor, { name: 'deep' })).key;
});
afterAll(() => t?.close());

describe('JSON nesting', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(nestedDeeperThan(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBe(false);
    expect(nestedDeeperThan(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toBe(true);
    expect(nestedDeeperThan(JSON.stringify({ note: '{'.repeat(1000), quoted: '\\"[[[[' }))).toBe(false);
    expect(nestedDeeperThan(`[${'[]'.repeat(10_000)}]`)).toBe(false);
  });

  it('refuses a 5,000-deep /api body with 400, and takes one at the limit', async () => {
    const session = await t.as('admin');
    const deep = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { ...session.headers, 'content-type': 'application/json', 'accept-language': 'en' },
      payload: `{"name":"Deep","attributes":{"x":${deepObject(5_000)}}}`,
    });
    expect(deep.statusCode, deep.body).toBe(400);
    expect(deep.json().error).toMatchObject({
      code: 'json_too_deep',
      message: `The body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep`,
    });
    const fits = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { ...session.headers, 'content-type': 'application/json' },
      payload: `{"name":"Deep enough","attributes":{"x":${deepObject(MAX_JSON_DEPTH - 2)}}}`,
    });
    expect(fits.statusCode, fits.body).toBe(201);
  });

  it('refuses a 5,000-deep tracking message with 400 in the caller’s language', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: {
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        'content-type': 'application/json',
        'accept-language': 'zh-CN',
      },
      payload: `{"type":"track","userId":"u1","event":"Deep","properties":{"a":${deepObject(5_000)}}}`,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'json_too_deep',
      message: `请求体中数组或对象的嵌套超过 ${MAX_JSON_DEPTH} 层`,
    });
  });
});

describe('days outside the calendar', () => {
  it('answers year 0000 with 400 quoting the value, on any route that reaches the database with it', async () => {
    const session = await t.as('admin');
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/renewals/outcomes?from=2026-01-01&to=0000-01-01',
      headers: { ...session.headers, 'accept-language': 'en' },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'validation',
      message: '“0000-01-01” is not a date of the calendar: years run from 0001 to 9999',
    });
  });

  it('refuses a tracking message sent in year −1 alone and stores the rest of its batch', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'accept-language': 'en' },
      payload: {
        batch: [
          { type: 'track', userId: 'u1', event: 'Early', messageId: 'm-early', sentAt: '-000001-01-01T00:00:00Z' },
          { type: 'track', userId: 'u1', event: 'Fine', messageId: 'm-fine' },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      accepted: 1,
      rejected: [{ index: 0, reason: 'sentAt is not an ISO 8601 date-time' }],
    });
  });
});
