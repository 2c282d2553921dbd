import { type Kysely, sql, type Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { Actor } from '../audit/actor.js';
import type { ContactService } from '../contacts/contacts.service.js';
import type { UsageService } from '../usage/usage.service.js';
import {
  isRefusal,
  messageTooLarge,
  overMessageLimit,
  type ParsedMessage,
  parseMessage,
  type Refusal,
  unstorableText,
} from './messages.js';
import { accountChanges, contactChanges, traitEmail } from './traits.js';
import type { WriteKeyIdentity } from './write-keys.service.js';

export interface TrackingDeps {
  db: Kysely<DB>;
  clock: Clock;
  accounts: Pick<AccountService, 'ensureByExternalIds' | 'patchMany'>;
  contacts: Pick<ContactService, 'list' | 'create' | 'update'>;
  usage: Pick<
    UsageService,
    'appendEvents' | 'attributeEvents' | 'retentionHorizon' | 'encodeEvent' | 'unattributedPeople'
  >;
}

export interface IngestRequest {
  messages: readonly unknown[];
  /** The endpoint's type for single-message endpoints; batch messages carry their own. */
  type?: ParsedMessage['row']['type'];
  sentAt?: unknown;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; reason: Refusal }[];
}

/** Who the audit log names for changes the tracking API makes (accounts created, traits applied). */
export const trackingActor = (key?: WriteKeyIdentity): Actor => ({
  type: 'system',
  id: key?.id ?? null,
  name: key ? `tracking: ${key.name}` : 'tracking',
  role: 'admin',
});

/** How long a group id → account id answer is reused without asking the database. */
const GROUP_CACHE_MS = 60_000;
/** How far back the attribution sweep looks for events that may have raced with their link. */
const SWEEP_WINDOW_MS = 10 * 60_000;
const SYNC_BATCH = 200;
/** Groups whose traits one round applies: one read, one update and one audit insert for all of them. */
export const GROUP_TRAITS_BATCH = 500;

