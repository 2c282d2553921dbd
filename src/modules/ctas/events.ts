import { type Kysely, type Transaction, sql } from 'kysely';
import type { CtaPriority, CtaType, DB } from '../../db/types.js';

/** What a freshly opened CTA looks like to hooks and notifications. */
export interface OpenedCta {
  id: string;
  account_id: string;
  owner_id: string | null;
  type: CtaType;
  priority: CtaPriority;
  due_on: string;
  rule_id: string | null;
  reason_key: string;
  reason_params: Record<string, unknown>;
}

/** A notification request; ctas/collaborators.ts maps it onto services.notifications.notify. */
export interface CtaNotification {
  event: 'cta.opened' | 'cta.assigned' | 'cta.flagged';
  ctaId: string;
  accountId: string;
  /** Who should hear about it (the owner, or for flags the owner and the managers). */
  userId: string | null;
  type: CtaType;
  priority: CtaPriority;
  reasonKey: string;
  reasonParams: Record<string, unknown>;
}

export interface CtaHooks {
  notify?: (notification: CtaNotification) => Promise<unknown>;
  /** Called for every CTA opened (expansion CTAs feed the renewals module's opportunities). */
  onOpened?: (cta: OpenedCta) => Promise<unknown>;
}

export function createCtaEvents(hooks: CtaHooks) {
  const notification = (event: CtaNotification['event'], c: OpenedCta, userId = c.owner_id): CtaNotification => ({
    event,
    ctaId: c.id,
    accountId: c.account_id,
    userId,
    type: c.type,
    priority: c.priority,
    reasonKey: c.reason_key,
    reasonParams: c.reason_params,
  });
  return {
    /** After commit: hooks never see a CTA that a rollback removed. */
    async opened(ctas: OpenedCta[]) {
      for (const c of ctas) {
        if (hooks.notify) await hooks.notify(notification('cta.opened', c));
        if (hooks.onOpened) await hooks.onOpened(c);
      }
    },
    async assigned(c: OpenedCta) {
      if (hooks.notify) await hooks.notify(notification('cta.assigned', c));
    },
    async flagged(c: OpenedCta) {
      if (hooks.notify) await hooks.notify(notification('cta.flagged', c));
    },
  };
}
export type CtaEvents = ReturnType<typeof createCtaEvents>;

/** Copies a playbook's tasks onto new CTAs, each due its offset after the opening day (one statement). */
export async function insertPlaybookTasks(
  trx: Kysely<DB> | Transaction<DB>,
  playbookId: string | null,
  ctaIds: string[],
  today: string,
) {
  if (!playbookId || !ctaIds.length) return;
  await sql`
    insert into cta_tasks (cta_id, key, position, title, due_on, owner_role, email_template)
    select c.id, t.key, t.position, t.title, ${today}::date + t.due_days, t.owner_role, t.email_template
    from unnest(${ctaIds}::uuid[]) as c (id) cross join playbook_tasks t
    where t.playbook_id = ${playbookId}::uuid`.execute(trx);
}
