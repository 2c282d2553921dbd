import { type Kysely, sql, type Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import type { ActiveDayItem, CatalogueItem, DailyUsageItem } from '../../shared/usage.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { refreshModuleTotals, type TotalsScope } from './module-totals.js';
import {
  appendEvents,
  attributeEvents,
  type EncodedEvent,
  encodeEvent,
  pendingCount,
  purgeEvents,
  refreshActive,
  rollUpPending,
  unattributedPeople,
} from './usage.events.js';

import type { SignalService } from '../../jobs/signals.js';

export type { EncodedEvent, EventRow } from './usage.events.js';
type Db = Kysely<DB> | Transaction<DB>;

/** One account's use of one product event on one day (the organisation's calendar day). */
export interface DailyUsageRow {
  accountId: string;
  day: string;
  event: string;
  count: number;
  users: number;
}

/** A person's activity in one account over a range of days, from the per-person roll-up. */
export interface PersonActivity {
  person: string;
  events: number;
  activeDays: number;
  lastSeenAt: Date;
}

/**
 * Rows per statement. Each column travels as one array parameter (unnest), so a statement has
 * five parameters whatever its size — about a third faster than VALUES lists on PGlite.
 */
const CHUNK = 5000;

export interface UsageDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  settings: Pick<SettingsService, 'get'>;
  /** Days are cut in this zone (TENURE_TIMEZONE). */
  timeZone: string;
  /** New data for accounts reaches health and rules through it (src/jobs/signals.ts). */
  signals?: Pick<SignalService, 'accountsChanged'>;
}

