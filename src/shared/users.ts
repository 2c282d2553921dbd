import { z } from 'zod';
import { userLocaleSchema } from './auth.js';
import { endpoint, idParams, itemsOf, type Wire } from './endpoint.js';
import { passwordSchema } from './passwords.js';
import { ROLES } from './roles.js';

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  locale: userLocaleSchema.nullable(),
  active: z.boolean(),
  last_login_at: z.date().nullable(),
  created_at: z.date(),
});
export type UserView = z.infer<typeof userSchema>;
export type User = Wire<UserView>;

export const userInputSchema = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  password: passwordSchema.optional(),
  locale: userLocaleSchema.nullable().optional(),
});
export type UserInput = z.infer<typeof userInputSchema>;

export const userPatchSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(ROLES).optional(),
  active: z.boolean().optional(),
  password: passwordSchema.optional(),
  locale: userLocaleSchema.nullable().optional(),
});
export type UserPatch = z.infer<typeof userPatchSchema>;

/** The team (src/shared/endpoint.ts): everyone may list it (owner pickers, names); only admins change it. */
export const usersApi = {
  list: endpoint({ method: 'GET', path: '/api/users', response: itemsOf(userSchema) }),
  create: endpoint({ method: 'POST', path: '/api/users', body: userInputSchema, response: userSchema, status: 201 }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/users/:id',
    params: idParams,
    body: userPatchSchema,
    response: userSchema,
  }),
};
