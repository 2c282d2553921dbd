import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { AdvocacyKind, AdvocacyStage, DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NpsService } from '../surveys/nps.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import type { HealthSource, RenewalService } from './renewals.service.js';

/**
 * Advocacy (客户营销): promoters become candidates for references, case studies, reviews,
 * referrals and event talks (seed 004: 重点关注和利用拥护度高和优质客户). A candidate's latest NPS
 * is 9–10, it renewed at least once, and — when health scores exist — its health is green.
 */
export function createAdvocacyService({
  db,
  clock,
  audit,
  timeline,
  accounts,
  nps,
  renewals,
  health,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  timeline: Pick<TimelineService, 'record'>;
  accounts: Pick<AccountService, 'briefs'>;
  nps: Pick<NpsService, 'latestByAccount'>;
  renewals: Pick<RenewalService, 'renewedAccounts'>;
  health?: HealthSource;
}) {
  async function advocates(accountId?: string) {
    let q = db.selectFrom('advocates').selectAll();
    if (accountId) q = q.where('account_id', '=', accountId);
    const rows = await q.orderBy('updated_at', 'desc').orderBy('id').execute();
    const briefs = await accounts.briefs([...new Set(rows.map((r) => r.account_id))]);
    return rows.flatMap((r) => {
      const account = briefs.get(r.account_id);
      return account
        ? [
            {
              id: r.id,
              accountId: r.account_id,
              accountName: account.name,
              contactId: r.contact_id,
              kind: r.kind,
              stage: r.stage,
              notes: r.notes,
              createdAt: r.created_at,
              updatedAt: r.updated_at,
            },
          ]
        : [];
    });
  }

  return {
    /** Promoters who qualify, computed from three set-based reads (NPS, renewals, health). */
    async candidates() {
      const [latest, renewed] = await Promise.all([nps.latestByAccount(), renewals.renewedAccounts()]);
      let ids = [...latest.entries()].filter(([id, n]) => n.score >= 9 && renewed.has(id)).map(([id]) => id);
      if (health && ids.length) {
        const scores = await health.primaryForAccounts(ids);
        // Known health must be green; an account not scored yet is not held against.
        ids = ids.filter((id) => !scores.has(id) || scores.get(id)!.color === 'green');
      }
      const [briefs, tracked] = await Promise.all([accounts.briefs(ids), advocates()]);
      const kinds = new Map<string, string[]>();
      for (const a of tracked) kinds.set(a.accountId, [...(kinds.get(a.accountId) ?? []), a.kind]);
      return ids
        .filter((id) => briefs.has(id))
        .map((id) => ({
          accountId: id,
          accountName: briefs.get(id)!.name,
          ownerName: briefs.get(id)!.ownerName,
          npsScore: latest.get(id)!.score,
          npsAt: latest.get(id)!.respondedAt,
          trackedKinds: kinds.get(id) ?? [],
        }))
        .sort((a, b) => b.npsScore - a.npsScore || a.accountName.localeCompare(b.accountName));
    },

    list: advocates,

    /** Tracks an ask; the same account and kind again updates the existing one. */
    async track(
      actor: Actor,
      input: {
        accountId: string;
        kind: AdvocacyKind;
        stage: AdvocacyStage;
        contactId?: string | null;
        notes?: string | null;
      },
    ) {
      if (!(await accounts.briefs([input.accountId])).has(input.accountId)) throw notFound('account');
      const row = await db.transaction().execute(async (trx) => {
        const saved = await trx
          .insertInto('advocates')
          .values({
            account_id: input.accountId,
            kind: input.kind,
            stage: input.stage,
            contact_id: input.contactId ?? null,
            notes: input.notes ?? null,
            created_at: clock.now(),
            updated_at: clock.now(),
          })
          .onConflict((oc) =>
            oc
              .columns(['account_id', 'kind'])
              .doUpdateSet({ stage: input.stage, notes: input.notes ?? null, updated_at: clock.now() }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'upsert', entity: 'advocate', entityId: saved.id, after: saved });
        await timeline.record(trx, actor, input.accountId, {
          type: 'system',
          data: { key: 'timeline.advocacy', params: { kind: saved.kind, stage: saved.stage } },
        });
        return saved;
      });
      return (await advocates(row.account_id)).find((a) => a.id === row.id)!;
    },

    async update(actor: Actor, id: string, patch: { stage?: AdvocacyStage; notes?: string | null }) {
      const row = await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('advocates')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('advocate');
        const after = await trx
          .updateTable('advocates')
          .set({
            ...(patch.stage ? { stage: patch.stage } : {}),
            ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'update', entity: 'advocate', entityId: id, before, after });
        if (before.stage !== after.stage)
          await timeline.record(trx, actor, after.account_id, {
            type: 'system',
            data: { key: 'timeline.advocacy', params: { kind: after.kind, stage: after.stage } },
          });
        return after;
      });
      return (await advocates(row.account_id)).find((a) => a.id === id)!;
    },

    async referrals(accountId?: string) {
      let q = db.selectFrom('referrals').selectAll();
      if (accountId) q = q.where('account_id', '=', accountId);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id').execute();
      const briefs = await accounts.briefs([
        ...new Set(rows.flatMap((r) => [r.account_id, ...(r.referred_account_id ? [r.referred_account_id] : [])])),
      ]);
      return rows.flatMap((r) => {
        const account = briefs.get(r.account_id);
        if (!account) return [];
        const referred = r.referred_account_id ? briefs.get(r.referred_account_id) : undefined;
        return [
          {
            id: r.id,
            accountId: r.account_id,
            accountName: account.name,
            referredCompany: r.referred_company,
            status: r.status,
            referredAccountId: r.referred_account_id,
            referredAccountName: referred?.name ?? null,
            becameCustomer: r.status === 'won' || r.referred_account_id !== null,
            notes: r.notes,
            createdAt: r.created_at,
            updatedAt: r.updated_at,
          },
        ];
      });
    },

    async addReferral(
      actor: Actor,
      input: {
        accountId: string;
        referredCompany: string;
        status: 'introduced' | 'in_talks' | 'won' | 'lost';
        referredAccountId?: string | null;
        notes?: string | null;
      },
    ) {
      if (!(await accounts.briefs([input.accountId])).has(input.accountId)) throw notFound('account');
      const row = await db.transaction().execute(async (trx) => {
        const saved = await trx
          .insertInto('referrals')
          .values({
            account_id: input.accountId,
            referred_company: input.referredCompany,
            status: input.status,
            referred_account_id: input.referredAccountId ?? null,
            notes: input.notes ?? null,
            created_at: clock.now(),
            updated_at: clock.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'referral', entityId: saved.id, after: saved });
        await timeline.record(trx, actor, input.accountId, {
          type: 'system',
          data: { key: 'timeline.referral', params: { company: saved.referred_company } },
        });
        return saved;
      });
      return (await this.referrals(row.account_id)).find((r) => r.id === row.id)!;
    },

    async updateReferral(
      actor: Actor,
      id: string,
      patch: {
        referredCompany?: string;
        status?: 'introduced' | 'in_talks' | 'won' | 'lost';
        referredAccountId?: string | null;
        notes?: string | null;
      },
    ) {
      const row = await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('referrals')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('referral');
        const after = await trx
          .updateTable('referrals')
          .set({
            ...(patch.referredCompany !== undefined ? { referred_company: patch.referredCompany } : {}),
            ...(patch.status !== undefined ? { status: patch.status } : {}),
            ...(patch.referredAccountId !== undefined ? { referred_account_id: patch.referredAccountId } : {}),
            ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'update', entity: 'referral', entityId: id, before, after });
        return after;
      });
      return (await this.referrals(row.account_id)).find((r) => r.id === id)!;
    },
  };
}

export type AdvocacyService = ReturnType<typeof createAdvocacyService>;
