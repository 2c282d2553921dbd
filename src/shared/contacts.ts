import { z } from 'zod';
import { CONTACT_ROLES } from './accounts.js';
import { endpoint, itemsOf, okResponse, type Wire } from './endpoint.js';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const contactInputSchema = z.object({
  externalId: optionalText(200),
  name: z.string().trim().min(1).max(200),
  email: z.email().nullable().optional(),
  phone: optionalText(50),
  title: optionalText(200),
  role: z.enum(CONTACT_ROLES).nullable().optional(),
  isPrimary: z.boolean().optional(),
});
export type ContactInput = z.infer<typeof contactInputSchema>;
export const contactPatchSchema = contactInputSchema.partial();
export type ContactPatch = z.infer<typeof contactPatchSchema>;

export const contactSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  externalId: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  role: z.enum(CONTACT_ROLES).nullable(),
  isPrimary: z.boolean(),
  lastSeenAt: z.date().nullable(),
  createdAt: z.date(),
});
export type ContactView = z.infer<typeof contactSchema>;
export type Contact = Wire<ContactView>;

const accountParams = z.object({ id: z.uuid() });
const contactParams = z.object({ id: z.uuid(), contactId: z.uuid() });

/** An account's contacts (src/shared/endpoint.ts); `id` is the account's. */
export const contactsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/contacts',
    params: accountParams,
    response: itemsOf(contactSchema),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/contacts',
    params: accountParams,
    body: contactInputSchema,
    response: contactSchema,
    status: 201,
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/contacts/:contactId',
    params: contactParams,
    response: contactSchema,
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/accounts/:id/contacts/:contactId',
    params: contactParams,
    body: contactPatchSchema,
    response: contactSchema,
  }),
  remove: endpoint({
    method: 'DELETE',
    path: '/api/accounts/:id/contacts/:contactId',
    params: contactParams,
    response: okResponse,
  }),
};
