import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { TIERS } from '../../shared/accounts.js';
import type { DeckLanguage, ReviewCadence, ReviewInput, ReviewKind, ReviewStatus } from '../../shared/reviews.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { activityRows } from '../timeline/activities.read.js';
import { userRows } from '../users/users.read.js';
import { reviewDueRows } from './reviews.read.js';

/**
 * What logging a review needs of the CTA module: a rule run for the account, so the `review_due` CTA of the
 * review just held is cleared at once (its fact no longer holds). Named here rather than imported as the
 * CTA service's type: the CTA triggers read this module's read model, and the import would be a cycle.
 */
export interface ReviewRuleRunner {
  runRules(input: { accountIds: string[]; actor: Actor }): Promise<unknown>;
}

export interface ReviewDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  defaultLocale: DeckLanguage;
  audit: Pick<AuditService, 'record'>;
  timeline: Pick<TimelineService, 'add'>;
  ctas?: ReviewRuleRunner;
}

/** How many past reviews the panel lists; older ones stay on the timeline. */
const HISTORY = 20;

const kindOf = (data: unknown): ReviewKind =>
  (data as Record<string, unknown> | null)?.kind === 'ebr' ? 'ebr' : 'qbr';

/** Business reviews (docs/business-reviews.md): cadence per tier, when the next is due, logging one. */
export function createReviewService({ db, clock, timeZone, defaultLocale, audit, timeline, ctas }: ReviewDeps) {
  async function cadences(q: Kysely<DB> = db): Promise<ReviewCadence[]> {
    const rows = await q.selectFrom('review_cadences').select(['tier', 'months', 'kind']).execute();
    const byTier = new Map(rows.map((r) => [r.tier, r]));
    // Every tier is listed, in the catalogue's order; one without a row has no reviews.
    return TIERS.map((tier) => {
      const r = byTier.get(tier);
      return { tier, months: r?.months ?? null, kind: r?.kind ?? 'qbr' };
    });
  }

  async function status(accountId: string): Promise<ReviewStatus> {
    const account = await db
      .selectFrom(liveAccounts(db).as('a'))
      .select(['a.id', 'a.tier', 'a.attributes'])
      .where('a.id', '=', accountId)
      .executeTakeFirst();
    if (!account) throw notFound('account');
    const today = clock.today(timeZone);
    const [all, due, history] = await Promise.all([
      cadences(),
      sql<{ last_on: string | null; due_on: string }>`select last_on, due_on from ${reviewDueRows(db, {
        today,
        tz: timeZone,
        accountIds: [accountId],
      })} r`.execute(db),
      db
        .selectFrom(activityRows(db).as('x'))
        .leftJoin(userRows(db).as('u'), 'u.id', 'x.author_id')
        .select(['x.id', 'x.data', 'x.occurred_at', 'x.subject', 'x.body', 'u.name as author_name'])
        .where('x.account_id', '=', accountId)
        .where('x.type', '=', 'qbr')
        .orderBy('x.occurred_at', 'desc')
        .orderBy('x.id', 'desc')
        .limit(HISTORY)
        .execute(),
    ]);
    const cadence = all.find((c) => c.tier === account.tier && c.months !== null) ?? null;
    const row = due.rows[0];
    const stated = (account.attributes as Record<string, unknown> | null)?.language;
    return {
      tier: account.tier,
      cadence,
      lastOn: row?.last_on ?? null,
      dueOn: row?.due_on ?? null,
      overdue: row ? row.due_on < today : false,
      language: stated === 'en' || stated === 'zh-CN' ? stated : defaultLocale,
      history: history.map((h) => ({
        id: h.id,
        kind: kindOf(h.data),
        occurredAt: new Date(h.occurred_at),
        subject: h.subject,
        body: h.body,
        authorName: h.author_name,
      })),
    };
  }

  return {
    cadences: () => cadences(),
    status,

    /** Replaces the cadences of the tiers given (admin; audited with before and after). */
    async setCadences(actor: Actor, items: ReviewCadence[]) {
      await db.transaction().execute(async (trx) => {
        const before = await cadences(trx);
        if (items.length)
          await trx
            .insertInto('review_cadences')
            .values(
              items.map((i) => ({
                tier: i.tier,
                months: i.months,
                kind: i.kind,
                updated_by: userIdOf(actor),
                updated_at: clock.now(),
              })),
            )
            .onConflict((oc) =>
              oc.column('tier').doUpdateSet((eb) => ({
                months: eb.ref('excluded.months'),
                kind: eb.ref('excluded.kind'),
                updated_by: eb.ref('excluded.updated_by'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            )
            .execute();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'review_cadences',
          entityId: null,
          before,
          after: await cadences(trx),
        });
      });
      return cadences();
    },

    /**
     * Logs a held review on the timeline (type `qbr`, the kind in its data), then runs the CTA rules for the
     * account: the next review is now due a cadence later, so the open `review_due` CTA is cleared.
     */
    async log(actor: Actor, accountId: string, input: ReviewInput) {
      await status(accountId); // 404 for an unknown or deleted account
      await timeline.add(actor, accountId, {
        type: 'qbr',
        subject: input.subject ?? null,
        body: input.body ?? null,
        occurredAt: input.occurredAt,
        data: { kind: input.kind },
      });
      await ctas?.runRules({ accountIds: [accountId], actor });
      return status(accountId);
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
