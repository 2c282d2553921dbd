import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import type { SurveysTable } from '../../db/tables/surveys.js';
import { AppError, fromDatabaseError, invalidField } from '../../http/errors.js';
import {
  scaleOf,
  type SurveyInput,
  type SurveySendResult,
  type SurveyView,
  surveyInputSchema,
} from '../../shared/surveys.js';
import { LOCALES, type Locale, translator } from '../../i18n/index.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NpsService } from './nps.service.js';
import { createSurveyAnswers } from './surveys.respond.js';
import { type NpsTagLookup, surveyReport } from './surveys.report.js';
import { answerPath, SURVEY_LINK_PURPOSE, type SurveyMessaging, type SurveyReads } from './surveys.types.js';

/** How long an invitation's answer link works. */
export const ANSWER_DAYS = 30;
/** A send still `pending` this long after it was made is taken to be a crash, and no longer throttles. */
const PENDING_MINUTES = 10;
const CHUNK = 1000;

export interface SurveyDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  /** Resolved when a survey is sent: messaging is a leaf module built after the core services. */
  messaging: () => SurveyMessaging;
  reads: SurveyReads;
  segments: { memberIds(id: string): Promise<string[]>; listAll(): Promise<{ id: string; name: string }[]> };
  nps: Pick<NpsService, 'record'>;
  timeZone: string;
  npsTags?: NpsTagLookup;
  /** Where answer links point (TENURE_PUBLIC_URL). */
  publicUrl: string;
}

type Row = Selectable<SurveysTable>;

/** The question in each language an in-app prompt may be shown in: the survey's own, else the kind's standard one. */
function promptQuestion(survey: Row): Partial<Record<Locale, string>> {
  const own = survey.question ?? {};
  const question: Partial<Record<Locale, string>> = {};
  for (const locale of LOCALES) {
    const standard = survey.kind === 'custom' ? undefined : translator(locale)(`surveys.page.question.${survey.kind}`);
    const text = own[locale]?.trim() || standard || Object.values(own).find((q) => q?.trim());
    if (text) question[locale] = text;
  }
  return question;
}

