import { z } from 'zod';
import { endpoint, itemsOf } from './endpoint.js';

/**
 * Labels for custom attributes (accounts.attributes): imports and integrations bring keys such as
 * `renewal_date` and values such as `mid_market`; admins give each a name in both languages, and
 * the product shows the name wherever the key or the value appears, falling back to the raw text.
 */
const labelText = z.string().trim().max(80);
export const localizedLabelSchema = z.object({ en: labelText.optional(), 'zh-CN': labelText.optional() });
export type LocalizedLabel = z.infer<typeof localizedLabelSchema>;

const attributeKey = z.string().min(1).max(100);
export const attributeLabelSchema = z.object({
  label: localizedLabelSchema,
  /** Labels of text values, by the stored value. */
  values: z.record(z.string().min(1).max(200), localizedLabelSchema).default({}),
});
export const attributeLabelsSchema = z
  .record(attributeKey, attributeLabelSchema)
  .refine((labels) => Object.keys(labels).length <= 500, { message: 'errors.tooManyAttributeLabels' });
export type AttributeLabels = z.infer<typeof attributeLabelsSchema>;

export const ATTRIBUTE_TYPES = ['text', 'number', 'boolean', 'other'] as const;

/** A key in use on live accounts, with how many carry it and its most frequent text values. */
export const attributeKeySchema = z.object({
  key: z.string(),
  type: z.enum(ATTRIBUTE_TYPES),
  accounts: z.number().int(),
  values: z.array(z.object({ value: z.string(), accounts: z.number().int() })),
});
export type AttributeKeyView = z.infer<typeof attributeKeySchema>;

/** How many distinct text values of a key are listed for labelling (most frequent first). */
export const MAX_LABELLED_VALUES = 30;

export const attributesApi = {
  keys: endpoint({ method: 'GET', path: '/api/attributes', response: itemsOf(attributeKeySchema) }),
  labels: endpoint({ method: 'GET', path: '/api/attributes/labels', response: attributeLabelsSchema }),
  setLabels: endpoint({
    method: 'PUT',
    path: '/api/attributes/labels',
    body: attributeLabelsSchema,
    response: attributeLabelsSchema,
  }),
};
