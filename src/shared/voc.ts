import { z } from 'zod';
import { endpoint, idParams, itemsOf, okResponse, paged } from './endpoint.js';

/**
 * Voice of the customer (docs/voc.md): a tag taxonomy (category → tag, named in both languages) applied to
 * activities, tickets and NPS answers; feature requests linked to the accounts that asked, with their ARR and
 * the ARR renewing soon; a report of the top tags by ARR and their trend.
 */
export const VOC_ITEM_TYPES = ['activity', 'ticket', 'nps'] as const;
export type VocItemType = (typeof VOC_ITEM_TYPES)[number];
export const FEATURE_REQUEST_STATUSES = ['new', 'planned', 'shipped', 'declined'] as const;
export type FeatureRequestStatus = (typeof FEATURE_REQUEST_STATUSES)[number];
export const FEATURE_REQUEST_SORTS = ['arr', 'renewing', 'accounts', 'created', 'title'] as const;
/** The window of "renewals at stake": accounts whose renewal falls within this many days from today. */
export const RENEWING_WITHIN_DAYS = 180;

const name = z.string().trim().min(1).max(100);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const isoDate = z.iso.date();

export const vocTagSchema = z.object({
  id: z.string(),
  categoryId: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  productArea: z.string().nullable(),
  archived: z.boolean(),
  /** Items tagged with it, ever. */
  uses: z.number().int(),
});
export type VocTag = z.infer<typeof vocTagSchema>;

export const vocCategorySchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  position: z.number().int(),
  archived: z.boolean(),
  tags: z.array(vocTagSchema),
});
export type VocCategory = z.infer<typeof vocCategorySchema>;

export const vocCategoryInputSchema = z.object({
  nameZh: name,
  nameEn: name,
  position: z.number().int().min(0).max(1000).optional(),
});
export const vocCategoryPatchSchema = vocCategoryInputSchema.partial().extend({ archived: z.boolean().optional() });
export const vocTagInputSchema = z.object({
  categoryId: z.uuid(),
  nameZh: name,
  nameEn: name,
  productArea: optionalText(100),
});
export const vocTagPatchSchema = vocTagInputSchema.partial().extend({ archived: z.boolean().optional() });
export type VocCategoryInput = z.infer<typeof vocCategoryInputSchema>;
export type VocCategoryPatch = z.infer<typeof vocCategoryPatchSchema>;
export type VocTagInput = z.infer<typeof vocTagInputSchema>;
export type VocTagPatch = z.infer<typeof vocTagPatchSchema>;

export const vocItemParams = z.object({ type: z.enum(VOC_ITEM_TYPES), id: z.uuid() });
export const vocItemTagsInputSchema = z.object({ tagIds: z.array(z.uuid()).max(20) });
/** A tag as it sits on an item: enough to show it in either language. */
export const vocAppliedTagSchema = z.object({
  id: z.string(),
  categoryId: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
});
export const vocItemTagsSchema = z.object({
  itemType: z.enum(VOC_ITEM_TYPES),
  itemId: z.string(),
  tags: z.array(vocAppliedTagSchema),
});
export type VocItemTags = z.infer<typeof vocItemTagsSchema>;

const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const featureRequestSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  productArea: z.string().nullable(),
  status: z.enum(FEATURE_REQUEST_STATUSES),
  createdBy: person,
  createdAt: z.date(),
  updatedAt: z.date(),
  shippedAt: z.date().nullable(),
  /** Live accounts that asked. */
  accounts: z.number().int(),
  /** Their ARR summed, in minor units of the organisation's currency. */
  arrMinor: z.number().int(),
  /** The ARR of those whose renewal falls within RENEWING_WITHIN_DAYS from today. */
  renewingArrMinor: z.number().int(),
  currency: z.string(),
});
export type FeatureRequest = z.infer<typeof featureRequestSchema>;

export const featureRequestAccountSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  owner: person,
  contact: person,
  arrMinor: z.number().int().nullable(),
  renewalOn: z.string().nullable(),
  /** The renewal falls within RENEWING_WITHIN_DAYS from today. */
  renewingSoon: z.boolean(),
  sourceType: z.enum(VOC_ITEM_TYPES).nullable(),
  sourceId: z.string().nullable(),
  addedAt: z.date(),
  /** The "tell the customer" CTA opened when the request shipped. */
  ctaId: z.string().nullable(),
});
export type FeatureRequestAccount = z.infer<typeof featureRequestAccountSchema>;
export const featureRequestDetailSchema = featureRequestSchema.extend({
  requesters: z.array(featureRequestAccountSchema),
});

