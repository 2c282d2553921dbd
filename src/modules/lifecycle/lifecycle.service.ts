import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import type {
  LifecycleDurations,
  LifecycleRunResult,
  LifecycleSettings,
  LifecycleStage,
  LifecycleView,
} from '../../shared/lifecycle.js';
import type { AccountService } from '../accounts/accounts.service.js';
import { type Actor, systemActor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { segmentRows } from '../segments/segments.read.js';
import type { SegmentService } from '../segments/segments.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { SubscriptionService } from '../subscriptions/subscriptions.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { userRows } from '../users/users.read.js';
import { applyStages, computedStage, type StageInputs } from './lifecycle.sql.js';

export interface LifecycleDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  timeline: Pick<TimelineService, 'record' | 'recordMany'>;
  settings: Pick<SettingsService, 'get' | 'set'>;
  subscriptions: Pick<SubscriptionService, 'contractTerms'>;
  segments: Pick<SegmentService, 'rules'>;
  accounts: Pick<AccountService, 'idsMatching' | 'get'>;
  /** Accounts with a handoff started or done; wired to the handoff service. */
  handoffAccountIds?: () => Promise<string[]>;
}

/** Lifecycle stages (docs/lifecycle.md): computed from dates for every account at once, overridable by hand. */
export function createLifecycleService(deps: LifecycleDeps) {
  const { db, clock, timeZone, audit, settings } = deps;

  /** Per-account durations: the first segment listed in the settings that an account belongs to. */
  async function durations(config: LifecycleSettings): Promise<Map<string, LifecycleDurations>> {
    const map = new Map<string, LifecycleDurations>();
    for (const { segmentId, ...d } of config.segments) {
      const rules = await deps.segments.rules(segmentId).catch(() => null);
      if (!rules) continue; // a deleted segment no longer decides anything
      for (const id of await deps.accounts.idsMatching(rules)) if (!map.has(id)) map.set(id, d);
    }
    return map;
  }

  async function inputs(accountIds?: string[]): Promise<StageInputs> {
    const today = clock.today(timeZone);
    const config = await settings.get('lifecycle');
    const [terms, perAccount, handoffAccountIds] = await Promise.all([
      deps.subscriptions.contractTerms(today, accountIds),
      durations(config),
      deps.handoffAccountIds?.() ?? Promise.resolve([]),
    ]);
    return {
      today,
      now: clock.now(),
      terms,
      defaults: config.defaults,
      durations: perAccount,
      handoffAccountIds,
      accountIds,
    };
  }

  async function view(accountId: string): Promise<LifecycleView> {
    const account = await deps.accounts.get(accountId);
    const override = await db
      .selectFrom('lifecycle_overrides as o')
      .leftJoin(userRows(db).as('u'), 'u.id', 'o.set_by')
      .select(['o.stage', 'o.reason', 'o.set_by', 'o.set_at', 'u.name as set_by_name'])
      .where('o.account_id', '=', accountId)
      .executeTakeFirst();
    const stage = (account.lifecycleStage ?? null) as LifecycleStage | null;
    return {
      accountId,
      stage,
      computedStage: override
        ? await computedStage(db, { ...(await inputs([accountId])), accountIds: [accountId] })
        : stage,
      override: override
        ? {
            stage: override.stage as LifecycleStage,
            reason: override.reason,
            setBy: override.set_by,
            setByName: override.set_by_name,
            setAt: override.set_at,
          }
        : null,
    };
  }

  return {
    /** Recomputes every account's stage (or only `accountIds`); changes go to the timeline and the audit log. */
    async run(actor: Actor, accountIds?: string[]): Promise<LifecycleRunResult> {
      const input = await inputs(accountIds);
      const changed = await db.transaction().execute(async (trx) => {
        const rows = await applyStages(trx, input);
        // A system entry per change (no author, even when a person started the run).
        await deps.timeline.recordMany(
          trx,
          rows.map((r) => ({
            actor: systemActor,
            accountId: r.accountId,
            activity: {
              type: 'system' as const,
              data: {
                key: 'timeline.stageChanged',
                params: { from: r.from ?? '—', to: r.to },
                source: 'lifecycle',
              },
              occurredAt: input.now,
            },
          })),
        );
        await audit.recordMany(
          trx,
          actor,
          rows.map((r) => ({
            action: 'update',
            entity: 'account',
            entityId: r.accountId,
            before: { lifecycle_stage: r.from },
            after: { lifecycle_stage: r.to },
          })),
        );
        return rows;
      });
      return { asOf: input.today, changed };
    },

    view,

    /** Sets the stage by hand, with a reason; it stays until cleared. */
    async setOverride(actor: Actor, accountId: string, stage: LifecycleStage, reason: string): Promise<LifecycleView> {
      await deps.accounts.get(accountId);
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('lifecycle_overrides')
          .selectAll()
          .where('account_id', '=', accountId)
          .executeTakeFirst();
        const values = {
          account_id: accountId,
          stage,
          reason,
          set_by: userIdOf(actor),
          set_at: clock.now(),
        };
        await trx
          .insertInto('lifecycle_overrides')
          .values(values)
          .onConflict((oc) =>
            oc.column('account_id').doUpdateSet({ stage, reason, set_by: values.set_by, set_at: values.set_at }),
          )
          .execute();
        await audit.record(trx, actor, {
          action: before ? 'update' : 'create',
          entity: 'lifecycle_override',
          entityId: accountId,
          before: before ?? null,
          after: values,
        });
      });
      await this.run(actor, [accountId]);
      return view(accountId);
    },

    async clearOverride(actor: Actor, accountId: string): Promise<LifecycleView> {
      const removed = await db.transaction().execute(async (trx) => {
        const row = await trx
          .deleteFrom('lifecycle_overrides')
          .where('account_id', '=', accountId)
          .returningAll()
          .executeTakeFirst();
        if (row)
          await audit.record(trx, actor, {
            action: 'delete',
            entity: 'lifecycle_override',
            entityId: accountId,
            before: row,
            after: null,
          });
        return row;
      });
      if (!removed) throw notFound('lifecycleOverride');
      await this.run(actor, [accountId]);
      return view(accountId);
    },

    settings: () => settings.get('lifecycle'),
    async setSettings(actor: Actor, value: LifecycleSettings) {
      const ids = value.segments.map((s) => s.segmentId);
      const known = new Set(
        ids.length
          ? (await db.selectFrom(segmentRows(db).as('s')).select('s.id').where('s.id', 'in', ids).execute()).map(
              (r) => r.id,
            )
          : [],
      );
      const missing = value.segments.findIndex((s) => !known.has(s.segmentId));
      if (missing >= 0) throw invalidField(['body', 'segments', missing, 'segmentId'], 'errors.missingReference');
      return settings.set(actor, 'lifecycle', value);
    },
  };
}

export type LifecycleService = ReturnType<typeof createLifecycleService>;
