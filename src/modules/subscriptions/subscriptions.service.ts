import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { SubscriptionVersionsTable } from '../../db/tables/hub.js';
import type { DB } from '../../db/types.js';
import { type SubscriptionVersionView, type VersionInput, versionInputSchema } from '../../shared/subscriptions.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AccountScope } from '../accounts/accounts.read.js';
import { contractTerms } from './contracts.read.js';
import { type Payment, recordFirstPayments } from './first-payment.sql.js';

/**
 * Subscriptions as versions: each row is one period of constant terms. The revenue metrics read
 * these rows; a change of terms ends one version on the day the next one starts.
 */
export interface BulkVersion {
  accountId: string;
  subscriptionExternalId: string;
  plan: string | null;
  quantity: number;
  amountMinor: number;
  currency: string;
  interval: 'month' | 'quarter' | 'year';
  startsOn: string;
  endsOn: string | null;
  status: 'active' | 'trialing' | 'past_due' | 'canceled';
}

type VersionRow = Selectable<SubscriptionVersionsTable> & { subscription_external_id: string | null };

const toView = (r: VersionRow): SubscriptionVersionView => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  subscriptionExternalId: r.subscription_external_id,
  plan: r.plan,
  quantity: r.quantity,
  amountMinor: r.amount_minor,
  currency: r.currency.trim(),
  interval: r.interval,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  status: r.status,
});

