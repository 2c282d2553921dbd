import { type Kysely, type Selectable, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import type { SurveysTable } from '../../db/tables/surveys.js';
import { AppError, fromDatabaseError, invalidField } from '../../http/errors.js';
import {
  scaleOf,
  type SurveyInputBody,
  type SurveySendResult,
  type SurveyView,
  surveyInputSchema,
} from '../../shared/surveys.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NpsService } from './nps.service.js';
import { createSurveyAnswers } from './surveys.respond.js';
import { type NpsTagLookup, surveyReport } from './surveys.report.js';
import { invite, throttled } from './surveys.invite.js';
import { surveyClosedTickets } from './surveys.tickets.js';
import type { SurveyMessaging, SurveyReads } from './surveys.types.js';

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

/** Survey definitions and sending invitations (docs/surveys.md). */
export function createSurveyService(deps: SurveyDeps) {
  const { db, clock, audit, reads } = deps;

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
    onTicketClose: r.on_ticket_close,
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
  async function values(input: SurveyInputBody) {
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
      on_ticket_close: parsed.onTicketClose,
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
    /**
     * Invites contacts another module chose, each exactly once per claim key (a journey's survey step:
     * `journey:<participant>:<step>:<contact>`), throttling as any send. An inactive survey sends nothing.
     */
    async inviteClaimed(
      id: string,
      invitees: readonly { contactId: string; accountId: string; claimKey: string }[],
    ): Promise<SurveySendResult> {
      const survey = await row(id);
      if (!survey.active || !invitees.length) return { selected: 0, sent: 0, skipped: {}, failed: 0 };
      const now = clock.now();
      const { rows } = await sql<{ id: string; throttled: boolean }>`
        select c.id, ${throttled(sql`c.id`, now, survey.throttle_days)} as throttled
        from ${reads.contacts(db)} c where c.id = any(${invitees.map((i) => i.contactId)}::uuid[])`.execute(db);
      const isThrottled = new Map(rows.map((r) => [r.id, r.throttled]));
      return invite(
        deps,
        survey,
        invitees
          .filter((i) => isThrottled.has(i.contactId))
          .map((i) => ({ ...i, throttled: isThrottled.get(i.contactId)! })),
      );
    },
    /** Surveys the requesters of newly closed tickets (surveys.tickets.ts; the `surveys-ticket-closed` job). */
    surveyClosedTickets: () => surveyClosedTickets(deps),
    async report(id: string) {
      return surveyReport(deps, await row(id));
    },

    async list(): Promise<SurveyView[]> {
      const [rows, c] = await Promise.all([db.selectFrom('surveys').selectAll().orderBy('name').execute(), counts()]);
      return rows.map((r) => toView(r, c.get(r.id)));
    },
    row,

    async create(actor: Actor, input: SurveyInputBody): Promise<SurveyView> {
      const v = await values(input);
      const created = await saved(() =>
        db.transaction().execute(async (trx) => {
          const r = await trx
            .insertInto('surveys')
            .values({
              ...v,
              ticket_close_since: v.on_ticket_close ? clock.now() : null,
              created_by: userIdOf(actor),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit.record(trx, actor, { action: 'create', entity: 'survey', entityId: r.id, after: r });
          return r;
        }),
      );
      return toView(created);
    },

    async update(actor: Actor, id: string, input: SurveyInputBody): Promise<SurveyView> {
      const before = await row(id);
      const v = await values(input);
      const after = await saved(() =>
        db.transaction().execute(async (trx) => {
          const r = await trx
            .updateTable('surveys')
            // Switched on now: tickets closed before this moment are not surveyed.
            .set({
              ...v,
              ticket_close_since:
                v.on_ticket_close && !before.on_ticket_close ? clock.now() : before.ticket_close_since,
              updated_at: clock.now(),
            })
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
        select c.id, c.account_id, ${throttled(sql`c.id`, now, survey.throttle_days)} as throttled
        from ${reads.contacts(db)} c join ${reads.accounts(db)} a on a.id = c.account_id
        where c.deleted_at is null and ${scope}
        order by c.id`.execute(db);
      if (target.contactId && !rows.length) throw invalidField(['body', 'contactId'], 'errors.surveyNoContact');
      const result = await invite(
        deps,
        survey,
        rows.map((r) => ({ contactId: r.id, accountId: r.account_id, throttled: r.throttled })),
      );
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
