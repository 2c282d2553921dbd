import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { SurveyKind, SurveyReport } from '../../shared/surveys.js';
import type { SurveyReads } from './surveys.types.js';

/** Tags on NPS answers (voc's read model), passed by src/services.ts: voc reads this module's answers. */
export type NpsTagLookup = (
  npsResponseIds: string[],
) => Promise<Map<string, { id: string; nameZh: string; nameEn: string }[]>>;

/** NPS: %promoters − %detractors; CSAT: % answering 4–5; custom: the mean, one decimal. Null without answers. */
export function surveyScore(kind: SurveyKind, scores: readonly number[]): number | null {
  if (!scores.length) return null;
  const share = (n: number) => (100 * n) / scores.length;
  if (kind === 'nps')
    return Math.round(share(scores.filter((s) => s >= 9).length) - share(scores.filter((s) => s <= 6).length));
  if (kind === 'csat') return Math.round(share(scores.filter((s) => s >= 4).length));
  return Math.round((10 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 10;
}

const VERBATIMS = 200;

/** One survey's report: response rate, score by month and by segment, the latest comments with their tags. */
export async function surveyReport(
  deps: {
    db: Kysely<DB>;
    reads: SurveyReads;
    timeZone: string;
    segments: {
      listAll(): Promise<{ id: string; name: string }[]>;
      memberIds(id: string): Promise<string[]>;
    };
    npsTags?: NpsTagLookup;
  },
  survey: { id: string; kind: SurveyKind; scale: SurveyReport['scale'] },
): Promise<SurveyReport> {
  const { db, reads } = deps;
  const [totals, answers, verbatims, segments] = await Promise.all([
    db
      .selectFrom('survey_sends')
      .select((eb) => [eb.fn.count<number>('sent_at').as('sent'), eb.fn.count<number>('responded_at').as('responded')])
      .where('survey_id', '=', survey.id)
      .executeTakeFirstOrThrow(),
    sql<{ account_id: string; score: number; month: string }>`
      select s.account_id, s.score, to_char(s.responded_at at time zone ${deps.timeZone}, 'YYYY-MM') as month
      from survey_sends s where s.survey_id = ${survey.id} and s.responded_at is not null`.execute(db),
    sql<{
      id: string;
      account_id: string;
      account_name: string;
      contact_name: string | null;
      score: number;
      comment: string;
      responded_at: Date;
      nps_response_id: string | null;
    }>`
      select s.id, s.account_id, a.name as account_name, c.name as contact_name, s.score, s.comment, s.responded_at,
        s.nps_response_id
      from survey_sends s join ${reads.accounts(db)} a on a.id = s.account_id
      left join ${reads.contacts(db)} c on c.id = s.contact_id
      where s.survey_id = ${survey.id} and s.responded_at is not null and coalesce(s.comment, '') <> ''
      order by s.responded_at desc, s.id limit ${VERBATIMS}`.execute(db),
    deps.segments.listAll(),
  ]);
  const rows = answers.rows;
  const months = new Map<string, number[]>();
  for (const r of rows) months.set(r.month, [...(months.get(r.month) ?? []), r.score]);
  const bySegment = await Promise.all(
    segments.map(async (s) => {
      const members = new Set(await deps.segments.memberIds(s.id));
      const scores = rows.filter((r) => members.has(r.account_id)).map((r) => r.score);
      return { segmentId: s.id, name: s.name, responses: scores.length, score: surveyScore(survey.kind, scores) };
    }),
  );
  const npsIds = verbatims.rows.flatMap((v) => (v.nps_response_id ? [v.nps_response_id] : []));
  const tags = deps.npsTags && npsIds.length ? await deps.npsTags(npsIds) : new Map();
  const sent = Number(totals.sent);
  const responded = Number(totals.responded);
  return {
    kind: survey.kind,
    scale: survey.scale,
    sent,
    responded,
    responseRate: sent ? responded / sent : null,
    score: surveyScore(
      survey.kind,
      rows.map((r) => r.score),
    ),
    trend: [...months.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, scores]) => ({ month, responses: scores.length, score: surveyScore(survey.kind, scores) })),
    bySegment: bySegment.filter((s) => s.responses > 0),
    verbatims: verbatims.rows.map((v) => ({
      id: v.id,
      accountId: v.account_id,
      accountName: v.account_name,
      contactName: v.contact_name,
      score: v.score,
      comment: v.comment,
      respondedAt: new Date(v.responded_at),
      tags: (v.nps_response_id && tags.get(v.nps_response_id)) || [],
    })),
  };
}
