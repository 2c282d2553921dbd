import { z } from 'zod';
import { OPERATORS, ruleSetSchema } from './conditions.js';
import { endpoint, idParams, itemsOf, okResponse, type Wire } from './endpoint.js';

export const segmentInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  rules: ruleSetSchema,
});
export type SegmentInput = z.infer<typeof segmentInputSchema>;

// Rules as stored: an invalid segment shows what is left of its conditions so it can be fixed.
const storedRules = z.object({
  match: z.enum(['all', 'any']),
  conditions: z.array(
    z.object({ field: z.string(), op: z.enum(OPERATORS).or(z.string()), value: z.unknown().optional() }),
  ),
});

export const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  rules: storedRules,
  /** Null when the rules cannot be evaluated. */
  memberCount: z.number().int().nullable(),
  /** True when the stored rules can no longer be evaluated (saved before today's checks, or edited by hand): other pages skip it. */
  invalid: z.boolean(),
  invalidReason: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Segment = Wire<z.output<typeof segmentSchema>>;

export const segmentsApi = {
  list: endpoint({ method: 'GET', path: '/api/segments', response: itemsOf(segmentSchema) }),
  create: endpoint({
    method: 'POST',
    path: '/api/segments',
    body: segmentInputSchema,
    response: segmentSchema,
    status: 201,
  }),
  get: endpoint({ method: 'GET', path: '/api/segments/:id', params: idParams, response: segmentSchema }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/segments/:id',
    params: idParams,
    body: segmentInputSchema.partial(),
    response: segmentSchema,
  }),
  remove: endpoint({ method: 'DELETE', path: '/api/segments/:id', params: idParams, response: okResponse }),
};
