/**
 * The raw event store and the roll-ups built from it. SQL only; the service decides when.
 * Every function takes the connection or transaction to run on.
 *
 * Roll-ups are incremental: the statement that stores events also queues the attributed usage
 * events in usage_pending, and a roll-up takes the whole queue and adds it to the counts in one
 * statement — so the work is proportional to the new events, not to the day's total, and each
 * event is counted exactly once (taking and counting commit together).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, TrackingType } from '../../db/types.js';
import { accountRows } from '../accounts/accounts.read.js';

type Db = Kysely<DB> | Transaction<DB>;

/** One message ready to store: validated, its time corrected. */
export interface EventRow {
  messageId: string;
  type: TrackingType;
  /** Name the roll-ups count under; null for identify, group and alias. */
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  /** ISO instants. */
  timestamp: string;
  originalTimestamp: string | null;
  sentAt: string | null;
  properties: Record<string, unknown> | null;
  context: Record<string, unknown> | null;
}

export interface AppendResult {
  /** Messages stored now; the others were stored before. */
  count: number;
  /** Ids of the identify and group messages among them, whose traits are still to apply. */
  traited: string[];
}

export interface DayPair {
  accountId: string;
  day: string;
}

/**
 * A row as the append statement reads it — a JSON array, positions as in appendEvents — without
 * its account, which is known only inside the transaction. Its length is also what the 32 KB
 * message limit is checked on.
 */
export function encodeEvent(r: EventRow): string {
  return JSON.stringify([
    r.messageId,
    r.type,
    r.event,
    r.userId,
    r.anonymousId,
    r.groupId,
    r.timestamp,
    r.originalTimestamp,
    r.sentAt,
    r.properties,
    r.context,
  ]);
}

export interface EncodedEvent {
  json: string;
  /** A uuid from the accounts table, or null while the person has no account. */
  accountId: string | null;
}

/**
 * The whole batch travels as one JSON parameter of positional arrays, which PostgreSQL parses once
 * (jsonb) and reads by position: one statement, one parameter, no per-value encoding in JavaScript
 * and no field names on the wire. The same statement keeps the first copy of each message id and
 * queues the new attributed usage events for roll-up, so storing and queueing commit together.
 */
