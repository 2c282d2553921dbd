import { z } from 'zod';
import { endpoint, idParams } from './endpoint.js';

/**
 * Customer messaging (docs/messaging.md): templates per language with {{variables}}, consent (channel
 * preferences, one-click unsubscribe, suppression) and the sends, on email, SMS, signed webhooks, in-app and
 * the customer's own chat group (`chat`: its WeCom, DingTalk or Feishu robot, set per account).
 */
export const MESSAGE_CHANNELS = ['email', 'sms', 'webhook', 'in_app', 'chat'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_TYPES = ['transactional', 'marketing'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
export const MESSAGE_LOCALES = ['zh-CN', 'en'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];
export const SEND_STATUSES = ['claimed', 'queued', 'sent', 'skipped', 'failed'] as const;
/** Why a send was skipped (catalog `messaging.reasons.<reason>`). */
export const SKIP_REASONS = [
  'no_address',
  'suppressed',
  'unsubscribed',
  'channel_off',
  'no_content',
  'smtp_not_configured',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
export const SUPPRESSION_REASONS = ['bounce', 'complaint', 'manual'] as const;
export const USAGE_WINDOWS = ['7d', '30d', '90d'] as const;

/**
 * The variables a template may use, besides `account.<attribute key>` and `usage.<module>.<7d|30d|90d>`
 * (docs/messaging.md). Written `{{contact.name}}`; `{{{…}}}` and sections are not variables and are refused.
 */
export const FIXED_VARIABLES = [
  'contact.name',
  'contact.email',
  'contact.phone',
  'contact.title',
  'account.name',
  'account.externalId',
  'csm.name',
  'csm.email',
  /** Filled only in a survey invitation (docs/surveys.md); empty in other messages. */
  'survey.link',
  /**
   * Filled only in a monthly value report (docs/value-reports.md); empty in other messages. `report.figures`
   * is a block: a Markdown table the template engine builds from plain values, every cell escaped.
   */
  'report.month',
  'report.figures',
  'report.milestones',
  'report.tickets',
] as const;

const subject = z.string().trim().max(300);
const body = z.string().max(50_000);
export const localizedContentSchema = z.object({
  subject,
  body,
  /** In-app only: the label of the message's button (docs/inapp.md). */
  button: z.string().trim().max(80).optional(),
});
/** How the in-app snippet shows a message (docs/inapp.md). */
export const IN_APP_STYLES = ['modal', 'banner'] as const;
export const inAppOptionsSchema = z.object({
  style: z.enum(IN_APP_STYLES),
  buttonUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
});
export const templateContentSchema = z.object({
  'zh-CN': localizedContentSchema.optional(),
  en: localizedContentSchema.optional(),
});
export type TemplateContentInput = z.infer<typeof templateContentSchema>;

export const templateInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    channel: z.enum(MESSAGE_CHANNELS),
    messageType: z.enum(MESSAGE_TYPES),
    content: templateContentSchema,
    trackOpens: z.boolean().default(true),
    trackClicks: z.boolean().default(true),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .optional(),
    inApp: inAppOptionsSchema.nullable().optional(),
  })
  .refine((t) => Boolean(t.content['zh-CN']?.body.trim() || t.content.en?.body.trim()), {
    path: ['content'],
    message: 'errors.messagingNoContent',
  })
  .refine((t) => t.channel !== 'webhook' || Boolean(t.webhookUrl), {
    path: ['webhookUrl'],
    message: 'errors.messagingWebhookUrl',
  });
export type TemplateInput = z.input<typeof templateInputSchema>;

export const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.enum(MESSAGE_CHANNELS),
  messageType: z.enum(MESSAGE_TYPES),
  content: templateContentSchema,
  trackOpens: z.boolean(),
  trackClicks: z.boolean(),
  webhookUrl: z.string().nullable(),
  inApp: inAppOptionsSchema.nullable(),
  /** Set on a template another module sends by its purpose (e.g. `value-report`): editable, never deleted. */
  builtin: z.string().nullable(),
  updatedAt: z.date(),
});
export type MessageTemplate = z.infer<typeof templateSchema>;

