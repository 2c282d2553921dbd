/**
 * Segment messages in, rows out: validation, clock-skew correction and the Segment limits.
 * Pure functions; a refusal names a catalog key (tracking.reasons.*) so the route can phrase it
 * in the caller's language.
 */
import { randomUUID } from 'node:crypto';
import type { TrackingType } from '../../db/types.js';
import { mayHoldUnstorable, unstorablePath } from '../../shared/text.js';
import type { EventRow } from '../usage/usage.service.js';

/** Segment's limits: 32 KB per message, 500 KB per request. */
export const MESSAGE_LIMIT_BYTES = 32 * 1024;
export const BATCH_LIMIT_BYTES = 500 * 1024;
export const TYPES: readonly TrackingType[] = ['identify', 'group', 'track', 'page', 'screen', 'alias'];
const MAX_ID = 200;
const MAX_EVENT = 200;

export interface Refusal {
  key: string;
  params?: Record<string, unknown>;
}

export interface ParsedMessage {
  index: number;
  row: EventRow;
  /** userId, else 'anon:' + anonymousId — the same rule as the person column. */
  person: string;
  /** The account this message names: a group call's groupId, or context.groupId. */
  groupId: string | null;
  /** identify and group traits, to apply to the contact or account. */
  traits: Record<string, unknown> | null;
}

export interface ParseContext {
  receivedAt: Date;
  /** The request's sentAt (batches carry one for all their messages). */
  batchSentAt?: unknown;
  /** Events dated before this are refused: the next purge would delete them. */
  horizon: Date;
  /** The endpoint's type (/v1/track …); batch messages say their own. */
  type?: TrackingType;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Segment accepts ids as strings or numbers; empty means absent. */
function id(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return value.length <= MAX_ID ? value : undefined;
  return undefined;
}

/**
 * Years 0001 to 9999: what ISO 8601's four-digit years spell and toISOString writes in a form
 * PostgreSQL reads (JavaScript also parses year 0 and ±6-digit years, which PostgreSQL refuses).
 */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');
const inCalendar = (ms: number) => ms >= EARLIEST && ms <= LATEST;

function instant(value: unknown): Date | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return inCalendar(ms) ? new Date(ms) : undefined;
}

/**
 * The event's time as Segment computes it: when the sender states both when the event happened
 * (timestamp, or originalTimestamp) and when it sent it (sentAt), the sender's clock is assumed
 * off by (sentAt − receivedAt) and the event moved by as much:
 * timestamp = receivedAt − (sentAt − timestamp). Without sentAt the stated time stands; without
 * any time the message takes the time it was received.
 */
export function correctedTime(stated: Date | null, sentAt: Date | null, receivedAt: Date): Date {
  if (stated && sentAt) return new Date(receivedAt.getTime() - (sentAt.getTime() - stated.getTime()));
  return stated ?? receivedAt;
}

