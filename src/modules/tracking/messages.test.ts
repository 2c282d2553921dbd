import { describe, expect, it } from 'vitest';
import {
  correctedTime,
  isRefusal,
  MESSAGE_LIMIT_BYTES,
  overMessageLimit,
  type ParseContext,
  type ParsedMessage,
  parseMessage,
} from './messages.js';

const receivedAt = new Date('2026-06-15T04:00:00Z');
const ctx: ParseContext = { receivedAt, horizon: new Date('2025-05-11T04:00:00Z') };
const ok = (raw: unknown, extra: Partial<ParseContext> = {}) => {
  const parsed = parseMessage(raw, 0, { ...ctx, ...extra });
  if (isRefusal(parsed)) throw new Error(`refused: ${parsed.key}`);
  return parsed as ParsedMessage;
};
const refusal = (raw: unknown, extra: Partial<ParseContext> = {}) => {
  const parsed = parseMessage(raw, 0, { ...ctx, ...extra });
  return isRefusal(parsed) ? parsed.key : undefined;
};

describe('clock-skew correction', () => {
  it('moves the event by the sender clock’s error: receivedAt − (sentAt − timestamp)', () => {
    // The sender's clock is 10 minutes fast: it says it sent at 04:10, the event happened 30 s before.
    const t = correctedTime(new Date('2026-06-15T04:09:30Z'), new Date('2026-06-15T04:10:00Z'), receivedAt);
    expect(t.toISOString()).toBe('2026-06-15T03:59:30.000Z');
  });

  it('keeps the stated time without sentAt, and takes the time received without any time', () => {
    expect(correctedTime(new Date('2026-06-14T00:00:00Z'), null, receivedAt).toISOString()).toBe(
      '2026-06-14T00:00:00.000Z',
    );
    expect(correctedTime(null, new Date('2026-06-15T05:00:00Z'), receivedAt)).toEqual(receivedAt);
    expect(ok({ type: 'track', userId: 'u', event: 'e' }).row.timestamp).toBe(receivedAt.toISOString());
  });

  it('uses the batch sentAt when the message has none, and originalTimestamp when there is no timestamp', () => {
    const m = ok(
      { type: 'track', userId: 'u', event: 'e', originalTimestamp: '2026-06-15T03:00:00Z' },
      { batchSentAt: '2026-06-15T03:00:05Z' },
    );
    expect(m.row.timestamp).toBe('2026-06-15T03:59:55.000Z');
    expect(m.row.originalTimestamp).toBe('2026-06-15T03:00:00.000Z');
    expect(m.row.sentAt).toBe('2026-06-15T03:00:05.000Z');
  });

  it('keeps the timestamp of a message relayed by Segment or RudderStack, which corrected it already', () => {
    const relayed = {
      type: 'track',
      userId: 'u',
      event: 'e',
      timestamp: '2026-06-15T03:00:00Z',
      sentAt: '2026-06-15T03:00:05Z',
      receivedAt: '2026-06-15T03:00:06Z',
    };
    expect(ok(relayed).row.timestamp).toBe('2026-06-15T03:00:00.000Z');
  });
});