const requester = {
  contactId: z.uuid().nullable().optional(),
  sourceType: z.enum(VOC_ITEM_TYPES).nullable().optional(),
  sourceId: z.uuid().nullable().optional(),
};
export const featureRequestInputSchema = z.object({
  title: z.string().trim().min(1).max(300),
  description: optionalText(5000),
  productArea: optionalText(100),
  status: z.enum(FEATURE_REQUEST_STATUSES).default('new'),
  /** The account that asked (the 360's "new request"); more are added afterwards. */
  accountId: z.uuid().optional(),
  ...requester,
});
export const featureRequestPatchSchema = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  description: optionalText(5000),
  productArea: optionalText(100),
  status: z.enum(FEATURE_REQUEST_STATUSES).optional(),
});
export const featureRequestAccountInputSchema = z.object({ accountId: z.uuid(), ...requester });
export type FeatureRequestInput = z.infer<typeof featureRequestInputSchema>;
export type FeatureRequestPatch = z.infer<typeof featureRequestPatchSchema>;
export type FeatureRequestAccountInput = z.infer<typeof featureRequestAccountInputSchema>;

export const featureRequestListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(FEATURE_REQUEST_STATUSES).optional(),
  /** Only the requests this account made (the 360 panel). */
  accountId: z.uuid().optional(),
  sort: z.enum(FEATURE_REQUEST_SORTS).default('arr'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type FeatureRequestListQuery = z.infer<typeof featureRequestListQuerySchema>;

export const vocReportQuerySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** Without `from`: the period is this many days ending with `to` (default 90). */
    days: z.coerce.number().int().min(1).max(3660).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['from'], message: 'errors.vocPeriod' });
export type VocReportQuery = z.infer<typeof vocReportQuerySchema>;

export const vocReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  /** Tags by the ARR of the accounts whose items carry them in the period, highest first. */
  tags: z.array(
    vocAppliedTagSchema.extend({
      items: z.number().int(),
      accounts: z.number().int(),
      arrMinor: z.number().int(),
    }),
  ),
  categories: z.array(z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() })),
  /** Per month (YYYY-MM, the organisation's time zone) and category: tagged items and their accounts' ARR. */
  trend: z.array(
    z.object({ month: z.string(), categoryId: z.string(), items: z.number().int(), arrMinor: z.number().int() }),
  ),
  /** Open requests (new or planned) by their accounts' ARR, highest first. */
  requests: z.array(featureRequestSchema),
});
export type VocReport = z.infer<typeof vocReportSchema>;

export const vocApi = {
  taxonomy: endpoint({
    method: 'GET',
    path: '/api/voc/taxonomy',
    response: z.object({ categories: z.array(vocCategorySchema) }),
  }),
  createCategory: endpoint({
    method: 'POST',
    path: '/api/voc/categories',
    body: vocCategoryInputSchema,
    response: vocCategorySchema,
    status: 201,
  }),
  updateCategory: endpoint({
    method: 'PATCH',
    path: '/api/voc/categories/:id',
    params: idParams,
    body: vocCategoryPatchSchema,
    response: vocCategorySchema,
  }),
  removeCategory: endpoint({
    method: 'DELETE',
    path: '/api/voc/categories/:id',
    params: idParams,
    response: z.object({ ok: z.literal(true), archived: z.boolean() }),
  }),
  createTag: endpoint({
    method: 'POST',
    path: '/api/voc/tags',
    body: vocTagInputSchema,
    response: vocTagSchema,
    status: 201,
  }),
  updateTag: endpoint({
    method: 'PATCH',
    path: '/api/voc/tags/:id',
    params: idParams,
    body: vocTagPatchSchema,
    response: vocTagSchema,
  }),
  removeTag: endpoint({
    method: 'DELETE',
    path: '/api/voc/tags/:id',
    params: idParams,
    response: z.object({ ok: z.literal(true), archived: z.boolean() }),
  }),
  accountTags: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/voc-tags',
    params: idParams,
    response: itemsOf(vocItemTagsSchema),
  }),
  setItemTags: endpoint({
    method: 'PUT',
    path: '/api/voc/items/:type/:id/tags',
    params: vocItemParams,
    body: vocItemTagsInputSchema,
    response: vocItemTagsSchema,
  }),
  report: endpoint({ method: 'GET', path: '/api/voc/report', query: vocReportQuerySchema, response: vocReportSchema }),
  listRequests: endpoint({
    method: 'GET',
    path: '/api/voc/requests',
    query: featureRequestListQuerySchema,
    response: paged(featureRequestSchema),
  }),
  createRequest: endpoint({
    method: 'POST',
    path: '/api/voc/requests',
    body: featureRequestInputSchema,
    response: featureRequestDetailSchema,
    status: 201,
  }),
  getRequest: endpoint({
    method: 'GET',
    path: '/api/voc/requests/:id',
    params: idParams,
    response: featureRequestDetailSchema,
  }),
  updateRequest: endpoint({
    method: 'PATCH',
    path: '/api/voc/requests/:id',
    params: idParams,
    body: featureRequestPatchSchema,
    response: featureRequestDetailSchema,
  }),
  addRequestAccount: endpoint({
    method: 'POST',
    path: '/api/voc/requests/:id/accounts',
    params: idParams,
    body: featureRequestAccountInputSchema,
    response: featureRequestDetailSchema,
  }),
  removeRequestAccount: endpoint({
    method: 'DELETE',
    path: '/api/voc/requests/:id/accounts/:accountId',
    params: z.object({ id: z.uuid(), accountId: z.uuid() }),
    response: okResponse,
  }),
};
