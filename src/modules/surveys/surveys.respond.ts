import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import type { SurveyKind, SurveyScale } from '../../shared/surveys.js';
import { systemActor } from '../audit/actor.js';
import type { NpsService } from './nps.service.js';
import { SURVEY_LINK_PURPOSE, type SurveyMessaging } from './surveys.types.js';

export interface Invitation {
  sendId: string;
  surveyName: string;
  kind: SurveyKind;
  scale: SurveyScale;
  question: Partial<Record<'zh-CN' | 'en', string>>;
  locale: string | null;
  answered: boolean;
}

export type Opened =
  | { state: 'invalid' }
  | { state: 'expired'; invitation: Invitation }
  | { state: 'open' | 'answered'; invitation: Invitation };

export type Answered =
  | Opened
  | { state: 'badScore'; invitation: Invitation }
  | { state: 'thanks'; invitation: Invitation };

export const scaleRange = (scale: SurveyScale) => (scale === '0-10' ? { min: 0, max: 10 } : { min: 1, max: 5 });

/**
 * The public answer page's logic: the signed token is the only authentication. An answer is written once
 * (the first submit wins, a second changes nothing); an NPS answer also becomes an NPS answer through the
 * NPS service, so health, the promoter/detractor rules, advocacy and the timeline see it.
 */
export function createSurveyAnswers(deps: {
  db: Kysely<DB>;
  clock: Clock;
  messaging: () => Pick<SurveyMessaging, 'verifyLink'>;
  nps: Pick<NpsService, 'record'>;
}) {
  const { db, clock } = deps;

  async function open(token: string): Promise<Opened> {
    const id = await deps.messaging().verifyLink(SURVEY_LINK_PURPOSE, token);
    if (!id) return { state: 'invalid' };
    const row = await db
      .selectFrom('survey_sends as s')
      .innerJoin('surveys as v', 'v.id', 's.survey_id')
      .select([
        's.id',
        's.status',
        's.expires_at',
        's.responded_at',
        's.locale',
        'v.name',
        'v.kind',
        'v.scale',
        'v.question',
      ])
      .where('s.id', '=', id)
      .where('s.token', '=', token)
      .executeTakeFirst();
    if (!row || row.status !== 'sent') return { state: 'invalid' };
    const invitation: Invitation = {
      sendId: row.id,
      surveyName: row.name,
      kind: row.kind,
      scale: row.scale,
      question: row.question ?? {},
      locale: row.locale,
      answered: row.responded_at !== null,
    };
    if (invitation.answered) return { state: 'answered', invitation };
    if (new Date(row.expires_at) < clock.now()) return { state: 'expired', invitation };
    return { state: 'open', invitation };
  }

  return {
    open,

    async answer(token: string, input: { score: number | undefined; comment: string | undefined }): Promise<Answered> {
      const opened = await open(token);
      if (opened.state !== 'open') return opened;
      const { invitation } = opened;
      const { min, max } = scaleRange(invitation.scale);
      const score = input.score;
      if (score === undefined || !Number.isInteger(score) || score < min || score > max)
        return { state: 'badScore', invitation };
      const comment = input.comment?.trim().slice(0, 5000) || null;
      const now = clock.now();
      // The first submit claims the answer; a second (a double tap, a reload) finds it taken and changes nothing.
      const claimed = await db
        .updateTable('survey_sends')
        .set({ responded_at: now, score, comment })
        .where('id', '=', invitation.sendId)
        .where('responded_at', 'is', null)
        .returning(['id', 'account_id', 'contact_id'])
        .executeTakeFirst();
      if (!claimed) return { state: 'answered', invitation };
      if (invitation.kind === 'nps') {
        const answer = { score, comment, respondedAt: now.toISOString(), externalId: `survey:${claimed.id}` };
        const recorded = await deps.nps
          .record(systemActor, claimed.account_id, { ...answer, contactId: claimed.contact_id })
          // The contact may have been removed since the invitation; the answer still counts for the account.
          .catch(() => deps.nps.record(systemActor, claimed.account_id, { ...answer, contactId: null }));
        await db
          .updateTable('survey_sends')
          .set({ nps_response_id: recorded.id })
          .where('id', '=', claimed.id)
          .execute();
      }
      return { state: 'thanks', invitation: { ...invitation, answered: true } };
    },
  };
}

export type SurveyAnswers = ReturnType<typeof createSurveyAnswers>;
