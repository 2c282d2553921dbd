import { sql } from 'kysely';

/**
 * The surveys read model for the account timeline: CSAT and custom survey answers (NPS answers appear
 * through nps.timeline.read.ts, as the NPS answer they became). Same columns as that file.
 */
export function surveyTimelineEntries(accountId: string) {
  return sql`
    select s.id::text as id, s.account_id, s.contact_id, 'system'::text as type, null::text as subject,
      s.comment as body,
      jsonb_build_object(
        'key', 'surveys.timelineAnswered',
        'params', jsonb_build_object('survey', v.name, 'score', s.score,
          'max', case when v.scale = '0-10' then 10 else 5 end)
      ) as data,
      null::uuid as author_id, s.responded_at as occurred_at, s.responded_at as created_at
    from survey_sends s join surveys v on v.id = s.survey_id
    where s.account_id = ${accountId} and s.responded_at is not null and v.kind <> 'nps'`;
}
