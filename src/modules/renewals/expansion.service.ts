import { type Kysely, type Selectable, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB, ExpansionOpportunitiesTable } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import {
  OPPORTUNITY_STAGES,
  type OpportunityInput,
  type OpportunityPatch,
  type OpportunityStage,
  opportunityInput,
} from '../../shared/renewals.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import type { UserService } from '../users/users.service.js';
import { pageLimit, pageOffset } from '../../db/page-window.js';

type Row = Selectable<ExpansionOpportunitiesTable> & { account_name: string; owner_name: string | null };

const toView = (r: Row) => ({
  id: r.id,
  accountId: r.account_id,
  accountName: r.account_name,
  title: r.title,
  source: r.source,
  sourceRef: r.source_ref,
  ticketId: r.ticket_id,
  stage: r.stage,
  amountMinor: r.amount_minor,
  currency: r.currency.trim(),
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  expectedCloseOn: r.expected_close_on,
  product: r.product,
  notes: r.notes,
  createdByName: r.created_by_name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at,
});
export type OpportunityView = ReturnType<typeof toView>;

const CLOSED: OpportunityStage[] = ['won', 'lost'];

/**
 * Expansion opportunities (seed 000-06: seats near the limit, interest in a new module, a value
 * point not yet bought), raised by rules, by support from a ticket, or by hand, and moved through
 * identified → qualified → proposal → won / lost. Every stage change is kept.
 */
