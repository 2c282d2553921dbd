import { z } from 'zod';
import { endpoint, pageQuery, paged } from './endpoint.js';

const accountParams = z.object({ id: z.uuid() });

export const npsInputSchema = z.object({
  score: z.number().int().min(0).max(10),
  comment: z.string().trim().max(5000).nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  /** Default: now. */
  respondedAt: z.iso.datetime({ offset: true }).optional(),
  /** The survey tool's response id; an import of the same id stores nothing twice. */
  externalId: z.string().trim().max(200).nullable().optional(),
});
export type NpsAnswerInput = z.infer<typeof npsInputSchema>;

export const npsCategory = (score: number) => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

export const npsResponseSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  externalId: z.string().nullable(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  score: z.number().int(),
  category: z.enum(['promoter', 'passive', 'detractor']),
  comment: z.string().nullable(),
  respondedAt: z.date(),
});
export type NpsResponseView = z.infer<typeof npsResponseSchema>;

/** NPS answers of an account (src/shared/endpoint.ts). */
export const npsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/nps',
    params: accountParams,
    query: pageQuery,
    response: paged(npsResponseSchema),
  }),
  record: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/nps',
    params: accountParams,
    body: npsInputSchema,
    response: npsResponseSchema,
    status: 201,
  }),
};

/* Surveys sent by Tenure (docs/surveys.md): definitions, sending, the report. */

export const SURVEY_KINDS = ['nps', 'csat', 'custom'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const SURVEY_SCALES = ['0-10', '1-5'] as const;
export type SurveyScale = (typeof SURVEY_SCALES)[number];
/** NPS is asked 0–10 and CSAT 1–5 always; a custom question chooses. */
export const scaleOf = (kind: SurveyKind, chosen?: SurveyScale): SurveyScale =>
  kind === 'nps' ? '0-10' : kind === 'csat' ? '1-5' : (chosen ?? '1-5');

const question = z.string().trim().max(500);
export const surveyInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(SURVEY_KINDS),
  scale: z.enum(SURVEY_SCALES).optional(),
  /** Per language; empty means the kind's default question (a custom survey needs at least one). */
  question: z.object({ 'zh-CN': question.optional(), en: question.optional() }).default({}),
  templateId: z.uuid(),
  throttleDays: z.number().int().min(0).max(3650).default(90),
  active: z.boolean().default(true),
  /** Sent by itself, once per ticket, to the requester of every support ticket closed from now on. */
  onTicketClose: z.boolean().default(false),
});
export type SurveyInput = z.infer<typeof surveyInputSchema>;
/** What a client sends (defaults not yet applied). */
export type SurveyInputBody = z.input<typeof surveyInputSchema>;

export const surveySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(SURVEY_KINDS),
  scale: z.enum(SURVEY_SCALES),
  question: z.object({ 'zh-CN': z.string().optional(), en: z.string().optional() }),
  templateId: z.string(),
  throttleDays: z.number().int(),
  active: z.boolean(),
  onTicketClose: z.boolean(),
  sent: z.number().int(),
  responded: z.number().int(),
  createdAt: z.date(),
});
export type SurveyView = z.infer<typeof surveySchema>;

/** Exactly one of contact, account or segment. */
export const surveySendInputSchema = z
  .object({ contactId: z.uuid().optional(), accountId: z.uuid().optional(), segmentId: z.uuid().optional() })
  .refine((b) => [b.contactId, b.accountId, b.segmentId].filter(Boolean).length === 1, {
    path: ['accountId'],
    message: 'errors.surveyOneTarget',
  });

export const surveySendResultSchema = z.object({
  /** Contacts selected before throttling. */
  selected: z.number().int(),
  sent: z.number().int(),
  /** Reason → count: `throttled` (surveyed within the window) or messaging's skip reason (unsubscribed …). */
  skipped: z.record(z.string(), z.number().int()),
  failed: z.number().int(),
});
export type SurveySendResult = z.infer<typeof surveySendResultSchema>;

export const surveyReportSchema = z.object({
  kind: z.enum(SURVEY_KINDS),
  scale: z.enum(SURVEY_SCALES),
  sent: z.number().int(),
  responded: z.number().int(),
  /** responded / sent, 0–1; null before anything was sent. */
  responseRate: z.number().nullable(),
  /** NPS: %promoters − %detractors; CSAT: % answering 4–5; custom: the mean score. */
  score: z.number().nullable(),
  trend: z.array(z.object({ month: z.string(), responses: z.number().int(), score: z.number().nullable() })),
  bySegment: z.array(
    z.object({ segmentId: z.string(), name: z.string(), responses: z.number().int(), score: z.number().nullable() }),
  ),
  verbatims: z.array(
    z.object({
      id: z.string(),
      accountId: z.string(),
      accountName: z.string(),
      contactName: z.string().nullable(),
      score: z.number().int(),
      comment: z.string(),
      respondedAt: z.date(),
      tags: z.array(z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() })),
    }),
  ),
});
export type SurveyReport = z.infer<typeof surveyReportSchema>;

const surveyParams = z.object({ id: z.uuid() });
export const surveysApi = {
  list: endpoint({ method: 'GET', path: '/api/surveys', response: z.array(surveySchema) }),
  create: endpoint({
    method: 'POST',
    path: '/api/surveys',
    body: surveyInputSchema,
    response: surveySchema,
    status: 201,
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/surveys/:id',
    params: surveyParams,
    body: surveyInputSchema,
    response: surveySchema,
  }),
  send: endpoint({
    method: 'POST',
    path: '/api/surveys/:id/send',
    params: surveyParams,
    body: surveySendInputSchema,
    response: surveySendResultSchema,
  }),
  report: endpoint({
    method: 'GET',
    path: '/api/surveys/:id/report',
    params: surveyParams,
    response: surveyReportSchema,
  }),
};