export const renderedSchema = z.object({
  locale: z.enum(MESSAGE_LOCALES),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
});
export type RenderedMessage = z.infer<typeof renderedSchema>;

export const previewInputSchema = z.object({ contactId: z.uuid(), locale: z.enum(MESSAGE_LOCALES).optional() });
export const testSendInputSchema = z.object({
  locale: z.enum(MESSAGE_LOCALES).optional(),
  contactId: z.uuid().optional(),
});

export const sendInputSchema = z.object({
  templateId: z.uuid(),
  contactId: z.uuid(),
  /** A re-run with the same key never sends twice. */
  idempotencyKey: z.string().trim().min(1).max(200),
});

export const sendViewSchema = z.object({
  id: z.string(),
  templateId: z.string().nullable(),
  templateName: z.string(),
  channel: z.string(),
  messageType: z.string(),
  contactId: z.string().nullable(),
  address: z.string().nullable(),
  locale: z.string().nullable(),
  subject: z.string().nullable(),
  status: z.enum(SEND_STATUSES),
  reason: z.string().nullable(),
  attempts: z.number(),
  claimedAt: z.date(),
  sentAt: z.date().nullable(),
});
export type SendView = z.infer<typeof sendViewSchema>;

export const preferencesSchema = z.object({
  emailMarketing: z.boolean(),
  sms: z.boolean(),
  unsubscribedAt: z.date().nullable(),
  /** The contact's email is on the suppression list (bounced, complained or added by hand). */
  suppressed: z.enum(SUPPRESSION_REASONS).nullable(),
});
export const preferencesInputSchema = z.object({ emailMarketing: z.boolean().optional(), sms: z.boolean().optional() });

export const suppressionSchema = z.object({
  address: z.string(),
  reason: z.enum(SUPPRESSION_REASONS),
  detail: z.string().nullable(),
  createdAt: z.date(),
});
export const suppressionInputSchema = z.object({
  address: z.email().max(320),
  reason: z.enum(SUPPRESSION_REASONS).default('manual'),
  detail: z.string().trim().max(500).nullable().optional(),
});
export const addressParams = z.object({ address: z.string().min(3).max(320) });

export const variablesSchema = z.object({
  fixed: z.array(z.string()),
  accountFields: z.array(z.string()),
  usageModules: z.array(z.string()),
});

export const smsSettingsSchema = z.object({
  provider: z.enum(['log', 'twilio']),
  from: z.string().nullable(),
  accountSid: z.string().nullable(),
  /** Never returned; true when one is stored. */
  authTokenSet: z.boolean(),
});
export const smsSettingsInputSchema = z.object({
  provider: z.enum(['log', 'twilio']),
  from: z.string().trim().max(40).nullable().optional(),
  accountSid: z.string().trim().max(64).nullable().optional(),
  authToken: z.string().trim().max(200).optional(),
});

export const CHAT_PROVIDERS = ['wecom', 'dingtalk', 'feishu'] as const;
/** A customer's own chat group: its custom robot's webhook; the secret is never returned. */
export const chatGroupSchema = z.object({
  provider: z.enum(CHAT_PROVIDERS),
  name: z.string(),
  /** The webhook URL with its key masked after the host. */
  webhookUrl: z.string(),
  secretSet: z.boolean(),
  updatedAt: z.date(),
});
export const chatGroupInputSchema = z.object({
  provider: z.enum(CHAT_PROVIDERS),
  name: z.string().trim().min(1).max(200),
  webhookUrl: z.url({ protocol: /^https?$/ }).max(2000),
  /** Omitted keeps the stored one; null or "" removes it. */
  secret: z.string().trim().max(500).nullable().optional(),
});

export const recipientSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  accountName: z.string(),
});