export function createSubscriptionService({
  db,
  audit,
}: {
  db: Kysely<DB>;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
}) {
  /**
   * Upserts versions in a few statements: subscriptions by external id, versions by subscription and
   * start date (the last row for a pair wins, as it would row by row). A version the row would not
   * change is left alone, and the answer says how many were inserted and updated, so a re-run of the
   * same rows (a connector's deals, an import) changes nothing and reports 0.
   */
  async function syncVersions(actor: Actor, versions: BulkVersion[], trx: Transaction<DB>) {
    if (!versions.length) return { inserted: 0, updated: 0, accountIds: [] as string[] };
    const subscriptionKeys = [...new Map(versions.map((v) => [v.subscriptionExternalId, v.accountId])).entries()];
    await trx
      .insertInto('subscriptions')
      .values(subscriptionKeys.map(([external_id, account_id]) => ({ external_id, account_id })))
      .onConflict((oc) => oc.column('external_id').doNothing())
      .execute();
    const subscriptionIds = new Map(
      (
        await trx
          .selectFrom('subscriptions')
          .select(['id', 'external_id'])
          .where(
            'external_id',
            'in',
            subscriptionKeys.map(([k]) => k),
          )
          .execute()
      ).map((r) => [r.external_id!, r.id]),
    );
    // The last row for a (subscription, start) wins, as it would row by row.
    const unique = new Map(versions.map((v) => [`${v.subscriptionExternalId}|${v.startsOn}`, v]));
    const rows = await trx
      .insertInto('subscription_versions')
      .values(
        [...unique.values()].map((v) => ({
          subscription_id: subscriptionIds.get(v.subscriptionExternalId)!,
          account_id: v.accountId,
          plan: v.plan,
          quantity: v.quantity,
          amount_minor: v.amountMinor,
          currency: v.currency,
          interval: v.interval,
          starts_on: v.startsOn,
          ends_on: v.endsOn,
          status: v.status,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['subscription_id', 'starts_on'])
          .doUpdateSet((eb) => ({
            account_id: eb.ref('excluded.account_id'),
            plan: eb.ref('excluded.plan'),
            quantity: eb.ref('excluded.quantity'),
            amount_minor: eb.ref('excluded.amount_minor'),
            currency: eb.ref('excluded.currency'),
            interval: eb.ref('excluded.interval'),
            ends_on: eb.ref('excluded.ends_on'),
            status: eb.ref('excluded.status'),
          }))
          .where(
            sql<boolean>`(subscription_versions.account_id, subscription_versions.plan, subscription_versions.quantity,
              subscription_versions.amount_minor, subscription_versions.currency, subscription_versions.interval,
              subscription_versions.ends_on, subscription_versions.status) is distinct from
              (excluded.account_id, excluded.plan, excluded.quantity, excluded.amount_minor, excluded.currency,
              excluded.interval, excluded.ends_on, excluded.status)`,
          ),
      )
      .returning(['id', 'account_id', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
    if (rows.length)
      await audit.record(trx, actor, {
        action: 'import',
        entity: 'subscription_version',
        entityId: null,
        after: { versions: rows.length },
      });
    const accountIds = [...new Set(rows.map((r) => r.account_id))];
    await recordFirstPayments(trx, audit, actor, { accountIds });
    const inserted = rows.filter((r) => r.inserted).length;
    return { inserted, updated: rows.length - inserted, accountIds };
  }

  return {
    /** When each account's contract renews or ends after a day (see contracts.read.ts); accounts without a paying subscription are absent. */
    contractTerms: (asOfDay: string, scope?: AccountScope) => contractTerms(db, asOfDay, scope),

    async listForAccount(accountId: string): Promise<SubscriptionVersionView[]> {
      const rows = await db
        .selectFrom('subscription_versions as v')
        .innerJoin('subscriptions as s', 's.id', 'v.subscription_id')
        .selectAll('v')
        .select('s.external_id as subscription_external_id')
        .where('v.account_id', '=', accountId)
        .orderBy('v.starts_on', 'desc')
        .execute();
      return rows.map(toView);
    },

    /** One version as the API shows it. */
    async getVersion(id: string): Promise<SubscriptionVersionView> {
      const row = await db
        .selectFrom('subscription_versions as v')
        .innerJoin('subscriptions as s', 's.id', 'v.subscription_id')
        .selectAll('v')
        .select('s.external_id as subscription_external_id')
        .where('v.id', '=', id)
        .executeTakeFirstOrThrow();
      return toView(row);
    },

    /**
     * Payments known outside the versions (paid Stripe invoices): they set the first payment date
     * when earlier than the one recorded (first-payment.sql.ts). In the caller's transaction.
     */
    recordPayments: (actor: Actor, payments: Payment[], trx: Transaction<DB>) =>
      recordFirstPayments(trx, audit, actor, { payments }),

    /**
     * Bulk upsert of versions (imports, the demo): as `syncVersions`, answering how many versions it
     * stored or changed. Re-importing the same rows changes nothing.
     */
    async upsertVersions(actor: Actor, versions: BulkVersion[], trx: Transaction<DB>) {
      const { inserted, updated } = await syncVersions(actor, versions, trx);
      return inserted + updated;
    },

    syncVersions,

    /**
     * Stores one version (upsert by subscription and start date), creating the subscription the
     * first time its external id is seen. Runs in the caller's transaction when given one.
     */
    async recordVersion(actor: Actor, accountId: string, raw: VersionInput, outer?: Transaction<DB>) {
      const input = versionInputSchema.parse(raw);
      const run = async (trx: Transaction<DB>) => {
        let subscriptionId: string | undefined;
        if (input.subscriptionExternalId) {
          subscriptionId = (
            await trx
              .selectFrom('subscriptions')
              .select('id')
              .where('external_id', '=', input.subscriptionExternalId)
              .executeTakeFirst()
          )?.id;
        }
        subscriptionId ??= (
          await trx
            .insertInto('subscriptions')
            .values({ account_id: accountId, external_id: input.subscriptionExternalId ?? null })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        const values = {
          subscription_id: subscriptionId,
          account_id: accountId,
          plan: input.plan ?? null,
          quantity: input.quantity,
          amount_minor: input.amountMinor,
          currency: input.currency,
          interval: input.interval,
          starts_on: input.startsOn,
          ends_on: input.endsOn ?? null,
          status: input.status,
        };
        const row = await trx
          .insertInto('subscription_versions')
          .values(values)
          .onConflict((oc) => oc.columns(['subscription_id', 'starts_on']).doUpdateSet(values))
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'upsert',
          entity: 'subscription_version',
          entityId: row.id,
          after: row,
        });
        await recordFirstPayments(trx, audit, actor, { accountIds: [accountId] });
        return row;
      };
      return outer ? run(outer) : db.transaction().execute(run);
    },

    /** The versions of the subscription with this external id, oldest first (in the caller's transaction). */
    async versionsOf(subscriptionExternalId: string, trx: Transaction<DB>) {
      return trx
        .selectFrom('subscription_versions as v')
        .innerJoin('subscriptions as s', 's.id', 'v.subscription_id')
        .selectAll('v')
        .where('s.external_id', '=', subscriptionExternalId)
        .orderBy('v.starts_on')
        .execute();
    },

    /** Removes one version (a period that turned out never to have been in service). */
    async removeVersion(actor: Actor, id: string, trx: Transaction<DB>) {
      const before = await trx
        .deleteFrom('subscription_versions')
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (before)
        await audit.record(trx, actor, { action: 'delete', entity: 'subscription_version', entityId: id, before });
    },
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