describe('parsing Segment messages', () => {
  it('names what the roll-ups count: the track event, $page, $screen; nothing for identify, group, alias', () => {
    expect(ok({ type: 'track', userId: 'u', event: ' Report Viewed ' }).row.event).toBe('Report Viewed');
    expect(ok({ type: 'page', anonymousId: 'a', name: 'Pricing', properties: { path: '/pricing' } }).row).toMatchObject(
      { event: '$page', properties: { path: '/pricing', name: 'Pricing' } },
    );
    expect(ok({ type: 'screen', userId: 'u' }).row.event).toBe('$screen');
    expect(ok({ type: 'identify', userId: 'u', traits: { email: 'a@b.co' } })).toMatchObject({
      row: { event: null, properties: { email: 'a@b.co' } },
      traits: { email: 'a@b.co' },
    });
    expect(ok({ type: 'group', userId: 'u', groupId: 42 })).toMatchObject({
      groupId: '42',
      row: { event: null, groupId: '42' },
    });
    expect(ok({ type: 'alias', userId: 'u', previousId: 'anon-1' }).row).toMatchObject({
      event: null,
      properties: { previousId: 'anon-1' },
    });
  });

  it('takes the type from the endpoint for single calls, and links through context.groupId', () => {
    const m = ok({ userId: 7, event: 'Login', context: { groupId: 'acme' } }, { type: 'track' });
    expect(m).toMatchObject({ person: '7', groupId: 'acme', row: { type: 'track', userId: '7', groupId: 'acme' } });
    expect(ok({ anonymousId: 'x1', event: 'Login' }, { type: 'track' }).person).toBe('anon:x1');
  });

  it('keeps the sender’s messageId and makes one up when there is none', () => {
    expect(ok({ type: 'track', userId: 'u', event: 'e', messageId: 'ajs-1' }).row.messageId).toBe('ajs-1');
    expect(ok({ type: 'track', userId: 'u', event: 'e' }).row.messageId).toMatch(/^tenure-[0-9a-f-]{36}$/);
  });

  it('refuses malformed messages with a reason', () => {
    expect(refusal('nope')).toBe('notObject');
    expect(refusal({ type: 'shout', userId: 'u' })).toBe('type');
    expect(refusal({ type: 'track', event: 'e' })).toBe('noUser');
    expect(refusal({ type: 'track', userId: 'u' })).toBe('noEvent');
    expect(refusal({ type: 'track', userId: 'u', event: 'x'.repeat(201) })).toBe('eventTooLong');
    expect(refusal({ type: 'track', userId: { id: 1 }, event: 'e' })).toBe('badId');
    expect(refusal({ type: 'track', userId: 'u', event: 'e', messageId: 'm'.repeat(201) })).toBe('badId');
    expect(refusal({ type: 'track', userId: 'u', event: 'e', properties: [1] })).toBe('notObjectField');
    expect(refusal({ type: 'track', userId: 'u', event: 'e', timestamp: 'yesterday' })).toBe('badTime');
    expect(refusal({ type: 'track', userId: 'u', event: 'e', sentAt: 'soon' })).toBe('badTime');
    expect(refusal({ type: 'group', userId: 'u' })).toBe('noGroup');
    expect(refusal({ type: 'alias', userId: 'u' })).toBe('noPreviousId');
  });

  it('refuses times outside years 0001–9999, which JavaScript parses but PostgreSQL cannot store', () => {
    for (const time of [
      '0000-01-01T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '+010000-01-01T00:00:00Z',
    ]) {
      expect(refusal({ type: 'track', userId: 'u', event: 'e', timestamp: time }), time).toBe('badTime');
      expect(refusal({ type: 'track', userId: 'u', event: 'e', sentAt: time }), time).toBe('badTime');
    }
    // Both in the calendar, but the correction (receivedAt − (sentAt − timestamp)) lands past year 9999.
    expect(
      refusal({
        type: 'track',
        userId: 'u',
        event: 'e',
        timestamp: '9999-01-01T00:00:00Z',
        sentAt: '0001-01-01T00:00:00Z',
      }),
    ).toBe('badTime');
    expect(ok({ type: 'track', userId: 'u', event: 'e', timestamp: '9999-12-31T23:59:59.999Z' }).row.timestamp).toBe(
      '9999-12-31T23:59:59.999Z',
    );
  });

  it('refuses events dated before the retention horizon', () => {
    expect(refusal({ type: 'track', userId: 'u', event: 'e', timestamp: '2025-05-01T00:00:00Z' })).toBe('tooOld');
    expect(refusal({ type: 'track', userId: 'u', event: 'e', timestamp: '2025-06-01T00:00:00Z' })).toBeUndefined();
  });

  it('checks the 32 KB limit on what a message stores, counting bytes only when it could matter', () => {
    expect(overMessageLimit('x'.repeat(MESSAGE_LIMIT_BYTES))).toBe(false);
    expect(overMessageLimit('x'.repeat(MESSAGE_LIMIT_BYTES + 1))).toBe(true);
    // 12,000 CJK characters are 36,000 bytes of UTF-8.
    expect(overMessageLimit('数'.repeat(12_000))).toBe(true);
    expect(overMessageLimit('数'.repeat(10_000))).toBe(false);
  });
});
