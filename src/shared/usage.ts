/** Product-usage API contracts, shared by the server (validation) and the web client (types). */
import { z } from 'zod';
import { endpoint, idParams, itemsOf, type Wire } from './endpoint.js';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.day')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'errors.day');

export const usageRangeQuerySchema = z
  .object({ from: isoDay, to: isoDay })
  .refine((q) => q.from <= q.to, { message: 'errors.dayOrder', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86_400_000, {
    message: 'errors.rangeTooLong',
    path: ['to'],
  });
export type UsageRangeQuery = z.infer<typeof usageRangeQuerySchema>;

export const dailyUsageItemSchema = z.object({
  date: z.string(),
  event: z.string(),
  count: z.number().int(),
  users: z.number().int(),
});
export type DailyUsageItem = z.infer<typeof dailyUsageItemSchema>;

export const activeDayItemSchema = z.object({ date: z.string(), users: z.number().int() });
export type ActiveDayItem = z.infer<typeof activeDayItemSchema>;

export const usageUserSchema = z.object({
  userId: z.string(),
  /** True for people known only by their anonymous id. */
  anonymous: z.boolean(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  contactId: z.string().nullable(),
  events: z.number().int(),
  activeDays: z.number().int(),
  lastSeenAt: z.date(),
});
export type UsageUser = z.infer<typeof usageUserSchema>;

export const catalogueItemSchema = z.object({
  event: z.string(),
  module: z.string().nullable(),
  /** Events counted over the last 30 days and over all the roll-ups. */
  volume30d: z.number(),
  volumeTotal: z.number(),
  accounts30d: z.number().int(),
  lastSeenAt: z.date().nullable(),
});
export type CatalogueItem = z.infer<typeof catalogueItemSchema>;

export const productModuleSchema = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/),
  name: z.string().trim().min(1).max(100),
  core: z.boolean(),
});
export type ProductModule = z.infer<typeof productModuleSchema>;
export const productModulesSchema = z
  .array(productModuleSchema)
  .max(100)
  .refine((modules) => new Set(modules.map((m) => m.key)).size === modules.length, 'errors.duplicateModule');
export const eventRetentionDaysSchema = z.number().int().min(7).max(3650);

export const keyBehaviourValueSchema = z.object({
  event: z.string().trim().min(1).max(200),
  perWeek: z.number().int().min(1).max(100),
});
export type KeyBehaviour = z.infer<typeof keyBehaviourValueSchema>;

export const eventsConfigSchema = z.object({
  modules: z.array(productModuleSchema),
  keyBehaviour: keyBehaviourValueSchema.nullable(),
  retentionDays: z.number().int(),
});
export type EventsConfig = z.infer<typeof eventsConfigSchema>;

export const writeKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  created_at: z.date(),
  last_used_at: z.date().nullable(),
  revoked_at: z.date().nullable(),
});
export type WriteKey = z.infer<typeof writeKeySchema>;

/** One person's usage as the web receives it (dates as ISO strings). */
export type UsagePerson = Wire<UsageUser>;
export type Catalogue = Wire<CatalogueItem>;

/** The product-usage API: an account's usage, the event catalogue and the usage settings. */
export const usageApi = {
  daily: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/usage/daily',
    params: idParams,
    query: usageRangeQuerySchema,
    response: itemsOf(dailyUsageItemSchema),
  }),
  active: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/usage/active',
    params: idParams,
    query: usageRangeQuerySchema,
    response: itemsOf(activeDayItemSchema),
  }),
  users: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/usage/users',
    params: idParams,
    query: usageRangeQuerySchema,
    response: itemsOf(usageUserSchema),
  }),
  catalogue: endpoint({ method: 'GET', path: '/api/events/catalogue', response: itemsOf(catalogueItemSchema) }),
  setEventModule: endpoint({
    method: 'PATCH',
    path: '/api/events/catalogue/:event',
    params: z.object({ event: z.string().min(1).max(200) }),
    body: z.object({ module: z.string().max(40).nullable() }),
    response: z.object({ event: z.string(), module: z.string().nullable() }),
  }),
  config: endpoint({ method: 'GET', path: '/api/events/config', response: eventsConfigSchema }),
  saveModules: endpoint({
    method: 'PUT',
    path: '/api/events/modules',
    body: z.object({ modules: productModulesSchema }),
    response: eventsConfigSchema,
  }),
  saveKeyBehaviour: endpoint({
    method: 'PUT',
    path: '/api/events/key-behaviour',
    body: z.object({ keyBehaviour: keyBehaviourValueSchema.nullable() }),
    response: eventsConfigSchema,
  }),
  saveRetention: endpoint({
    method: 'PUT',
    path: '/api/events/retention',
    body: z.object({ retentionDays: eventRetentionDaysSchema }),
    response: eventsConfigSchema,
  }),
};
