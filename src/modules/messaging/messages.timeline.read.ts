import { sql } from 'kysely';

/**
 * The messaging read model for the account timeline: each send (sent, skipped with its reason, failed)
 * and each event after it (opened, clicked, bounced, replied, unsubscribed), test sends left out.
 * A reply's entry carries the reply's own text as its body. Email ones are `email` entries, other channels `system`. Columns as nps.timeline.read.ts.
 */
export function messageTimelineEntries(accountId: string) {
  return sql`
    select s.id::text as id, s.account_id, s.contact_id,
      case when s.channel = 'email' then 'email' else 'system' end::text as type, s.subject, null::text as body,
      jsonb_build_object(
        'key', case s.status when 'sent' then 'timeline.messageSent' when 'skipped' then 'timeline.messageSkipped'
          else 'timeline.messageFailed' end,
        'params', jsonb_build_object('template', s.template_name, 'address', coalesce(s.address, ''),
          'channel', s.channel, 'reason', coalesce(s.reason, '')),
        'sendId', s.id
      ) as data,
      null::uuid as author_id, coalesce(s.sent_at, s.claimed_at) as occurred_at, s.claimed_at as created_at
    from message_sends s
    where s.account_id = ${accountId} and not s.test and s.status in ('sent', 'skipped', 'failed')
    union all
    select e.id::text, s.account_id, s.contact_id,
      case when s.channel = 'email' then 'email' else 'system' end::text, s.subject, e.detail,
      jsonb_build_object(
        'key', 'timeline.message' || initcap(e.type),
        'params', jsonb_build_object('template', s.template_name, 'address', coalesce(s.address, ''),
          'url', coalesce(e.url, '')),
        'sendId', s.id
      ),
      null::uuid, e.occurred_at, e.occurred_at
    from message_events e join message_sends s on s.id = e.send_id
    where s.account_id = ${accountId} and not s.test`;
}