/** Survey definitions and sending invitations (docs/surveys.md). */
export function createSurveyService(deps: SurveyDeps) {
  const { db, clock, audit, reads } = deps;
  const base = deps.publicUrl.replace(/\/+$/, '');

  const counts = async () => {
    const rows = await db
      .selectFrom('survey_sends')
      .select((eb) => [
        'survey_id',
        eb.fn.count<number>('sent_at').as('sent'),
        eb.fn.count<number>('responded_at').as('responded'),
      ])
      .groupBy('survey_id')
      .execute();
    return new Map(rows.map((r) => [r.survey_id, { sent: Number(r.sent), responded: Number(r.responded) }]));
  };
  const toView = (r: Row, c?: { sent: number; responded: number }): SurveyView => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    scale: r.scale,
    question: r.question ?? {},
    templateId: r.template_id,
    throttleDays: r.throttle_days,
    active: r.active,
    sent: c?.sent ?? 0,
    responded: c?.responded ?? 0,
    createdAt: new Date(r.created_at),
  });

  async function row(id: string): Promise<Row> {
    const found = await db.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!found) throw new AppError(404, 'not_found', 'errors.surveyNotFound');
    return found;
  }

  /** Checks what zod cannot: the template exists, a custom survey asks something. */
  async function values(input: SurveyInput) {
    const parsed = surveyInputSchema.parse(input);
    try {
      await deps.messaging().templates.row(parsed.templateId);
    } catch {
      throw invalidField(['body', 'templateId'], 'errors.surveyTemplateUnknown');
    }
    const question = Object.fromEntries(Object.entries(parsed.question).filter(([, q]) => q?.trim()));
    if (parsed.kind === 'custom' && !Object.keys(question).length)
      throw invalidField(['body', 'question', 'en'], 'errors.surveyQuestionRequired');
    return {
      name: parsed.name,
      kind: parsed.kind,
      scale: scaleOf(parsed.kind, parsed.scale),
      question: JSON.stringify(question),
      template_id: parsed.templateId,
      throttle_days: parsed.throttleDays,
      active: parsed.active,
    };
  }

  const saved = async <T>(work: () => Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      throw fromDatabaseError(error) ?? error;
    }
  };

  return {
    /** The public answer page (surveys.public.ts). */
    answers: createSurveyAnswers(deps),
    async report(id: string) {
      return surveyReport(deps, await row(id));
    },

    async list(): Promise<SurveyView[]> {
      const [rows, c] = await Promise.all([db.selectFrom('surveys').selectAll().orderBy('name').execute(), counts()]);
      return rows.map((r) => toView(r, c.get(r.id)));
    },
    row,

    async create(actor: Actor, input: SurveyInput): Promise<SurveyView> {
      const v = await values(input);
      const created = await saved(() =>
        db.transaction().execute(async (trx) => {
          const r = await trx
            .insertInto('surveys')
            .values({ ...v, created_by: actor.type === 'user' ? actor.id : null })
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit.record(trx, actor, { action: 'create', entity: 'survey', entityId: r.id, after: r });
          return r;
        }),
      );
      return toView(created);
    },

    async update(actor: Actor, id: string, input: SurveyInput): Promise<SurveyView> {
      const before = await row(id);
      const v = await values(input);
      const after = await saved(() =>
        db.transaction().execute(async (trx) => {
          const r = await trx
            .updateTable('surveys')
            .set({ ...v, updated_at: clock.now() })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit.record(trx, actor, { action: 'update', entity: 'survey', entityId: id, before, after: r });
          return r;
        }),
      );
      return toView(after, (await counts()).get(id));
    },

    /**
     * Invites one contact, an account's contacts or a segment's accounts' contacts, selected in one
     * statement. A contact sent any survey within this survey's throttle window is skipped (`throttled`);
     * the others go through messaging's sendMany, whose consent checks may skip them too (its reason).
     */
    async send(
      actor: Actor,
      id: string,
      target: { contactId?: string; accountId?: string; segmentId?: string },
    ): Promise<SurveySendResult> {
      const survey = await row(id);
      if (!survey.active) throw invalidField(['params', 'id'], 'errors.surveyInactive');
      const accountIds = target.segmentId
        ? await deps.segments.memberIds(target.segmentId)
        : target.accountId
          ? [target.accountId]
          : [];
      const now = clock.now();
      const scope = target.contactId
        ? sql`c.id = ${target.contactId}::uuid`
        : sql`c.account_id = any(${accountIds}::uuid[])`;
      const { rows } = await sql<{ id: string; account_id: string; throttled: boolean }>`
        select c.id, c.account_id, exists (
          select 1 from survey_sends s where s.contact_id = c.id and (
            (s.status = 'sent' and s.sent_at > ${now}::timestamptz - make_interval(days => ${survey.throttle_days}))
            or (s.status = 'pending' and s.created_at > ${now}::timestamptz - make_interval(mins => ${PENDING_MINUTES})))
        ) as throttled
        from ${reads.contacts(db)} c join ${reads.accounts(db)} a on a.id = c.account_id
        where c.deleted_at is null and ${scope}
        order by c.id`.execute(db);
      if (target.contactId && !rows.length) throw invalidField(['body', 'contactId'], 'errors.surveyNoContact');

      const skipped: Record<string, number> = {};
      const skip = (reason: string, n = 1) => {
        if (n) skipped[reason] = (skipped[reason] ?? 0) + n;
      };
      const fresh = rows.filter((r) => !r.throttled);
      skip('throttled', rows.length - fresh.length);
      const result = { selected: rows.length, sent: 0, skipped, failed: 0 };
      if (!fresh.length) return result;

      const messaging = deps.messaging();
      const ids = fresh.map(() => randomUUID());
      const tokens = await messaging.signLinks(SURVEY_LINK_PURPOSE, ids);
      const expires = new Date(now.getTime() + ANSWER_DAYS * 86_400_000);
      const targets = fresh.map((r, i) => ({
        id: ids[i]!,
        survey_id: survey.id,
        account_id: r.account_id,
        contact_id: r.id,
        token: tokens[i]!,
        status: 'pending' as const,
        created_at: now,
        expires_at: expires,
      }));
      for (let i = 0; i < targets.length; i += CHUNK)
        await db
          .insertInto('survey_sends')
          .values(targets.slice(i, i + CHUNK))
          .execute();

      const sends = await messaging.sendMany({
        templateId: survey.template_id,
        contactIds: targets.map((t) => t.contact_id),
        idempotencyKey: `survey:${randomUUID()}`,
        variables: Object.fromEntries(
          targets.map((t) => [
            t.contact_id,
            {
              survey: {
                link: `${base}${answerPath}?t=${t.token}`,
                // Used when the invitation's template is in-app: the snippet asks the question itself.
                prompt: { token: t.token, kind: survey.kind, scale: survey.scale, question: promptQuestion(survey) },
              },
            },
          ]),
        ),
      });
      const byContact = new Map(sends.map((s) => [s.contactId, s]));
      const outcome = targets.map((t) => {
        const s = byContact.get(t.contact_id);
        // A webhook invitation is queued for delivery: the contact was invited.
        const status = !s
          ? 'skipped'
          : s.status === 'sent' || s.status === 'queued'
            ? 'sent'
            : s.status === 'skipped'
              ? 'skipped'
              : 'failed';
        const reason = !s ? 'no_recipient' : status === 'skipped' ? (s.reason ?? 'skipped') : null;
        if (status === 'sent') result.sent++;
        else if (status === 'failed') result.failed++;
        else skip(reason!);
        return { id: t.id, status, reason, send: s?.id ?? null, locale: s?.locale ?? null };
      });
      await sql`
        update survey_sends s set status = u.status, reason = u.reason, message_send_id = u.send, locale = u.locale,
          sent_at = case when u.status = 'sent' then ${now}::timestamptz end
        from unnest(${outcome.map((o) => o.id)}::uuid[], ${outcome.map((o) => o.status)}::text[],
          ${outcome.map((o) => o.reason)}::text[], ${outcome.map((o) => o.send)}::uuid[], ${outcome.map((o) => o.locale)}::text[])
          as u(id, status, reason, send, locale)
        where s.id = u.id`.execute(db);
      await audit.record(db, actor, {
        action: 'send',
        entity: 'survey',
        entityId: survey.id,
        after: { target, ...result },
      });
      return result;
    },
  };
}

export type SurveyService = ReturnType<typeof createSurveyService>;
