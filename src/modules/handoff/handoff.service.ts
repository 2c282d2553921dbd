import { type Kysely, sql, type Transaction } from 'kysely';
import type { $ZodIssue } from 'zod/v4/core';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../http/errors.js';
import { type HandoffInput, type HandoffSettings, type HandoffView, involvementRule } from '../../shared/handoff.js';
import type { AccountService } from '../accounts/accounts.service.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { NotificationService } from '../notifications/notifications.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';

export interface HandoffDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  timeline: Pick<TimelineService, 'record'>;
  settings: Pick<SettingsService, 'get' | 'set'>;
  accounts: Pick<AccountService, 'get'>;
  /** Tells the account owner (the CSM) that the account is theirs now. */
  notifications?: Pick<NotificationService, 'notify'>;
}

type Row = Awaited<ReturnType<typeof load>>;
async function load(db: Kysely<DB>, accountId: string) {
  return db.selectFrom('handoffs').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

const filled = (value: string | undefined) => value !== undefined && value.trim() !== '';

/** The sales → CS handoff (seed 000-11): an agreed checklist, enforced before an account leaves sales. */
export function createHandoffService({ db, clock, audit, timeline, settings, accounts, notifications }: HandoffDeps) {
  function toView(accountId: string, row: Row, config: HandoffSettings): HandoffView {
    const answers = (row?.answers ?? {}) as Record<string, string>;
    const numbers = {
      dealSizeMinor: row?.deal_size_minor ?? null,
      salesCycleDays: row?.sales_cycle_days ?? null,
      implementationDays: row?.implementation_days ?? null,
    };
    return {
      accountId,
      status: row?.status ?? 'draft',
      answers,
      ...numbers,
      fields: config.fields,
      missing: config.fields.filter((f) => f.required && !filled(answers[f.key])).map((f) => f.key),
      involvement: involvementRule(numbers, config.thresholds),
      handedOverAt: row?.handed_over_at ?? null,
      handedOverBy: row?.handed_over_by ?? null,
      updatedAt: row?.updated_at ?? null,
    };
  }

  async function get(accountId: string): Promise<HandoffView> {
    await accounts.get(accountId);
    return toView(accountId, await load(db, accountId), await settings.get('handoff'));
  }

  return {
    get,

    /** Saves what sales filled in (a partial form is fine); answers merge with the stored ones. */
    async save(actor: Actor, accountId: string, input: HandoffInput): Promise<HandoffView> {
      await accounts.get(accountId);
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('handoffs')
          .selectAll()
          .where('account_id', '=', accountId)
          .forUpdate()
          .executeTakeFirst();
        const answers = { ...((before?.answers ?? {}) as Record<string, string>), ...(input.answers ?? {}) };
        const values = {
          answers: JSON.stringify(answers),
          deal_size_minor: input.dealSizeMinor !== undefined ? input.dealSizeMinor : (before?.deal_size_minor ?? null),
          sales_cycle_days:
            input.salesCycleDays !== undefined ? input.salesCycleDays : (before?.sales_cycle_days ?? null),
          implementation_days:
            input.implementationDays !== undefined ? input.implementationDays : (before?.implementation_days ?? null),
          updated_by: userIdOf(actor),
          updated_at: clock.now(),
        };
        await trx
          .insertInto('handoffs')
          .values({ account_id: accountId, ...values })
          .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
          .execute();
        await audit.record(trx, actor, {
          action: before ? 'update' : 'create',
          entity: 'handoff',
          entityId: accountId,
          before: before ?? null,
          after: { ...values, answers },
        });
      });
      return get(accountId);
    },

    /** Marks the account handed over to CS; refused (400, naming each missing field) until the checklist is complete. */
    async handOver(actor: Actor, accountId: string): Promise<HandoffView> {
      const view = await get(accountId);
      if (view.missing.length) {
        const issues = view.missing.map((key) => ({
          code: 'custom',
          path: ['answers', key],
          message: 'errors.handoffFieldRequired',
          input: view.answers[key] ?? null,
        }));
        throw new AppError(
          400,
          'handoff_incomplete',
          'errors.handoffIncomplete',
          { count: view.missing.length },
          issues as unknown as $ZodIssue[],
        );
      }
      if (view.status === 'handed_over') return view;
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('handoffs')
          .set({
            status: 'handed_over',
            handed_over_at: now,
            handed_over_by: userIdOf(actor),
            updated_at: now,
          })
          .where('account_id', '=', accountId)
          .execute();
        await audit.record(trx, actor, {
          action: 'hand_over',
          entity: 'handoff',
          entityId: accountId,
          before: { status: 'draft' },
          after: { status: 'handed_over' },
        });
        await timeline.record(trx, actor, accountId, {
          type: 'system',
          occurredAt: now,
          data: { key: 'timeline.handedOver', params: { rule: view.involvement.rule ?? '' } },
        });
      });
      const account = await accounts.get(accountId);
      if (account.ownerId && notifications) {
        await notifications.notify({
          userIds: [account.ownerId],
          event: 'handoff.completed',
          title: 'notifications.events.handoffCompleted.title',
          body: 'notifications.events.handoffCompleted.body',
          params: { account: account.name, by: actor.name },
          link: `/accounts/${accountId}`,
          accountId,
          key: `handoff:${accountId}`,
        });
      }
      return get(accountId);
    },

    /**
     * Connectors (a CRM's won deals): opens or fills the handoff of each account with the deal's size and
     * sales cycle, in one statement. Sales' own answers are kept; a handoff already handed over, or one
     * that already has these numbers, is left alone, so a re-run changes nothing.
     */
    async fromDeals(
      actor: Actor,
      deals: readonly { accountId: string; dealSizeMinor: number | null; salesCycleDays: number | null }[],
      trx: Transaction<DB>,
    ): Promise<{ inserted: number; updated: number; accountIds: string[] }> {
      // One deal per account: the last one given wins.
      const byAccount = [...new Map(deals.map((d) => [d.accountId, d])).values()];
      if (!byAccount.length) return { inserted: 0, updated: 0, accountIds: [] };
      const now = clock.now();
      const rows = await trx
        .insertInto('handoffs')
        .values(
          byAccount.map((d) => ({
            account_id: d.accountId,
            deal_size_minor: d.dealSizeMinor,
            sales_cycle_days: d.salesCycleDays,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc
            .column('account_id')
            .doUpdateSet((eb) => ({
              deal_size_minor: eb.ref('excluded.deal_size_minor'),
              sales_cycle_days: eb.ref('excluded.sales_cycle_days'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            .where('handoffs.status', '=', 'draft')
            .where(
              sql<boolean>`(handoffs.deal_size_minor, handoffs.sales_cycle_days) is distinct from (excluded.deal_size_minor, excluded.sales_cycle_days)`,
            ),
        )
        .returning(['account_id', 'deal_size_minor', 'sales_cycle_days', sql<boolean>`xmax = 0`.as('inserted')])
        .execute();
      for (const row of rows)
        await audit.record(trx, actor, {
          action: row.inserted ? 'create' : 'update',
          entity: 'handoff',
          entityId: row.account_id,
          after: { deal_size_minor: row.deal_size_minor, sales_cycle_days: row.sales_cycle_days },
        });
      const inserted = rows.filter((r) => r.inserted).length;
      return { inserted, updated: rows.length - inserted, accountIds: rows.map((r) => r.account_id) };
    },

    /** Accounts whose handoff is started or done (lifecycle: before payment they are in `handoff`). */
    async accountIds(): Promise<string[]> {
      return (await db.selectFrom('handoffs').select('account_id').execute()).map((r) => r.account_id);
    },

    settings: () => settings.get('handoff'),
    setSettings: (actor: Actor, value: HandoffSettings) => settings.set(actor, 'handoff', value),
  };
}

export type HandoffService = ReturnType<typeof createHandoffService>;
