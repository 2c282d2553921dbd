import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { ActivityType, DB } from '../../db/types.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

export interface NewActivity {
  type: ActivityType;
  subject?: string | null;
  body?: string | null;
  contactId?: string | null;
  occurredAt?: Date | string;
  /** For system events: a catalog key and its parameters, rendered in the reader's language. */
  data?: Record<string, unknown>;
}

export interface TimelineQuery {
  types?: ActivityType[];
  page: number;
  pageSize: number;
}

const toView = (row: {
  id: string; account_id: string; contact_id: string | null; type: ActivityType; subject: string | null; body: string | null;
  data: Record<string, unknown>; author_id: string | null; author_name: string | null; contact_name: string | null; occurred_at: Date; created_at: Date;
}) => ({
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

export function createTimelineService({ db, clock, audit }: { db: Kysely<DB>; clock: Clock; audit: Pick<AuditService, 'record'> }) {
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
        author_id: actor.type === 'user' ? actor.id : null,
        occurred_at: activity.occurredAt ?? clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  return {
    /** Records an event inside the caller's transaction (stage changes, contacts added, …). */
    record: insert,

    /** System events for many accounts in one statement (rule runs opening or closing CTAs in bulk). */
    async recordMany(trx: Transaction<DB> | Kysely<DB>, actor: Actor, entries: { accountId: string; activity: NewActivity }[]) {
      if (!entries.length) return;
      await trx
        .insertInto('activities')
        .values(
          entries.map(({ accountId, activity }) => ({
            account_id: accountId,
            type: activity.type,
            subject: activity.subject ?? null,
            body: activity.body ?? null,
            contact_id: activity.contactId ?? null,
            data: JSON.stringify(activity.data ?? {}),
            author_id: actor.type === 'user' ? actor.id : null,
            occurred_at: activity.occurredAt ?? clock.now(),
          })),
        )
        .execute();
    },

    async list(accountId: string, query: TimelineQuery) {
      let q = db
        .selectFrom('activities')
        .leftJoin('users', 'users.id', 'activities.author_id')
        .leftJoin('contacts', 'contacts.id', 'activities.contact_id')
        .where('activities.account_id', '=', accountId);
      if (query.types?.length) q = q.where('activities.type', 'in', query.types);
      const [rows, total] = await Promise.all([
        q
          .selectAll('activities')
          .select(['users.name as author_name', 'contacts.name as contact_name'])
          .orderBy('activities.occurred_at', 'desc')
          .orderBy('activities.created_at', 'desc')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toView), total: Number(total.n) };
    },

    /** A note, call, meeting or visit logged by a person; audited like any change. */
    async add(actor: Actor, accountId: string, activity: NewActivity) {
      return db.transaction().execute(async (trx) => {
        const row = await insert(trx, actor, accountId, activity);
        await audit.record(trx, actor, { action: 'create', entity: 'activity', entityId: row.id, after: row });
        const contact = row.contact_id ? await trx.selectFrom('contacts').select('name').where('id', '=', row.contact_id).executeTakeFirst() : undefined;
        return toView({ ...row, author_name: actor.type === 'user' ? actor.name : null, contact_name: contact?.name ?? null });
      });
    },
  };
}

export type TimelineService = ReturnType<typeof createTimelineService>;
