import { type Kysely, sql, type Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import { translator, type Locale } from '../../i18n/index.js';
import type {
  FeatureRequest,
  FeatureRequestAccount,
  FeatureRequestAccountInput,
  FeatureRequestInput,
  FeatureRequestListQuery,
  FeatureRequestPatch,
} from '../../shared/voc.js';
import { RENEWING_WITHIN_DAYS } from '../../shared/voc.js';
import { deletedAccountIds, liveAccounts } from '../accounts/accounts.read.js';
import { accountFactRows } from '../accounts/facts.read.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { contactRows } from '../contacts/contacts.read.js';
import type { CtaService } from '../ctas/ctas.service.js';
import { userRows } from '../users/users.read.js';
import { pageLimit, pageOffset } from '../../db/page-window.js';

export interface RequestDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  currency: string;
  audit: Pick<AuditService, 'record'>;
  ctas: Pick<CtaService, 'openMany'>;
}

type Db = Kysely<DB> | Transaction<DB>;
/** Days a "tell the customer" CTA is due after the request shipped. */
const LOOP_DUE_DAYS = 7;

const SORTS = {
  arr: sql`s.arr_minor`,
  renewing: sql`s.renewing_arr_minor`,
  accounts: sql`s.accounts`,
  created: sql`r.created_at`,
  title: sql`lower(r.title)`,
} as const;

interface Row {
  id: string;
  title: string;
  description: string | null;
  product_area: string | null;
  status: FeatureRequest['status'];
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  shipped_at: Date | null;
  accounts: number;
  arr_minor: number;
  renewing_arr_minor: number;
  total?: number;
}

/**
 * Feature requests (docs/voc.md): first-class records linked to the accounts that asked, each summed with its
 * accounts' ARR (account_facts, the organisation's currency) and the part of it renewing within 180 days. When a
 * request ships, each requesting account's owner gets one "tell the customer" CTA — claimed per account, so
 * saving "shipped" again, or adding an account later, never opens a second one for the same account.
 */
