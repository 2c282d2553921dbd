import { z } from 'zod';
import { endpoint } from './endpoint.js';

/**
 * The CS team's maturity self-assessment (docs/maturity.md): eight practices, each rated from 1 (not done)
 * to 5 (automated). The texts of each level are in the catalogs (`maturity.levels.<practice>.<1–5>`).
 */
export const MATURITY_PRACTICES = [
  'segmentation',
  'lifecycle',
  'risk',
  'value',
  'data',
  'health',
  'expansion',
  'advocacy',
] as const;
export type MaturityPractice = (typeof MATURITY_PRACTICES)[number];
export const MATURITY_LEVELS = [1, 2, 3, 4, 5] as const;

const level = z.number().int().min(1).max(5);
export const maturityLevelsSchema = z.object(
  Object.fromEntries(MATURITY_PRACTICES.map((p) => [p, level])) as Record<MaturityPractice, typeof level>,
);
export type MaturityLevels = z.infer<typeof maturityLevelsSchema>;

export const maturityInputSchema = z.object({
  levels: maturityLevelsSchema,
  note: z.string().trim().max(2000).nullable().optional(),
});
export type MaturityInput = z.infer<typeof maturityInputSchema>;

export const maturityAssessmentSchema = z.object({
  id: z.string(),
  levels: maturityLevelsSchema,
  /** The sum of the eight levels: 8–40. */
  total: z.number().int(),
  note: z.string().nullable(),
  takenBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  takenAt: z.date(),
});
export type MaturityAssessment = z.infer<typeof maturityAssessmentSchema>;

export const maturityApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/maturity',
    response: z.object({ items: z.array(maturityAssessmentSchema) }),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/maturity',
    body: maturityInputSchema,
    response: maturityAssessmentSchema,
    status: 201,
  }),
};