export async function appendEvents(
  trx: Db,
  events: readonly EncodedEvent[],
  writeKeyId: string | null,
  receivedAt: Date,
  timeZone: string,
): Promise<AppendResult> {
  if (!events.length) return { count: 0, traited: [] };
  // Each encoded row gets its account in front (position 0); the rest moves up by one.
  const payload = `[${events.map((e) => `[${e.accountId ? `"${e.accountId}"` : 'null'},${e.json.slice(1)}`).join(',')}]`;
  const result = await sql<{ inserted: number; traited: string[] }>`
    with ins as (
      insert into usage_events (message_id, write_key_id, type, event, user_id, anonymous_id, group_id, account_id,
                                timestamp, day, original_timestamp, sent_at, received_at, properties, context)
      select m.v->>1, ${writeKeyId}::uuid, m.v->>2, m.v->>3, m.v->>4, m.v->>5, m.v->>6, (m.v->>0)::uuid,
             m.ts, (m.ts at time zone ${timeZone})::date, (m.v->>8)::timestamptz, (m.v->>9)::timestamptz, ${receivedAt.toISOString()}::timestamptz,
             coalesce(nullif(m.v->10, 'null'), '{}'::jsonb), coalesce(nullif(m.v->11, 'null'), '{}'::jsonb)
      from (select v, (v->>7)::timestamptz as ts from jsonb_array_elements(${payload}::jsonb) as v) as m
      on conflict (message_id) do nothing
      returning message_id, type, account_id, day, event, person, timestamp
    ), queued as (
      insert into usage_pending (account_id, day, event, person, timestamp)
      select account_id, day, event, person, timestamp from ins where account_id is not null and event is not null
    )
    select count(*)::int as inserted,
           coalesce(array_agg(message_id) filter (where type in ('identify', 'group')), '{}') as traited
    from ins`.execute(trx);
  const row = result.rows[0];
  return { count: row?.inserted ?? 0, traited: row?.traited ?? [] };
}

/**
 * Gives the earlier events of newly linked people their account (set-based) and queues them for
 * roll-up. Only events still without an account move: once attributed, an event keeps its
 * account even if the person later joins another one.
 */
export async function attributeEvents(
  trx: Db,
  links: readonly { person: string; accountId: string }[],
): Promise<number> {
  if (!links.length) return 0;
  const result = await sql<{ moved: number }>`
    with links as (
      select distinct on (person) person, account_id from unnest(${links.map((l) => l.person)}::text[], ${links.map((l) => l.accountId)}::uuid[]) as l(person, account_id)
    ), moved as (
      update usage_events e set account_id = l.account_id
      from links l
      where e.account_id is null and e.person = l.person
      returning e.account_id, e.day, e.event, e.person, e.timestamp
    ), queued as (
      insert into usage_pending (account_id, day, event, person, timestamp)
      select account_id, day, event, person, timestamp from moved where event is not null
    )
    select count(*)::int as moved from moved`.execute(trx);
  return result.rows[0]?.moved ?? 0;
}

/** People with events still without an account, received since then (the attribution sweep's input). */
export async function unattributedPeople(db: Db, since: Date): Promise<string[]> {
  const result = await sql<{ person: string }>`
    select distinct person from usage_events where account_id is null and received_at >= ${since.toISOString()}::timestamptz`.execute(
    db,
  );
  return result.rows.map((r) => r.person);
}

/**
 * Active users of an (account, day): the distinct people tracked that day, or — for days that
 * came in as daily roll-ups (imports, the demo history), which only know people per event — the
 * largest per-event count, a lower bound. The same rule for both writers keeps reruns equal.
 */
export async function refreshActive(trx: Db, pairs: readonly DayPair[]) {
  if (!pairs.length) return;
  await sql`
    with p as (
      select distinct * from unnest(${pairs.map((p) => p.accountId)}::uuid[], ${pairs.map((p) => p.day)}::date[]) as p(account_id, day)
    ), tracked as (
      select u.account_id, u.day, count(*) as n from usage_user_daily u join p on p.account_id = u.account_id and p.day = u.day group by 1, 2
    ), rolled as (
      select d.account_id, d.day, max(d.users) as n from usage_daily d join p on p.account_id = d.account_id and p.day = d.day group by 1, 2
    )
    insert into usage_active_daily (account_id, day, users)
    select p.account_id, p.day, greatest(coalesce(t.n, 0), coalesce(r.n, 0))
    from p join ${accountRows(trx)} a on a.id = p.account_id
    left join tracked t on t.account_id = p.account_id and t.day = p.day
    left join rolled r on r.account_id = p.account_id and r.day = p.day
    order by 1, 2
    on conflict (account_id, day) do update set users = excluded.users`.execute(trx);
}

// Any constant: one roll-up runner at a time across API processes on PostgreSQL.
const ROLLUP_LOCK_KEY = 734_512_002;

/**
 * Adds every queued event to the roll-ups: per event (count; distinct people through
 * usage_event_people), per person and day, the catalogue's first and last seen, then the day's
 * active users. Taking the queue (a DELETE without a limit) sees only committed rows; rows
 * committed meanwhile stay for the next round. Returns the number of events counted.
 */
export async function rollUpPending(db: Kysely<DB>): Promise<{ events: number; accountIds: string[] }> {
  // An empty queue writes nothing: the round's statements would otherwise fire every roll-up table's change
  // notification (statement triggers fire on zero rows) and drop the cached reads of those tables, every round.
  if (!(await pendingCount(db))) return { events: 0, accountIds: [] };
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${ROLLUP_LOCK_KEY}) as ok`.execute(trx);
    if (!lock.rows[0]?.ok) return { events: 0, accountIds: [] };
    const touched = await sql<{ account_id: string; day: string; n: number }>`
      with taken as (
        delete from usage_pending returning account_id, day, event, person, timestamp
      ), live as materialized (
        select t.* from taken t join ${accountRows(trx)} a on a.id = t.account_id
      ), new_people as (
        insert into usage_event_people (account_id, day, event, person)
        select distinct account_id, day, event, person from live order by 1, 2, 3, 4
        on conflict do nothing
        returning account_id, day, event
      ), per_event as (
        insert into usage_daily (account_id, day, event, count, users)
        select e.account_id, e.day, e.event, e.n, coalesce(p.n, 0)
        from (select account_id, day, event, count(*) as n from live group by 1, 2, 3) e
        left join (select account_id, day, event, count(*) as n from new_people group by 1, 2, 3) p
          on p.account_id = e.account_id and p.day = e.day and p.event = e.event
        order by 1, 2, 3
        on conflict (account_id, day, event) do update set count = usage_daily.count + excluded.count, users = usage_daily.users + excluded.users
      ), per_person as (
        insert into usage_user_daily (account_id, day, person, events, last_seen_at)
        select account_id, day, person, count(*), max(timestamp) from live group by 1, 2, 3 order by 1, 2, 3
        on conflict (account_id, day, person) do update set
          events = usage_user_daily.events + excluded.events,
          last_seen_at = greatest(usage_user_daily.last_seen_at, excluded.last_seen_at)
      ), catalogue as (
        insert into event_catalogue (event, first_seen_at, last_seen_at)
        select event, min(timestamp), max(timestamp) from live group by 1 order by 1
        on conflict (event) do update set
          first_seen_at = least(event_catalogue.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(event_catalogue.last_seen_at, excluded.last_seen_at)
      )
      select account_id, day, count(*)::int as n from live group by 1, 2`.execute(trx);
    await refreshActive(
      trx,
      touched.rows.map((r) => ({ accountId: r.account_id, day: r.day })),
    );
    return {
      events: touched.rows.reduce((sum, r) => sum + r.n, 0),
      accountIds: [...new Set(touched.rows.map((r) => r.account_id))],
    };
  });
}

/** Events waiting for a roll-up: 0 means the roll-ups are current. */
export async function pendingCount(db: Db): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from usage_pending`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** Deletes raw events older than the horizon, and the per-person sets of those days; the roll-ups stay. */
export async function purgeEvents(db: Db, before: Date, beforeDay: string): Promise<number> {
  const result = await sql`delete from usage_events where timestamp < ${before.toISOString()}::timestamptz`.execute(db);
  await sql`delete from usage_event_people where day < ${beforeDay}::date`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