export function createTrackingService({ db, clock, accounts, contacts, usage }: TrackingDeps) {
  const groupCache = new Map<string, { accountId: string; until: number }>();
  const stored = new Set<() => void>();

  /** Account ids for group ids, creating accounts (named after the id) for groups not seen before. */
  async function resolveGroups(
    trx: Transaction<DB>,
    key: WriteKeyIdentity,
    groupIds: string[],
    fresh: Map<string, string>,
  ) {
    const now = Date.now();
    const ids = new Map<string, string>();
    const missing: string[] = [];
    for (const g of groupIds) {
      const hit = groupCache.get(g);
      if (hit && hit.until > now) ids.set(g, hit.accountId);
      else missing.push(g);
    }
    if (missing.length) {
      // Sorted, so concurrent requests creating the same accounts take their locks in one order.
      const ensured = await accounts.ensureByExternalIds(trackingActor(key), missing.sort(), trx);
      for (const [g, accountId] of ensured.ids) {
        ids.set(g, accountId);
        fresh.set(g, accountId);
      }
    }
    return ids;
  }

  /**
   * Stores one request's messages atomically (one statement, or one transaction when it carries
   * links or traits) and resolves only after the commit: an acknowledged message is a stored message. Refused messages are reported, not stored; a
   * message id stored before counts as a duplicate and changes nothing.
   */
  async function ingest(key: WriteKeyIdentity, request: IngestRequest): Promise<IngestResult> {
    const receivedAt = clock.now();
    const horizon = await usage.retentionHorizon();
    const ctx = { receivedAt, horizon, batchSentAt: request.sentAt, type: request.type };
    const parsed: (ParsedMessage & { json: string })[] = [];
    const rejected: IngestResult['rejected'] = [];
    const seen = new Set<string>();
    let repeated = 0;
    request.messages.forEach((raw, index) => {
      const result = parseMessage(raw, index, ctx);
      if (isRefusal(result)) return rejected.push({ index, reason: result });
      const json = usage.encodeEvent(result.row);
      if (overMessageLimit(json)) return rejected.push({ index, reason: messageTooLarge });
      // Refused here, alone: in the batch statement it would fail every message of the request.
      const unstorable = unstorableText(raw, result.row, json);
      if (unstorable) return rejected.push({ index, reason: unstorable });
      if (seen.has(result.row.messageId)) return repeated++;
      seen.add(result.row.messageId);
      parsed.push(Object.assign(result, { json }));
    });
    if (!parsed.length) return { accepted: 0, duplicates: repeated, rejected };

    const fresh = new Map<string, string>();
    // Events and the queue for their roll-up are one statement, atomic by itself: a request that
    // only tracks needs no transaction around it. Links and traits make it one.
    const store = async (q: Kysely<DB> | Transaction<DB>, accountOf: Map<string, string>) => {
      // Everyone without a group in this request is attributed through the link they have, if any.
      const unlinked = [...new Set(parsed.filter((p) => !p.groupId).map((p) => p.person))];
      const known = new Map<string, string>();
      if (unlinked.length) {
        const rows = await sql<{ person: string; account_id: string }>`
          select person, account_id from tracking_profiles where person = any(${unlinked}::text[]) and account_id is not null`.execute(
          q,
        );
        for (const r of rows.rows) known.set(r.person, r.account_id);
      }
      return usage.appendEvents(
        q,
        parsed.map((p) => ({
          json: p.json,
          accountId: p.groupId ? accountOf.get(p.groupId)! : (known.get(p.person) ?? null),
        })),
        key.id,
        receivedAt,
      );
    };
    const linksOrTraits = parsed.some((p) => p.groupId !== null || p.traits !== null);
    const accepted = !linksOrTraits
      ? (await store(db, new Map())).count
      : await db.transaction().execute(async (trx) => {
          const groupIds = [...new Set(parsed.map((p) => p.groupId).filter((g): g is string => g !== null))];
          const accountOf = groupIds.length
            ? await resolveGroups(trx, key, groupIds, fresh)
            : new Map<string, string>();

          // Links: the last group named for a person in this request wins.
          const links = new Map<string, { person: string; user_id: string | null; account_id: string }>();
          for (const p of parsed)
            if (p.groupId)
              links.set(p.person, { person: p.person, user_id: p.row.userId, account_id: accountOf.get(p.groupId)! });
          if (links.size) {
            const changed = await sql<{ person: string; account_id: string }>`
              insert into tracking_profiles (person, user_id, account_id, linked_at, updated_at)
              select x.person, x.user_id, x.account_id, ${receivedAt.toISOString()}::timestamptz, ${receivedAt.toISOString()}::timestamptz
              from json_to_recordset(${JSON.stringify([...links.values()])}::json) as x(person text, user_id text, account_id uuid)
              order by x.person
              on conflict (person) do update set account_id = excluded.account_id, linked_at = excluded.linked_at, updated_at = excluded.updated_at
              where tracking_profiles.account_id is distinct from excluded.account_id
              returning person, account_id`.execute(trx);
            await usage.attributeEvents(
              trx,
              changed.rows.map((r) => ({ person: r.person, accountId: r.account_id })),
            );
          }

          const inserted = await store(trx, accountOf);
          if (inserted.traited.length) await queueTraits(trx, parsed, new Set(inserted.traited), accountOf, receivedAt);
          return inserted.count;
        });
    const now = Date.now();
    for (const [g, accountId] of fresh) groupCache.set(g, { accountId, until: now + GROUP_CACHE_MS });
    if (groupCache.size > 10_000) groupCache.clear();
    for (const listener of stored) listener();
    return { accepted, duplicates: parsed.length - accepted + repeated, rejected };
  }

  /** identify and group traits wait in the profile or group row until the processor applies them. */
  async function queueTraits(
    trx: Transaction<DB>,
    parsed: ParsedMessage[],
    fresh: Set<string>,
    accountOf: Map<string, string>,
    at: Date,
  ) {
    const people = new Map<string, { person: string; user_id: string | null; traits: Record<string, unknown> }>();
    const groups = new Map<string, { group_id: string; account_id: string; traits: Record<string, unknown> }>();
    for (const p of parsed) {
      if (!p.traits || !fresh.has(p.row.messageId)) continue;
      if (p.row.type === 'identify') {
        const entry = people.get(p.person) ?? { person: p.person, user_id: p.row.userId, traits: {} };
        Object.assign(entry.traits, p.traits);
        people.set(p.person, entry);
      } else if (p.row.type === 'group' && p.groupId) {
        const entry = groups.get(p.groupId) ?? {
          group_id: p.groupId,
          account_id: accountOf.get(p.groupId)!,
          traits: {},
        };
        Object.assign(entry.traits, p.traits);
        groups.set(p.groupId, entry);
      }
    }
    const stamp = at.toISOString();
    if (people.size) {
      await sql`
        insert into tracking_profiles (person, user_id, traits, traits_pending, updated_at)
        select x.person, x.user_id, x.traits, true, ${stamp}::timestamptz
        from json_to_recordset(${JSON.stringify([...people.values()])}::json) as x(person text, user_id text, traits jsonb)
        order by x.person
        on conflict (person) do update set traits = tracking_profiles.traits || excluded.traits, traits_pending = true,
          user_id = coalesce(excluded.user_id, tracking_profiles.user_id), updated_at = excluded.updated_at`.execute(
        trx,
      );
    }
    if (groups.size) {
      await sql`
        insert into tracking_groups (group_id, account_id, traits, traits_pending, updated_at)
        select x.group_id, x.account_id, x.traits, true, ${stamp}::timestamptz
        from json_to_recordset(${JSON.stringify([...groups.values()])}::json) as x(group_id text, account_id uuid, traits jsonb)
        order by x.group_id
        on conflict (group_id) do update set account_id = excluded.account_id, traits = tracking_groups.traits || excluded.traits,
          traits_pending = true, updated_at = excluded.updated_at`.execute(trx);
    }
  }

  /**
   * Applies waiting group traits to their accounts, `limit` groups at a time in one patch of many accounts (a
   * group's traits merged in arrival order when several groups name one account). Returns how many groups
   * were handled.
   */
  async function applyGroupTraits(limit = GROUP_TRAITS_BATCH): Promise<number> {
    const rows = await db
      .selectFrom('tracking_groups')
      .select(['group_id', 'account_id', 'traits', 'updated_at'])
      .where('traits_pending', '=', true)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    if (!rows.length) return 0;
    const traitsOf = new Map<string, Record<string, unknown>>();
    for (const row of rows) traitsOf.set(row.account_id, { ...traitsOf.get(row.account_id), ...row.traits });
    await accounts.patchMany(trackingActor(), [...traitsOf.keys()], (account) =>
      accountChanges(traitsOf.get(account.id)!, { ...account, attributes: account.attributes ?? {} }),
    );
    // Traits that arrived meanwhile keep their row pending for the next round.
    await sql`
      update tracking_groups g set traits_pending = false
      from unnest(${rows.map((r) => r.group_id)}::text[], ${rows.map((r) => r.updated_at)}::timestamptz[]) as d(group_id, updated_at)
      where g.group_id = d.group_id and g.updated_at = d.updated_at`.execute(db);
    return rows.length;
  }

  /**
   * Applies waiting identify traits of linked people to their contact: the account's contact whose
   * external id is the user id, else the one with the same email; a person with an email and no
   * contact yet becomes one (external id = user id). People not linked to an account yet keep waiting.
   */
  async function applyProfileTraits(limit = SYNC_BATCH): Promise<number> {
    const rows = await db
      .selectFrom('tracking_profiles')
      .select(['person', 'user_id', 'account_id', 'traits', 'updated_at'])
      .where('traits_pending', '=', true)
      .where('account_id', 'is not', null)
      .orderBy('account_id')
      .limit(limit)
      .execute();
    let listed: { accountId: string; contacts: Awaited<ReturnType<typeof contacts.list>> } | undefined;
    for (const row of rows) {
      const accountId = row.account_id!;
      if (listed?.accountId !== accountId) listed = { accountId, contacts: await contacts.list(accountId) };
      const email = traitEmail(row.traits);
      const contact =
        listed.contacts.find((c) => row.user_id !== null && c.externalId === row.user_id) ??
        (email ? listed.contacts.find((c) => c.email?.toLowerCase() === email) : undefined);
      const patch = contactChanges(row.traits, contact);
      if (contact && Object.keys(patch).length) {
        await contacts.update(trackingActor(), accountId, contact.id, patch);
        listed = undefined;
      } else if (!contact && patch.email) {
        await contacts.create(trackingActor(), accountId, {
          ...patch,
          name: patch.name ?? patch.email!,
          externalId: row.user_id,
        });
        listed = undefined;
      }
      await db
        .updateTable('tracking_profiles')
        .set({ traits_pending: false })
        .where('person', '=', row.person)
        .where('updated_at', '=', row.updated_at)
        .execute();
    }
    return rows.length;
  }

  /**
   * A link and the first events of its person can arrive in concurrent requests on PostgreSQL: a
   * request that read the links just before another committed one stores its events without an
   * account. Events received in the last minutes that still have none are given the account their
   * person has now (only unattributed events move, so this is idempotent). Cheap: it reads a
   * partial index of unattributed events, which stays small unless traffic is anonymous.
   */
  async function sweepUnattributed(): Promise<number> {
    const people = await usage.unattributedPeople(new Date(clock.now().getTime() - SWEEP_WINDOW_MS));
    if (!people.length) return 0;
    const links = await sql<{ person: string; account_id: string }>`
      select person, account_id from tracking_profiles where person = any(${people}::text[]) and account_id is not null`.execute(
      db,
    );
    if (!links.rows.length) return 0;
    return usage.attributeEvents(
      db,
      links.rows.map((l) => ({ person: l.person, accountId: l.account_id })),
    );
  }

  /** Names and emails the people of an account are known by: their contact, else their identify traits. */
  async function describePeople(accountId: string, persons: string[]) {
    const out = new Map<string, { name: string | null; email: string | null; contactId: string | null }>();
    if (!persons.length) return out;
    const [profiles, accountContacts] = await Promise.all([
      db
        .selectFrom('tracking_profiles')
        .select(['person', 'user_id', 'traits'])
        .where('person', 'in', persons)
        .execute(),
      contacts.list(accountId),
    ]);
    const byPerson = new Map(profiles.map((p) => [p.person, p]));
    for (const person of persons) {
      const profile = byPerson.get(person);
      const userId = profile?.user_id ?? (person.startsWith('anon:') ? null : person);
      const email = profile ? traitEmail(profile.traits) : undefined;
      const contact =
        accountContacts.find((c) => userId !== null && c.externalId === userId) ??
        (email ? accountContacts.find((c) => c.email?.toLowerCase() === email) : undefined);
      const traitName = typeof profile?.traits.name === 'string' ? profile.traits.name : null;
      out.set(person, {
        name: contact?.name ?? traitName,
        email: contact?.email ?? email ?? null,
        contactId: contact?.id ?? null,
      });
    }
    return out;
  }

  return {
    ingest,
    applyGroupTraits,
    applyProfileTraits,
    sweepUnattributed,
    describePeople,
    /** Called after every committed request (the processor listens, to roll up soon). */
    onStored(listener: () => void) {
      stored.add(listener);
      return () => stored.delete(listener);
    },
  };
}

export type TrackingService = ReturnType<typeof createTrackingService>;