export const messagingApi = {
  recipients: endpoint({
    method: 'GET',
    path: '/api/messaging/recipients',
    query: z.object({ q: z.string().trim().max(200).optional() }),
    response: z.object({ items: z.array(recipientSchema) }),
  }),
  templates: endpoint({
    method: 'GET',
    path: '/api/messaging/templates',
    response: z.object({ items: z.array(templateSchema) }),
  }),
  template: endpoint({
    method: 'GET',
    path: '/api/messaging/templates/:id',
    params: idParams,
    response: templateSchema,
  }),
  createTemplate: endpoint({
    method: 'POST',
    path: '/api/messaging/templates',
    body: templateInputSchema,
    response: templateSchema,
    status: 201,
  }),
  updateTemplate: endpoint({
    method: 'PUT',
    path: '/api/messaging/templates/:id',
    params: idParams,
    body: templateInputSchema,
    response: templateSchema,
  }),
  deleteTemplate: endpoint({
    method: 'DELETE',
    path: '/api/messaging/templates/:id',
    params: idParams,
    response: z.object({ ok: z.literal(true) }),
  }),
  variables: endpoint({ method: 'GET', path: '/api/messaging/variables', response: variablesSchema }),
  preview: endpoint({
    method: 'POST',
    path: '/api/messaging/templates/:id/preview',
    params: idParams,
    body: previewInputSchema,
    response: renderedSchema,
  }),
  testSend: endpoint({
    method: 'POST',
    path: '/api/messaging/templates/:id/test',
    params: idParams,
    body: testSendInputSchema,
    response: sendViewSchema,
  }),
  send: endpoint({ method: 'POST', path: '/api/messaging/sends', body: sendInputSchema, response: sendViewSchema }),
  accountSends: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/message-sends',
    params: idParams,
    response: z.object({ items: z.array(sendViewSchema) }),
  }),
  chatGroup: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/chat-group',
    params: idParams,
    response: z.object({ group: chatGroupSchema.nullable() }),
  }),
  setChatGroup: endpoint({
    method: 'PUT',
    path: '/api/accounts/:id/chat-group',
    params: idParams,
    body: chatGroupInputSchema,
    response: z.object({ group: chatGroupSchema.nullable() }),
  }),
  removeChatGroup: endpoint({
    method: 'DELETE',
    path: '/api/accounts/:id/chat-group',
    params: idParams,
    response: z.object({ group: chatGroupSchema.nullable() }),
  }),
  preferences: endpoint({
    method: 'GET',
    path: '/api/contacts/:id/message-preferences',
    params: idParams,
    response: preferencesSchema,
  }),
  setPreferences: endpoint({
    method: 'PUT',
    path: '/api/contacts/:id/message-preferences',
    params: idParams,
    body: preferencesInputSchema,
    response: preferencesSchema,
  }),
  suppressions: endpoint({
    method: 'GET',
    path: '/api/messaging/suppressions',
    response: z.object({ items: z.array(suppressionSchema) }),
  }),
  addSuppression: endpoint({
    method: 'POST',
    path: '/api/messaging/suppressions',
    body: suppressionInputSchema,
    response: suppressionSchema,
    status: 201,
  }),
  removeSuppression: endpoint({
    method: 'DELETE',
    path: '/api/messaging/suppressions/:address',
    params: addressParams,
    response: z.object({ ok: z.literal(true) }),
  }),
  smsSettings: endpoint({ method: 'GET', path: '/api/messaging/sms-settings', response: smsSettingsSchema }),
  /** Where replies and bounces are posted (raw messages) and the bearer key that intake requires. */
  inbound: endpoint({
    method: 'GET',
    path: '/api/messaging/inbound',
    response: z.object({ url: z.string(), key: z.string() }),
  }),
  setSmsSettings: endpoint({
    method: 'PUT',
    path: '/api/messaging/sms-settings',
    body: smsSettingsInputSchema,
    response: smsSettingsSchema,
  }),
};
