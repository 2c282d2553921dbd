import { sql } from 'kysely';

/**
 * The journeys read model for the account timeline: entering a journey and leaving it (with the reason).
 * Its sends appear through messaging's entries. Columns as messages.timeline.read.ts.
 */
export function journeyTimelineEntries(accountId: string) {
  return sql`
    select p.id::text || ':in' as id, p.account_id, p.contact_id, 'system'::text as type, null::text as subject,
      null::text as body,
      jsonb_build_object('key', 'timeline.journeyEntered', 'params', jsonb_build_object('journey', j.name),
        'journeyId', j.id) as data,
      null::uuid as author_id, p.entered_at as occurred_at, p.entered_at as created_at
    from journey_participants p join journeys j on j.id = p.journey_id
    where p.account_id = ${accountId}
    union all
    select p.id::text || ':out', p.account_id, p.contact_id, 'system'::text, null::text, null::text,
      jsonb_build_object('key', 'timeline.journeyLeft', 'params', jsonb_build_object('journey', j.name,
        'reason', p.left_reason), 'journeyId', j.id),
      null::uuid, p.left_at, p.left_at
    from journey_participants p join journeys j on j.id = p.journey_id
    where p.account_id = ${accountId} and p.left_at is not null`;
}
