import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { accountRows } from '../accounts/accounts.read.js';
import type { NotificationService } from '../notifications/notifications.service.js';
import type { OpportunityInput } from '../../shared/renewals.js';
import type { CtaHooks } from './events.js';

/**
 * How CTA events reach the rest of the team: an opened or reassigned CTA notifies its owner, a
 * flagged one its owner and the CS managers (in-app, digest and the chat robots subscribed to the
 * event); an expansion CTA becomes an expansion opportunity in the renewals module, once per CTA.
 * Names are read once per event so the notification can say which account and rule it is about.
 */
export function ctaCollaborators({
  db,
  notifications,
  createOpportunity,
}: {
  db: Kysely<DB>;
  notifications: Pick<NotificationService, 'notify'>;
  createOpportunity: (input: OpportunityInput) => Promise<unknown>;
}): CtaHooks {
  const describe = (ctaId: string) =>
    db
      .selectFrom('ctas')
      .innerJoin(accountRows(db).as('accounts'), 'accounts.id', 'ctas.account_id')
      .leftJoin('cta_rules', 'cta_rules.id', 'ctas.rule_id')
      .select([
        'accounts.name as account',
        'cta_rules.name as rule',
        'ctas.title',
        'ctas.due_on',
        'ctas.flag_reason',
        'ctas.owner_id',
      ])
      .where('ctas.id', '=', ctaId)
      .executeTakeFirst();

  return {
    async notify(n) {
      const cta = await describe(n.ctaId);
      if (!cta) return;
      const flagged = n.event === 'cta.flagged';
      const kind = flagged ? 'ctaFlagged' : 'ctaAssigned';
      const userIds = [n.userId, flagged ? cta.owner_id : null].filter((id): id is string => Boolean(id));
      await notifications.notify({
        userIds,
        role: flagged ? 'cs_manager' : undefined,
        event: flagged ? 'cta.flagged' : 'cta.assigned',
        title: `notifications.events.${kind}.title`,
        body: `notifications.events.${kind}.body`,
        params: {
          title: cta.title ?? cta.rule ?? '',
          account: cta.account,
          due: cta.due_on,
          reason: cta.flag_reason ?? '',
        },
        link: `/ctas?cta=${n.ctaId}`,
        accountId: n.accountId,
        key: `${n.event}:${n.ctaId}:${userIds.join(',')}`,
      });
    },
    async onOpened(cta) {
      if (cta.type !== 'expansion') return;
      const described = await describe(cta.id);
      await createOpportunity({
        accountId: cta.account_id,
        title: described?.title ?? described?.rule ?? 'Expansion',
        source: 'rule',
        sourceRef: cta.id,
        ownerId: cta.owner_id,
      });
    },
  };
}
