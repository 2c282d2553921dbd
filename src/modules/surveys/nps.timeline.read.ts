import { sql } from 'kysely';

/**
 * The surveys read model for the account timeline: each NPS answer as a timeline entry (the comment
 * as its body), read where it is stored so imported answers and API ones appear alike.
 * Columns: id, account_id, contact_id, type, subject, body, data, author_id, occurred_at, created_at.
 */
export function npsTimelineEntries(accountId: string) {
  return sql`
    select n.id::text as id, n.account_id, n.contact_id, 'nps'::text as type, null::text as subject,
      n.comment as body,
      jsonb_build_object(
        'key', 'timeline.npsAnswered',
        'params', jsonb_build_object('score', n.score,
          'npsCategory', case when n.score >= 9 then 'promoter' when n.score >= 7 then 'passive' else 'detractor' end)
      ) as data,
      null::uuid as author_id, n.responded_at as occurred_at, n.responded_at as created_at
    from nps_responses n
    where n.account_id = ${accountId}`;
}