export function createExpansionService({
  db,
  clock,
  audit,
  timeline,
  accounts,
  users,
  baseCurrency,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  timeline: Pick<TimelineService, 'record'>;
  accounts: Pick<AccountService, 'briefs'>;
  users: Pick<UserService, 'list'>;
  baseCurrency: string;
}) {
  /** Account and owner names through their services (deleted accounts' opportunities drop out). */
  async function named(rows: Selectable<ExpansionOpportunitiesTable>[]) {
    const [briefs, team] = await Promise.all([
      accounts.briefs([...new Set(rows.map((r) => r.account_id))]),
      users.list(),
    ]);
    const names = new Map(team.map((u) => [u.id, u.name]));
    return rows.flatMap((r) => {
      const account = briefs.get(r.account_id);
      return account
        ? [
            toView({
              ...r,
              account_name: account.name,
              owner_name: r.owner_id ? (names.get(r.owner_id) ?? null) : null,
            }),
          ]
        : [];
    });
  }

  async function get(id: string) {
    const row = await db.selectFrom('expansion_opportunities').selectAll().where('id', '=', id).executeTakeFirst();
    const [view] = row ? await named([row]) : [];
    if (!view) throw notFound('opportunity');
    return view;
  }

  return {
    get,

    /**
     * Creates an opportunity. With a source reference (a rule's CTA, a ticket) it is idempotent:
     * calling again with the same source and reference returns the existing one unchanged.
     */
    async createOpportunity(actor: Actor, raw: OpportunityInput): Promise<OpportunityView & { created: boolean }> {
      const input = opportunityInput.parse(raw);
      const ref = input.sourceRef ?? (input.ticketId ? `ticket:${input.ticketId}` : undefined);
      // An opportunity raised from a ticket comes from support, whoever typed it in.
      const source = input.ticketId && input.source === 'manual' ? 'support' : input.source;
      const account = (await accounts.briefs([input.accountId])).get(input.accountId);
      if (!account) throw notFound('account');
      const id = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('expansion_opportunities')
          .values({
            account_id: input.accountId,
            title: input.title,
            source,
            source_ref: ref ?? null,
            ticket_id: input.ticketId ?? null,
            stage: input.stage,
            amount_minor: input.amountMinor,
            currency: input.currency ?? baseCurrency,
            owner_id: input.ownerId === undefined ? account.ownerId : input.ownerId,
            expected_close_on: input.expectedCloseOn ?? null,
            product: input.product ?? null,
            notes: input.notes ?? null,
            created_by_name: actor.name,
            created_at: clock.now(),
            updated_at: clock.now(),
            closed_at: CLOSED.includes(input.stage) ? clock.now() : null,
          })
          .onConflict((oc) => oc.columns(['source', 'source_ref']).where('source_ref', 'is not', null).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!inserted) return undefined;
        await trx
          .insertInto('expansion_stage_history')
          .values({
            opportunity_id: inserted.id,
            from_stage: null,
            to_stage: inserted.stage,
            actor_name: actor.name,
            at: clock.now(),
          })
          .execute();
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'opportunity',
          entityId: inserted.id,
          after: inserted,
        });
        await timeline.record(trx, actor, input.accountId, {
          type: 'system',
          data: { key: 'timeline.opportunityCreated', params: { title: inserted.title, source: inserted.source } },
        });
        return inserted.id;
      });
      if (id) return { ...(await get(id)), created: true };
      const existing = await db
        .selectFrom('expansion_opportunities')
        .select('id')
        .where('source', '=', source)
        .where('source_ref', '=', ref!)
        .executeTakeFirstOrThrow();
      return { ...(await get(existing.id)), created: false };
    },

    async update(actor: Actor, id: string, patch: OpportunityPatch) {
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('expansion_opportunities')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('opportunity');
        const stageChanged = patch.stage !== undefined && patch.stage !== before.stage;
        const after = await trx
          .updateTable('expansion_opportunities')
          .set({
            ...(patch.title !== undefined ? { title: patch.title } : {}),
            ...(patch.stage !== undefined ? { stage: patch.stage } : {}),
            ...(patch.amountMinor !== undefined ? { amount_minor: patch.amountMinor } : {}),
            ...(patch.currency !== undefined ? { currency: patch.currency } : {}),
            ...(patch.ownerId !== undefined ? { owner_id: patch.ownerId } : {}),
            ...(patch.expectedCloseOn !== undefined ? { expected_close_on: patch.expectedCloseOn } : {}),
            ...(patch.product !== undefined ? { product: patch.product } : {}),
            ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
            ...(stageChanged ? { closed_at: CLOSED.includes(patch.stage!) ? clock.now() : null } : {}),
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (stageChanged) {
          await trx
            .insertInto('expansion_stage_history')
            .values({
              opportunity_id: id,
              from_stage: before.stage,
              to_stage: after.stage,
              actor_name: actor.name,
              at: clock.now(),
            })
            .execute();
          await timeline.record(trx, actor, before.account_id, {
            type: 'system',
            data: {
              key: 'timeline.opportunityStage',
              params: { title: after.title, fromStage: before.stage, toStage: after.stage },
            },
          });
        }
        await audit.record(trx, actor, { action: 'update', entity: 'opportunity', entityId: id, before, after });
      });
      return get(id);
    },

    async history(id: string) {
      await get(id);
      const rows = await db
        .selectFrom('expansion_stage_history')
        .selectAll()
        .where('opportunity_id', '=', id)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ fromStage: r.from_stage, toStage: r.to_stage, actorName: r.actor_name, at: r.at }));
    },

    /** Opportunities (optionally one account's or one stage's), newest first, with totals per stage. */
    async list(query: { accountId?: string; stage?: OpportunityStage; page: number; pageSize: number }) {
      let q = db.selectFrom('expansion_opportunities');
      if (query.accountId) q = q.where('account_id', '=', query.accountId);
      if (query.stage) q = q.where('stage', '=', query.stage);
      const [rows, count, totals] = await Promise.all([
        q
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(pageLimit(query))
          .offset(pageOffset(query))
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        (query.accountId
          ? db.selectFrom('expansion_opportunities').where('account_id', '=', query.accountId)
          : db.selectFrom('expansion_opportunities')
        )
          .select([
            'stage',
            'currency',
            sql<number>`count(*)::int`.as('n'),
            sql<number>`sum(amount_minor)::bigint`.as('amount'),
          ])
          .groupBy(['stage', 'currency'])
          .execute(),
      ]);
      const byStage = OPPORTUNITY_STAGES.map((stage) => ({
        stage,
        count: totals.filter((t) => t.stage === stage).reduce((s, t) => s + Number(t.n), 0),
        amounts: totals
          .filter((t) => t.stage === stage)
          .map((t) => ({ currency: t.currency.trim(), amountMinor: Number(t.amount) })),
      }));
      return { items: await named(rows), total: Number(count.n), byStage };
    },
  };
}

export type ExpansionService = ReturnType<typeof createExpansionService>;
