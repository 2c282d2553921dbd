import { type Expression, type Kysely, type RawBuilder, type Transaction, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { ActivityType, DB } from '../../db/types.js';
import type { TimelineQuery as ApiTimelineQuery } from '../../shared/timeline.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { npsTimelineEntries } from '../surveys/nps.timeline.read.js';
import { ticketTimelineEntries } from '../tickets/tickets.read.js';
import { userRows } from '../users/users.read.js';
import { pageLimit, pageOffset } from '../../db/page-window.js';

export interface NewActivity {
  type: ActivityType;
  subject?: string | null;
  body?: string | null;
  contactId?: string | null;
  occurredAt?: Date | string;
  /** For system events: a catalog key and its parameters, rendered in the reader's language. */
  data?: Record<string, unknown>;
}

/** What the list takes: the API's query (src/shared/timeline.ts), types optional for in-process callers. */
export type TimelineQuery = Omit<ApiTimelineQuery, 'types'> & Partial<Pick<ApiTimelineQuery, 'types'>>;

/** Timeline entries beyond the stored activities: tickets opened and closed, NPS answers (read models). */
export type TimelineEntryType = ActivityType | 'ticket' | 'nps';

interface TimelineRow {
  id: string;
  account_id: string;
  contact_id: string | null;
  type: TimelineEntryType;
  subject: string | null;
  body: string | null;
  data: Record<string, unknown>;
  author_id: string | null;
  author_name: string | null;
  contact_name: string | null;
  occurred_at: Date;
  created_at: Date;
}

const toView = (row: TimelineRow) => ({
  id: row.id,
  accountId: row.account_id,
  type: row.type,
  subject: row.subject,
  body: row.body,
  data: row.data,
  contactId: row.contact_id,
  contactName: row.contact_name,
  authorId: row.author_id,
  authorName: row.author_name,
  occurredAt: row.occurred_at,
  createdAt: row.created_at,
});

/**
 * The contacts read model (`contactRows` of contacts/contacts.read.ts), which names the contact an entry
 * is about. src/services.ts passes it: contacts records on the timeline (and accounts, which contacts
 * reads, too), so importing it here would close a module cycle.
 */
export type ContactRows = (db: Kysely<DB>) => Expression<{ id: string; name: string }>;
/**
 * More timeline entries a module publishes as a read model (messaging's sends and their events), passed by
 * src/services.ts for the same reason: those modules read contacts and accounts, which record here.
 * Same columns as nps.timeline.read.ts.
 */
export type TimelineEntrySource = (accountId: string) => RawBuilder<unknown>;

export function createTimelineService({
  db,
  clock,
  audit,
  contactRows,
  entrySources = [],
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  contactRows: ContactRows;
  entrySources?: readonly TimelineEntrySource[];
}) {
  async function contactName(trx: Transaction<DB>, id: string) {
    const found = await sql<{ name: string }>`select c.name from ${contactRows(trx)} c where c.id = ${id}`.execute(trx);
    return found.rows[0]?.name ?? null;
  }

  async function insert(trx: Transaction<DB> | Kysely<DB>, actor: Actor, accountId: string, activity: NewActivity) {
    return trx
      .insertInto('activities')
      .values({
        account_id: accountId,
        type: activity.type,
        subject: activity.subject ?? null,
        body: activity.body ?? null,
        contact_id: activity.contactId ?? null,
        data: JSON.stringify(activity.data ?? {}),
        author_id: userIdOf(actor),
        occurred_at: activity.occurredAt ?? clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  return {
    /** Records an event inside the caller's transaction (stage changes, contacts added, …). */
    record: insert,

    /** Records many entries in the caller's transaction, a few set-based inserts instead of one per entry (demo, bulk jobs). */
    async recordMany(
      trx: Transaction<DB> | Kysely<DB>,
      entries: readonly { actor: Actor; accountId: string; activity: NewActivity }[],
    ) {
      // Nine parameters a row: 2,000 rows stay far below PostgreSQL's 65,535.
      for (let i = 0; i < entries.length; i += 2000) {
        await trx
          .insertInto('activities')
          .values(
            entries.slice(i, i + 2000).map(({ actor, accountId, activity }) => ({
              account_id: accountId,
              type: activity.type,
              subject: activity.subject ?? null,
              body: activity.body ?? null,
              contact_id: activity.contactId ?? null,
              data: JSON.stringify(activity.data ?? {}),
              author_id: userIdOf(actor),
              occurred_at: activity.occurredAt ?? clock.now(),
            })),
          )
          .execute();
      }
      return entries.length;
    },

    /**
     * The account's history newest first: its activities, and the ticket and NPS entries their owners
     * publish as read models (tickets.read.ts, nps.timeline.read.ts), in one statement per page.
     */
    async list(accountId: string, query: TimelineQuery) {
      const entries = sql`
        select a.id::text as id, a.account_id, a.contact_id, a.type, a.subject, a.body, a.data, a.author_id,
          a.occurred_at, a.created_at
        from activities a where a.account_id = ${accountId}
        union all ${ticketTimelineEntries(accountId)}
        union all ${npsTimelineEntries(accountId)}
        ${sql.join(
          entrySources.map((source) => sql`union all ${source(accountId)}`),
          sql` `,
        )}`;
      const types: readonly string[] = query.types ?? [];
      const filter = types.length ? sql`where e.type = any(${[...types]}::text[])` : sql``;
      const [rows, total] = await Promise.all([
        sql<TimelineRow>`
          select e.*, u.name as author_name, c.name as contact_name
          from (${entries}) e
          left join ${userRows(db)} u on u.id = e.author_id
          left join ${contactRows(db)} c on c.id = e.contact_id
          ${filter}
          order by e.occurred_at desc, e.created_at desc, e.id
          limit ${pageLimit(query)} offset ${pageOffset(query)}`.execute(db),
        sql<{ n: number }>`select count(*)::int as n from (${entries}) e ${filter}`.execute(db),
      ]);
      return { items: rows.rows.map(toView), total: Number(total.rows[0]?.n ?? 0) };
    },

    /** When a person (not the system) last logged something on each account, in one statement. */
    async lastTouches(accountIds: string[]): Promise<Map<string, Date>> {
      if (!accountIds.length) return new Map();
      const rows = await db
        .selectFrom('activities')
        .select(['account_id', (eb) => eb.fn.max('occurred_at').as('at')])
        .where('account_id', '=', sql<string>`any(${accountIds}::uuid[])`)
        .where('author_id', 'is not', null)
        .where('type', '<>', 'system')
        .groupBy('account_id')
        .execute();
      return new Map(rows.map((r) => [r.account_id, new Date(r.at as Date)]));
    },

    /**
     * Touches per account since an instant (Team page, docs/team.md): activities a person logged —
     * the same entries as the last touch (system entries, tickets and NPS answers do not count).
     */
    async touchCounts(since: Date, accountIds?: string[]): Promise<Map<string, number>> {
      let q = db
        .selectFrom('activities')
        .select(['account_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('occurred_at', '>=', since)
        .where('author_id', 'is not', null)
        .where('type', '<>', 'system');
      if (accountIds) q = q.where('account_id', '=', sql<string>`any(${accountIds}::uuid[])`);
      const rows = await q.groupBy('account_id').execute();
      return new Map(rows.map((r) => [r.account_id, Number(r.n)]));
    },

    /** A note, call, meeting or visit logged by a person; audited like any change. */
    async add(actor: Actor, accountId: string, activity: NewActivity) {
      return db.transaction().execute(async (trx) => {
        const row = await insert(trx, actor, accountId, activity);
        await audit.record(trx, actor, { action: 'create', entity: 'activity', entityId: row.id, after: row });
        const contact = row.contact_id ? await contactName(trx, row.contact_id) : null;
        return toView({
          ...row,
          author_name: actor.type === 'user' ? actor.name : null,
          contact_name: contact,
        });
      });
    },
  };
}

export type TimelineService = ReturnType<typeof createTimelineService>;