export function createRequestService({ db, clock, timeZone, currency, audit, ctas }: RequestDeps) {
  const today = () => clock.today(timeZone);

  /** Requests with their sums, one statement: the links joined to live accounts and their facts, grouped. */
  function summed(trx: Db, where = sql`true`, tail = sql``) {
    const day = today();
    return sql<Row>`
      with s as (
        select fa.request_id, count(*)::int as accounts, coalesce(sum(f.arr_minor), 0)::bigint as arr_minor,
          coalesce(sum(f.arr_minor) filter (
            where f.renewal_on >= ${day}::date and f.renewal_on <= ${day}::date + ${RENEWING_WITHIN_DAYS}::int
          ), 0)::bigint as renewing_arr_minor
        from feature_request_accounts fa
        join (${liveAccounts(trx as Kysely<DB>)}) a on a.id = fa.account_id
        left join (${accountFactRows(trx as Kysely<DB>)}) f on f.account_id = fa.account_id
        group by fa.request_id
      )
      select r.id, r.title, r.description, r.product_area, r.status, r.created_by, u.name as created_by_name,
        r.created_at, r.updated_at, r.shipped_at, coalesce(s.accounts, 0) as accounts,
        coalesce(s.arr_minor, 0) as arr_minor, coalesce(s.renewing_arr_minor, 0) as renewing_arr_minor,
        count(*) over ()::int as total
      from feature_requests r
      left join s on s.request_id = r.id
      left join (${userRows(trx as Kysely<DB>)}) u on u.id = r.created_by
      where ${where}
      ${tail}`;
  }
  const toRequest = (r: Row): FeatureRequest => ({
    id: r.id,
    title: r.title,
    description: r.description,
    productArea: r.product_area,
    status: r.status,
    createdBy: r.created_by ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    shippedAt: r.shipped_at ? new Date(r.shipped_at) : null,
    accounts: Number(r.accounts),
    arrMinor: Number(r.arr_minor),
    renewingArrMinor: Number(r.renewing_arr_minor),
    currency,
  });

  async function requesters(trx: Db, requestId: string): Promise<FeatureRequestAccount[]> {
    const day = today();
    const { rows } = await sql<{
      account_id: string;
      account_name: string;
      owner_id: string | null;
      owner_name: string | null;
      contact_id: string | null;
      contact_name: string | null;
      arr_minor: number | null;
      renewal_on: string | null;
      source_type: FeatureRequestAccount['sourceType'];
      source_id: string | null;
      added_at: Date;
      loop_cta_id: string | null;
    }>`
      select fa.account_id, a.name as account_name, a.owner_id, u.name as owner_name, fa.contact_id,
        c.name as contact_name, f.arr_minor, f.renewal_on::text as renewal_on, fa.source_type, fa.source_id,
        fa.added_at, fa.loop_cta_id
      from feature_request_accounts fa
      join (${liveAccounts(trx as Kysely<DB>)}) a on a.id = fa.account_id
      left join (${accountFactRows(trx as Kysely<DB>)}) f on f.account_id = fa.account_id
      left join (${userRows(trx as Kysely<DB>)}) u on u.id = a.owner_id
      left join (${contactRows(trx as Kysely<DB>)}) c on c.id = fa.contact_id
      where fa.request_id = ${requestId}
      order by f.arr_minor desc nulls last, a.name`.execute(trx);
    const horizon = new Date(`${day}T00:00:00Z`);
    horizon.setUTCDate(horizon.getUTCDate() + RENEWING_WITHIN_DAYS);
    const last = horizon.toISOString().slice(0, 10);
    return rows.map((r) => ({
      accountId: r.account_id,
      accountName: r.account_name,
      owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
      contact: r.contact_id ? { id: r.contact_id, name: r.contact_name ?? '' } : null,
      arrMinor: r.arr_minor === null ? null : Number(r.arr_minor),
      renewalOn: r.renewal_on,
      renewingSoon: r.renewal_on !== null && r.renewal_on >= day && r.renewal_on <= last,
      sourceType: r.source_type,
      sourceId: r.source_id,
      addedAt: new Date(r.added_at),
      ctaId: r.loop_cta_id,
    }));
  }

  async function detail(id: string, trx: Db = db) {
    const { rows } = await summed(trx, sql`r.id = ${id}`).execute(trx);
    if (!rows[0]) throw notFound('featureRequest');
    return { ...toRequest(rows[0]), requesters: await requesters(trx, id) };
  }

  /** Links an account (and its contact and source item, when given) to a request; the account must be live. */
  async function link(trx: Transaction<DB>, actor: Actor, requestId: string, input: FeatureRequestAccountInput) {
    const account = await trx
      .selectFrom(liveAccounts(trx).as('a'))
      .select('a.id')
      .where('a.id', '=', input.accountId)
      .executeTakeFirst();
    if (!account) throw invalidField(['body', 'accountId'], 'errors.missingReference');
    if (input.contactId) {
      const contact = await trx
        .selectFrom(contactRows(trx).as('c'))
        .select('c.id')
        .where('c.id', '=', input.contactId)
        .where('c.account_id', '=', input.accountId)
        .executeTakeFirst();
      if (!contact) throw invalidField(['body', 'contactId'], 'errors.missingReference');
    }
    if (Boolean(input.sourceType) !== Boolean(input.sourceId))
      throw invalidField(['body', input.sourceType ? 'sourceId' : 'sourceType'], 'errors.missingReference');
    await trx
      .insertInto('feature_request_accounts')
      .values({
        request_id: requestId,
        account_id: input.accountId,
        contact_id: input.contactId ?? null,
        source_type: input.sourceType ?? null,
        source_id: input.sourceId ?? null,
        added_by: userIdOf(actor),
      })
      .onConflict((oc) =>
        oc.columns(['request_id', 'account_id']).doUpdateSet((eb) => ({
          contact_id: eb.fn.coalesce('excluded.contact_id', 'feature_request_accounts.contact_id'),
          source_type: eb.fn.coalesce('excluded.source_type', 'feature_request_accounts.source_type'),
          source_id: eb.fn.coalesce('excluded.source_id', 'feature_request_accounts.source_id'),
        })),
      )
      .execute();
    await audit.record(trx, actor, {
      action: 'link',
      entity: 'feature_request',
      entityId: requestId,
      after: { accountId: input.accountId, contactId: input.contactId ?? null },
    });
  }

  /**
   * Closes the loop of a shipped request: claims every requesting live account not yet told (one statement),
   * then opens a CTA for each one's owner through the CTA service, all in one set-based call. Claims whose
   * CTAs could not be opened are released, so the next save tries again.
   */
  async function closeLoop(actor: Actor, requestId: string, locale: Locale) {
    const request = await db
      .selectFrom('feature_requests')
      .select(['title', 'status'])
      .where('id', '=', requestId)
      .executeTakeFirst();
    if (request?.status !== 'shipped') return;
    const claimed = await db
      .updateTable('feature_request_accounts as fa')
      .set({ loop_claimed_at: clock.now() })
      .where('fa.request_id', '=', requestId)
      .where('fa.loop_claimed_at', 'is', null)
      .where('fa.account_id', 'not in', deletedAccountIds(db))
      .returning('fa.account_id')
      .execute();
    const due = new Date(`${today()}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + LOOP_DUE_DAYS);
    const title = translator(locale)('voc.ctaTitle', { title: request.title }).slice(0, 300);
    if (!claimed.length) return;
    const accountIds = claimed.map((c) => c.account_id);
    try {
      const ctaIds = await ctas.openMany(
        actor,
        accountIds.map((accountId) => ({
          accountId,
          type: 'advocacy' as const,
          title,
          priority: 'medium' as const,
          dueOn: due.toISOString().slice(0, 10),
        })),
      );
      await sql`
        update feature_request_accounts fa set loop_cta_id = t.cta_id
        from unnest(${accountIds}::uuid[], ${ctaIds.map((id) => id ?? null)}::uuid[]) as t (account_id, cta_id)
        where fa.request_id = ${requestId} and fa.account_id = t.account_id`.execute(db);
    } catch (error) {
      await db
        .updateTable('feature_request_accounts')
        .set({ loop_claimed_at: null })
        .where('request_id', '=', requestId)
        .where('account_id', 'in', accountIds)
        .execute();
      throw error;
    }
  }

  return {
    async list(query: FeatureRequestListQuery) {
      const filters = [sql`true`];
      if (query.q) filters.push(sql`(r.title ilike ${`%${query.q}%`} or r.description ilike ${`%${query.q}%`})`);
      if (query.status) filters.push(sql`r.status = ${query.status}`);
      if (query.accountId)
        filters.push(
          sql`exists (select 1 from feature_request_accounts x where x.request_id = r.id and x.account_id = ${query.accountId})`,
        );
      const order = query.order === 'asc' ? sql`asc` : sql`desc`;
      const tail = sql`order by ${SORTS[query.sort]} ${order} nulls last, r.created_at desc, r.id
        limit ${pageLimit(query)} offset ${pageOffset(query)}`;
      const { rows } = await summed(db, sql.join(filters, sql` and `), tail).execute(db);
      return { items: rows.map(toRequest), total: rows[0]?.total ?? 0 };
    },

    /** Open requests (new, planned) by ARR, for the report. */
    async topByArr(limit: number) {
      const { rows } = await summed(
        db,
        sql`r.status in ('new', 'planned')`,
        sql`order by s.arr_minor desc nulls last, r.created_at desc limit ${limit}`,
      ).execute(db);
      return rows.map(toRequest);
    },

    get: (id: string) => detail(id),

    async create(actor: Actor, input: FeatureRequestInput, locale: Locale) {
      const id = await db.transaction().execute(async (trx) => {
        const now = clock.now();
        const row = await trx
          .insertInto('feature_requests')
          .values({
            title: input.title,
            description: input.description || null,
            product_area: input.productArea || null,
            status: input.status,
            created_by: userIdOf(actor),
            updated_at: now,
            shipped_at: input.status === 'shipped' ? now : null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'feature_request', entityId: row.id, after: row });
        if (input.accountId) await link(trx, actor, row.id, { ...input, accountId: input.accountId });
        return row.id;
      });
      await closeLoop(actor, id, locale);
      return detail(id);
    },

    async update(actor: Actor, id: string, patch: FeatureRequestPatch, locale: Locale) {
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('feature_requests')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('featureRequest');
        const now = clock.now();
        const after = await trx
          .updateTable('feature_requests')
          .set({
            ...(patch.title !== undefined && { title: patch.title }),
            ...(patch.description !== undefined && { description: patch.description || null }),
            ...(patch.productArea !== undefined && { product_area: patch.productArea || null }),
            ...(patch.status !== undefined && {
              status: patch.status,
              shipped_at: patch.status === 'shipped' ? (before.shipped_at ?? now) : null,
            }),
            updated_at: now,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: before.status !== after.status ? 'status' : 'update',
          entity: 'feature_request',
          entityId: id,
          before,
          after,
        });
      });
      await closeLoop(actor, id, locale);
      return detail(id);
    },

    async addAccount(actor: Actor, id: string, input: FeatureRequestAccountInput, locale: Locale) {
      await db.transaction().execute(async (trx) => {
        const found = await trx.selectFrom('feature_requests').select('id').where('id', '=', id).executeTakeFirst();
        if (!found) throw notFound('featureRequest');
        await link(trx, actor, id, input);
      });
      await closeLoop(actor, id, locale);
      return detail(id);
    },

    async removeAccount(actor: Actor, id: string, accountId: string) {
      return db.transaction().execute(async (trx) => {
        const removed = await trx
          .deleteFrom('feature_request_accounts')
          .where('request_id', '=', id)
          .where('account_id', '=', accountId)
          .returningAll()
          .executeTakeFirst();
        if (!removed) throw notFound('featureRequest');
        await audit.record(trx, actor, { action: 'unlink', entity: 'feature_request', entityId: id, before: removed });
        return { ok: true as const };
      });
    },
  };
}
export type RequestService = ReturnType<typeof createRequestService>;