export function createUsageService({ db, clock, audit, settings, timeZone, signals }: UsageDeps) {
  let retention: { days: number; until: number } | undefined;
  return {
    /**
     * Stores daily roll-ups in set-based chunks. A row replaces the stored one for the same
     * account, day and event, so re-running a day's roll-up (or an import) never double-counts.
     * Returns the number of distinct rows written.
     */
    async recordDaily(rows: readonly DailyUsageRow[], trx?: Db): Promise<number> {
      // The last row for a key wins: one statement may not update the same row twice.
      const byKey = new Map<string, DailyUsageRow>();
      for (const row of rows) byKey.set(`${row.accountId}|${row.day}|${row.event}`, row);
      const unique = [...byKey.values()];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const chunk = unique.slice(i, i + CHUNK);
        await sql`
          insert into usage_daily (account_id, day, event, count, users)
          select * from unnest(
            ${chunk.map((r) => r.accountId)}::uuid[], ${chunk.map((r) => r.day)}::date[], ${chunk.map((r) => r.event)}::text[],
            ${chunk.map((r) => r.count)}::int[], ${chunk.map((r) => r.users)}::int[])
          on conflict (account_id, day, event) do update set count = excluded.count, users = excluded.users`.execute(
          trx ?? db,
        );
        const pairs = new Map<string, { accountId: string; day: string }>();
        for (const r of chunk) pairs.set(`${r.accountId}|${r.day}`, { accountId: r.accountId, day: r.day });
        await refreshActive(trx ?? db, [...pairs.values()]);
      }
      return unique.length;
    },

    /** A message as the event store takes it (see appendEvents); its length is the stored size. */
    encodeEvent,

    /** Stores raw events (one statement; in the caller's transaction if any); returns how many were new. */
    appendEvents: (trx: Db, events: readonly EncodedEvent[], writeKeyId: string | null, receivedAt: Date) =>
      appendEvents(trx, events, writeKeyId, receivedAt, timeZone),

    /** People whose events received since then still have no account. */
    unattributedPeople: (since: Date) => unattributedPeople(db, since),

    /** Gives newly linked people's unattributed events their account; returns how many moved. */
    attributeEvents: (trx: Db, links: readonly { person: string; accountId: string }[]) => attributeEvents(trx, links),

    /** Adds waiting events to the roll-ups and returns how many; the accounts whose counts moved are signalled. */
    async rollUp(): Promise<number> {
      const { events, accountIds } = await rollUpPending(db);
      if (accountIds.length) await signals?.accountsChanged(accountIds, 'usage');
      return events;
    },

    /**
     * When the latest raw event arrived, looking back to \`since\` only (the timestamp's BRIN index keeps
     * this cheap on a large table); null when none arrived since then.
     */
    async lastEventAt(since: Date): Promise<Date | null> {
      const row = await db
        .selectFrom('usage_events')
        .select((eb) => eb.fn.max('received_at').as('last'))
        .where('timestamp', '>=', since)
        .executeTakeFirst();
      return row?.last ? new Date(row.last as Date) : null;
    },

    /** Events waiting for a roll-up: 0 means the roll-ups are current. */
    pendingRollUps: () => pendingCount(db),

    /** Deletes raw events older than the retention setting (roll-ups stay). */
    async purge(): Promise<{ deleted: number; before: string }> {
      const days = await settings.get('event_retention_days');
      const before = new Date(clock.now().getTime() - days * 86_400_000);
      return { deleted: await purgeEvents(db, before, clock.today(timeZone, before)), before: before.toISOString() };
    },

    /** The oldest instant a new event may carry: older ones would fall to the next purge. */
    async retentionHorizon(): Promise<Date> {
      // Asked on every batch; the setting changes rarely, so it is read at most every few seconds.
      if (!retention || retention.until < Date.now())
        retention = { days: await settings.get('event_retention_days'), until: Date.now() + 5_000 };
      return new Date(clock.now().getTime() - retention.days * 86_400_000);
    },

    /** After the retention setting changed: read it again now (other processes within seconds). */
    forgetRetention() {
      retention = undefined;
    },

    async daily(accountId: string, from: string, to: string): Promise<DailyUsageItem[]> {
      return db
        .selectFrom('usage_daily')
        .select(['day as date', 'event', 'count', 'users'])
        .where('account_id', '=', accountId)
        .where('day', '>=', from)
        .where('day', '<=', to)
        .orderBy('day')
        .orderBy('event')
        .execute();
    },

    async activeDaily(accountId: string, from: string, to: string): Promise<ActiveDayItem[]> {
      return db
        .selectFrom('usage_active_daily')
        .select(['day as date', 'users'])
        .where('account_id', '=', accountId)
        .where('day', '>=', from)
        .where('day', '<=', to)
        .orderBy('day')
        .execute();
    },

    /** Everyone active in the account over the range, most recently seen first. */
    async people(accountId: string, from: string, to: string, limit = 500): Promise<PersonActivity[]> {
      const rows = await db
        .selectFrom('usage_user_daily')
        .select((eb) => [
          'person',
          eb.fn.sum<number>('events').as('events'),
          eb.fn.countAll<number>().as('active_days'),
          eb.fn.max('last_seen_at').as('last_seen_at'),
        ])
        .where('account_id', '=', accountId)
        .where('day', '>=', from)
        .where('day', '<=', to)
        .groupBy('person')
        .orderBy('last_seen_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        person: r.person,
        events: Number(r.events),
        activeDays: Number(r.active_days),
        lastSeenAt: new Date(r.last_seen_at as Date),
      }));
    },

    /**
     * Every event name seen — tracked, imported or from the demo history — with its volume over the
     * last 30 days and in all, the accounts that used it lately, its last sighting and its module.
     */
    async catalogue(): Promise<CatalogueItem[]> {
      const since = clock.today(timeZone, new Date(clock.now().getTime() - 29 * 86_400_000));
      const rows = await sql<{
        event: string;
        module: string | null;
        volume_30d: number;
        volume_total: number;
        accounts_30d: number;
        last_seen_at: Date | null;
      }>`
        with volume as (
          select event,
                 coalesce(sum(count) filter (where day >= ${since}::date), 0)::bigint as volume_30d,
                 sum(count)::bigint as volume_total,
                 count(distinct account_id) filter (where day >= ${since}::date)::int as accounts_30d,
                 max(day) as last_day
          from usage_daily group by event
        )
        select coalesce(v.event, c.event) as event, c.module,
               coalesce(v.volume_30d, 0) as volume_30d, coalesce(v.volume_total, 0) as volume_total, coalesce(v.accounts_30d, 0) as accounts_30d,
               coalesce(c.last_seen_at, v.last_day::timestamp at time zone ${timeZone}) as last_seen_at
        from volume v full join event_catalogue c on c.event = v.event
        order by volume_30d desc, event`.execute(db);
      return rows.rows.map((r) => ({
        event: r.event,
        module: r.module,
        volume30d: Number(r.volume_30d),
        volumeTotal: Number(r.volume_total),
        accounts30d: r.accounts_30d,
        lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at) : null,
      }));
    },

    /**
     * Counts each module's events over the last 7, 30 and 90 days again (usage_module_totals, for the lists'
     * module-usage filter): for some accounts when their usage moved, for all every hour (the account facts'
     * refresh), which also slides the windows to the organisation's new day.
     */
    refreshModuleTotals: (scope?: TotalsScope) => refreshModuleTotals(db, clock.today(timeZone), scope),

    /** Maps an event to a product module (null removes the mapping). */
    async setEventModule(actor: Actor, event: string, module: string | null) {
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('event_catalogue')
          .selectAll()
          .where('event', '=', event)
          .executeTakeFirst();
        const known =
          before ??
          (await trx.selectFrom('usage_daily').select('event').where('event', '=', event).limit(1).executeTakeFirst());
        if (!known) throw notFound('event');
        await trx
          .insertInto('event_catalogue')
          .values({ event, module })
          .onConflict((oc) => oc.column('event').doUpdateSet({ module }))
          .execute();
        // The modules the event leaves and joins are counted again at once, so lists filtering on them agree.
        const moved = [before?.module, module].filter((m): m is string => !!m);
        await refreshModuleTotals(trx, clock.today(timeZone), { modules: moved });
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'event',
          entityId: event,
          before: before ?? null,
          after: { event, module },
        });
        return { event, module };
      });
    },
  };
}

export type UsageService = ReturnType<typeof createUsageService>;