export function parseMessage(raw: unknown, index: number, ctx: ParseContext): ParsedMessage | Refusal {
  if (!isObject(raw)) return { key: 'notObject' };
  const type = ctx.type ?? (raw.type as TrackingType);
  if (!TYPES.includes(type)) return { key: 'type', params: { types: TYPES.join(', ') } };

  const userId = id(raw.userId);
  const anonymousId = id(raw.anonymousId);
  if (userId === undefined) return { key: 'badId', params: { field: 'userId', max: MAX_ID } };
  if (anonymousId === undefined) return { key: 'badId', params: { field: 'anonymousId', max: MAX_ID } };
  if (!userId && !anonymousId) return { key: 'noUser' };

  let messageId = id(raw.messageId);
  if (messageId === undefined) return { key: 'badId', params: { field: 'messageId', max: MAX_ID } };
  messageId ??= `tenure-${randomUUID()}`;

  for (const field of ['properties', 'traits', 'context'] as const) {
    if (raw[field] !== undefined && raw[field] !== null && !isObject(raw[field]))
      return { key: 'notObjectField', params: { field } };
  }
  const context = (raw.context as Record<string, unknown> | undefined) ?? null;

  const stated = instant(raw.timestamp ?? raw.originalTimestamp);
  if (stated === undefined)
    return { key: 'badTime', params: { field: raw.timestamp !== undefined ? 'timestamp' : 'originalTimestamp' } };
  const sentAt = instant(raw.sentAt ?? ctx.batchSentAt);
  if (sentAt === undefined) return { key: 'badTime', params: { field: 'sentAt' } };
  // A message relayed by Segment or RudderStack (webhook destinations) carries their receivedAt and a
  // timestamp they have already corrected; correcting again would shift it by the relay's delay.
  const relayed = raw.timestamp !== undefined && instant(raw.receivedAt) instanceof Date;
  const timestamp = relayed ? stated! : correctedTime(stated, sentAt, ctx.receivedAt);
  // A sentAt far before the stated time moves the event past the calendar.
  if (!inCalendar(timestamp.getTime())) return { key: 'badTime', params: { field: 'sentAt' } };
  if (timestamp < ctx.horizon) return { key: 'tooOld', params: { date: ctx.horizon.toISOString().slice(0, 10) } };

  let event: string | null = null;
  let groupId = id(context?.groupId);
  if (groupId === undefined) return { key: 'badId', params: { field: 'context.groupId', max: MAX_ID } };
  let traits: Record<string, unknown> | null = null;
  let properties = (raw.properties as Record<string, unknown> | undefined) ?? null;

  switch (type) {
    case 'track':
      if (typeof raw.event !== 'string' || !raw.event.trim()) return { key: 'noEvent' };
      if (raw.event.length > MAX_EVENT) return { key: 'eventTooLong', params: { max: MAX_EVENT } };
      event = raw.event.trim();
      break;
    case 'page':
    case 'screen':
      event = `$${type}`;
      // The page's name and category are part of what was seen.
      if (raw.name !== undefined || raw.category !== undefined)
        properties = {
          ...(properties ?? {}),
          ...(raw.name !== undefined ? { name: raw.name } : {}),
          ...(raw.category !== undefined ? { category: raw.category } : {}),
        };
      break;
    case 'identify':
      traits =
        (raw.traits as Record<string, unknown> | undefined) ??
        (context?.traits as Record<string, unknown> | undefined) ??
        {};
      properties = traits;
      break;
    case 'group': {
      const g = id(raw.groupId);
      if (!g) return { key: 'noGroup' };
      groupId = g;
      traits = (raw.traits as Record<string, unknown> | undefined) ?? {};
      properties = traits;
      break;
    }
    case 'alias': {
      const previousId = id(raw.previousId);
      if (!previousId) return { key: 'noPreviousId' };
      properties = { previousId };
      break;
    }
  }

  const person = userId ?? `anon:${anonymousId}`;
  return {
    index,
    person,
    groupId,
    traits,
    row: {
      messageId,
      type,
      event,
      userId,
      anonymousId,
      groupId,
      timestamp: timestamp.toISOString(),
      originalTimestamp: stated ? stated.toISOString() : null,
      sentAt: sentAt ? sentAt.toISOString() : null,
      properties,
      context,
    },
  };
}

export const isRefusal = (value: ParsedMessage | Refusal): value is Refusal => 'key' in value;

/**
 * Whether a message, as stored (ids, times, properties or traits, context), is over 32 KB. A
 * batch is checked on what it stores, so each message is serialised once, not twice.
 */
export function overMessageLimit(encoded: string): boolean {
  // UTF-8 takes at most three bytes per UTF-16 unit: most messages need no byte count.
  return encoded.length * 3 > MESSAGE_LIMIT_BYTES && Buffer.byteLength(encoded) > MESSAGE_LIMIT_BYTES;
}

export const messageTooLarge: Refusal = { key: 'messageTooLarge', params: { limit: '32 KB' } };

/**
 * A refusal naming the field when what would be stored holds NUL or a lone surrogate, which
 * PostgreSQL cannot store. The field is named as the sender wrote it (the stored row renames a
 * few: a page's name lands in properties), else as stored.
 */
export function unstorableText(raw: unknown, row: EventRow, encoded: string): Refusal | undefined {
  if (!mayHoldUnstorable(encoded)) return undefined;
  const stored = unstorablePath(row);
  if (!stored) return undefined;
  return { key: 'unstorableText', params: { field: (unstorablePath(raw) ?? stored).join('.') } };
}
