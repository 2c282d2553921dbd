import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/db.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { systemActor } from '../audit/actor.js';

describe('bulk writers: usage, tickets, NPS', () => {
  let database: Database;
  let services: Services;
  let accountId: string;

  beforeAll(async () => {
    database = await testDatabase();
    services = createServices({
      db: database.db,
      clock: createClock('2026-06-15T04:00:00Z'),
      config: { TENURE_SESSION_DAYS: 14 },
    });
    accountId = (await services.accounts.create(systemActor, { name: 'Northwind Analytics' })).id;
  });
  afterAll(() => database?.close());

  it('usage: a re-sent roll-up replaces the stored one, and the last row for a key wins', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => ({
      accountId,
      day: `2026-0${1 + (i % 5)}-${String(1 + (i % 28)).padStart(2, '0')}`,
      event: `e${i % 7}`,
      count: 5,
      users: 2,
    }));
    const distinct = await services.usage.recordDaily(rows);
    expect(distinct).toBe(new Set(rows.map((r) => `${r.day}|${r.event}`)).size);
    await services.usage.recordDaily([
      { accountId, day: '2026-01-01', event: 'e0', count: 1, users: 1 },
      { accountId, day: '2026-01-01', event: 'e0', count: 9, users: 3 },
    ]);
    const stored = await database.db
      .selectFrom('usage_daily')
      .selectAll()
      .where('day', '=', '2026-01-01')
      .where('event', '=', 'e0')
      .execute();
    expect(stored).toEqual([{ account_id: accountId, day: '2026-01-01', event: 'e0', count: 9, users: 3 }]);
    const { n } = await database.db
      .selectFrom('usage_daily')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(distinct);
  });

  it('tickets: upsert by external id updates status instead of duplicating', async () => {
    const ticket = {
      accountId,
      externalId: 'zd-1',
      subject: 'Export fails',
      priority: 'high' as const,
      status: 'open' as const,
      openedAt: '2026-06-01T02:00:00Z',
    };
    expect(
      await services.tickets.bulkInsert(systemActor, [ticket, { ...ticket, externalId: null, subject: 'No id' }]),
    ).toBe(2);
    expect(
      await services.tickets.bulkInsert(systemActor, [
        { ...ticket, status: 'closed', closedAt: '2026-06-02T02:00:00Z' },
      ]),
    ).toBe(1);
    const rows = await database.db
      .selectFrom('tickets')
      .select(['external_id', 'status', 'closed_at'])
      .orderBy('external_id')
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ external_id: 'zd-1', status: 'closed' });
  });

  it('NPS: a response already stored is kept, and scores outside 0–10 are refused', async () => {
    const answer = { accountId, externalId: 'nps-1', score: 9, respondedAt: '2026-06-01T02:00:00Z' };
    expect(await services.nps.bulkInsert(systemActor, [answer])).toBe(1);
    expect(await services.nps.bulkInsert(systemActor, [{ ...answer, score: 2 }])).toBe(0);
    const rows = await database.db.selectFrom('nps_responses').select(['score']).execute();
    expect(rows).toEqual([{ score: 9 }]);
    await expect(services.nps.bulkInsert(systemActor, [{ ...answer, externalId: 'nps-2', score: 11 }])).rejects.toThrow(
      RangeError,
    );
  });
});
