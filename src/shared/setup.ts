import { z } from 'zod';
import { userLocaleSchema } from './auth.js';
import { endpoint } from './endpoint.js';
import { passwordSchema } from './passwords.js';

export const SETUP_STATES = ['ok', 'done', 'invalid'] as const;

/** First-start setup (docs/api.md): public, authenticated by the one-time token the server printed. */
export const setupApi = {
  check: endpoint({
    method: 'GET',
    path: '/api/setup',
    query: z.object({ token: z.string().max(200).default('') }),
    response: z.object({ state: z.enum(SETUP_STATES) }),
  }),
  complete: endpoint({
    method: 'POST',
    path: '/api/setup',
    body: z.object({
      token: z.string().min(1).max(200),
      name: z.string().trim().min(1).max(200),
      email: z.email().max(320),
      password: passwordSchema,
      locale: userLocaleSchema.optional(),
    }),
    response: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      role: z.literal('admin'),
      csrfToken: z.string(),
    }),
    status: 201,
  }),
};
