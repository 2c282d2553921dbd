import { z } from 'zod';
import { CONTACT_ROLES } from './accounts.js';

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
