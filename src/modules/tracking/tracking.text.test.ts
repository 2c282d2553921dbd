import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

/**
 * Text PostgreSQL cannot store (NUL; a UTF-16 surrogate without its pair) inside one message must
 * cost that message alone: the rest of the batch is stored, and a resend of the batch succeeds.
 */
let t: TestApp;
let basic: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const { key } = await t.services.writeKeys.create(cliActor, { name: 'text' });
  basic = {
    authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
    'content-type': 'application/json',
    'accept-language': 'en',
  };
});
afterAll(() => t.close());

// JSON.stringify writes NUL and lone surrogates as \u escapes, as an SDK would send them.
const post = (path: string, body: unknown, headers = basic) =>
  t.app.inject({ method: 'POST', url: path, headers, payload: JSON.stringify(body) });
const stored = (prefix: string) =>
  t.database.db
    .selectFrom('usage_events')
    .select('message_id')
    .where('message_id', 'like', `${prefix}%`)
    .orderBy('message_id')
    .execute();

describe('text that cannot be stored', () => {
  it('refuses the one message of a batch with a NUL byte, stores the others, and reports it by index', async () => {
    const batch = [
      { type: 'track', userId: 'u1', event: 'Opened', messageId: 'nul-1' },
      { type: 'track', userId: 'u1', event: 'Opened', messageId: 'nul-2', properties: { note: 'a\u0000b' } },
      { type: 'track', userId: 'u1', event: 'Opened', messageId: 'nul-3' },
    ];
    const response = await post('/v1/batch', { batch });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ success: true, accepted: 2, duplicates: 0 });
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0].index).toBe(1);
    expect(body.rejected[0].reason).toContain('properties.note');
    expect((await stored('nul-')).map((r) => r.message_id)).toEqual(['nul-1', 'nul-3']);
    // The sender's retry no longer fails forever: the good ones are duplicates now.
    expect((await post('/v1/batch', { batch })).json()).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it('refuses lone surrogates anywhere: ids, event names, trait keys, context', async () => {
    const batch = [
      { type: 'track', userId: 'u\uD800', event: 'Opened', messageId: 'sur-1' },
      { type: 'track', userId: 'u2', event: 'Open\uDC00ed', messageId: 'sur-2' },
      { type: 'identify', userId: 'u2', traits: { ['na\uD83Dme']: 'x' }, messageId: 'sur-3' },
      { type: 'page', userId: 'u2', name: 'Home', context: { page: { title: 'x\u0000' } }, messageId: 'sur-4' },
      // A surrogate pair (an emoji) is fine, as is the text "\u0000" spelt out with a backslash.
      { type: 'track', userId: 'u2', event: 'Liked 😀', properties: { raw: '\\u0000 \\uD800' }, messageId: 'sur-5' },
    ];
    const response = await post('/v1/batch', { batch });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3]);
    expect(body.rejected[0].reason).toContain('userId');
    expect(body.rejected[1].reason).toContain('event');
    expect(body.rejected[3].reason).toContain('context.page.title');
    expect((await stored('sur-')).map((r) => r.message_id)).toEqual(['sur-5']);
  });

  it('answers a single-message call with NUL or a lone surrogate 400 with the reason, in the caller language', async () => {
    for (const path of ['/v1/track', '/v1/identify', '/v1/group', '/v1/page']) {
      const message = {
        userId: 'single',
        event: 'Opened',
        groupId: 'g-1',
        messageId: `single-${path}`,
        traits: { name: 'bad\u0000' },
        properties: { name: 'bad\u0000' },
      };
      const response = await post(path, message);
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.message).toMatch(/NUL/);
    }
    const zh = await post(
      '/v1/track',
      { userId: 'single', event: 'x\uD800', messageId: 'single-zh' },
      { ...basic, 'accept-language': 'zh-CN' },
    );
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.message).toContain('代理');
    expect(await stored('single-')).toEqual([]);
  });
});
