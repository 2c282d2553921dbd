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
