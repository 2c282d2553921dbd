import { z } from 'zod';
import { endpoint, idParams, itemsOf } from './endpoint.js';

/** CTA vocabulary and API contracts, shared by the server and the web client. */
export const CTA_TYPES = ['risk', 'expansion', 'renewal', 'onboarding', 'advocacy'] as const;
export const CTA_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
/** The email templates Tenure ships for playbook tasks (server catalogs, `playbookEmails.<key>`). */
export const PLAYBOOK_EMAIL_TEMPLATES = ['reengage', 'detractor', 'payment', 'renewal', 'advocacy'] as const;
export const CTA_STATUSES = ['open', 'snoozed', 'closed'] as const;
/** condition_cleared is set by the engine when an auto-closing rule's condition no longer holds. */
export const CTA_OUTCOMES = ['success', 'no_action_needed', 'failed', 'condition_cleared'] as const;
export const CLOSE_OUTCOMES = ['success', 'no_action_needed', 'failed'] as const;
export const RULE_OWNERS = ['account_owner', 'admin', 'cs_manager', 'csm', 'onboarding', 'sales', 'support'] as const;

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const ctaListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  /** mine: owned by the caller; all: everyone's (managers' view). */
  scope: z.enum(['mine', 'all']).default('mine'),
  ownerId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  type: z.enum(CTA_TYPES).optional(),
  priority: z.enum(CTA_PRIORITIES).optional(),
  /** active = open or snoozed. */
  status: z.enum(['active', 'open', 'snoozed', 'closed', 'all']).default('active'),
  flagged: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type CtaListQuery = z.infer<typeof ctaListQuerySchema>;

export const ctaSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  ruleId: z.string().nullable(),
  ruleKey: z.string().nullable(),
  ruleName: z.string().nullable(),
  playbookId: z.string().nullable(),
  playbookKey: z.string().nullable(),
  playbookName: z.string().nullable(),
  type: z.enum(CTA_TYPES),
  reasonKey: z.string(),
  reasonParams: z.record(z.string(), z.unknown()),
  title: z.string().nullable(),
  priority: z.enum(CTA_PRIORITIES),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  dueOn: z.string(),
  overdue: z.boolean(),
  status: z.enum(CTA_STATUSES),
  snoozedUntil: z.string().nullable(),
  snoozeReason: z.string().nullable(),
  outcome: z.enum(CTA_OUTCOMES).nullable(),
  closeReason: z.string().nullable(),
  closedAt: z.date().nullable(),
  flagged: z.boolean(),
  flaggedByName: z.string().nullable(),
  flaggedAt: z.date().nullable(),
  flagReason: z.string().nullable(),
  openedAt: z.date(),
  firstActionAt: z.date().nullable(),
  tasksDone: z.number().int(),
  tasksTotal: z.number().int(),
});
export type CtaView = z.infer<typeof ctaSchema>;

export const ctaTaskSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  title: z.string(),
  dueOn: z.string(),
  ownerRole: z.string().nullable(),
  emailTemplate: z.string().nullable(),
  doneAt: z.date().nullable(),
  doneByName: z.string().nullable(),
  /** When the task's email went to the customer, and to whom (POST …/tasks/:taskId/email). */
  emailSentAt: z.date().nullable(),
  emailTo: z.string().nullable(),
});
/** A task email as drafted for the person to read and edit before it is sent. */
export const taskEmailDraftSchema = z.object({
  template: z.string(),
  locale: z.string(),
  to: z.object({ contactId: z.string(), name: z.string(), email: z.string() }).nullable(),
  subject: z.string(),
  text: z.string(),
  mailConfigured: z.boolean(),
});
export type TaskEmailDraft = z.infer<typeof taskEmailDraftSchema>;
export const taskEmailSendSchema = z.object({ subject: text(300), text: text(20_000) });
export const ctaCommentSchema = z.object({
  id: z.string(),
  body: z.string(),
  authorName: z.string().nullable(),
  createdAt: z.date(),
});
export const meetingNoteSchema = z.object({
  id: z.string(),
  meetingOn: z.string(),
  notes: z.string().nullable(),
  decision: z.string(),
  authorName: z.string().nullable(),
  createdAt: z.date(),
});
export const ctaDetailSchema = ctaSchema.extend({
  tasks: z.array(ctaTaskSchema),
  comments: z.array(ctaCommentSchema),
  meetingNotes: z.array(meetingNoteSchema),
});
export type CtaDetail = z.infer<typeof ctaDetailSchema>;

export const ctaCountsSchema = z.object({
  active: z.number().int(),
  overdue: z.number().int(),
  snoozed: z.number().int(),
  flagged: z.number().int(),
});

export const manualCtaSchema = z.object({
  accountId: z.uuid(),
  type: z.enum(CTA_TYPES),
  title: text(300),
  priority: z.enum(CTA_PRIORITIES).default('medium'),
  ownerId: z.uuid().nullable().optional(),
  dueOn: isoDate,
  playbookId: z.uuid().nullable().optional(),
});
export type ManualCtaInput = z.infer<typeof manualCtaSchema>;

export const snoozeSchema = z.object({ until: isoDate, reason: text(1000) });
export const flagSchema = z
  .object({ flagged: z.boolean(), reason: z.string().trim().max(1000).optional() })
  .refine((v) => !v.flagged || (v.reason?.length ?? 0) > 0, { path: ['reason'], message: 'errors.flagReasonRequired' });
export const closeSchema = z.object({ outcome: z.enum(CLOSE_OUTCOMES), reason: text(2000) });
export const commentSchema = z.object({ body: text(5000) });
export const taskPatchSchema = z.object({ done: z.boolean() });
export const assignSchema = z.object({ ownerId: z.uuid().nullable() });
export const meetingNoteInputSchema = z.object({
  meetingOn: isoDate,
  notes: z.string().trim().max(5000).optional(),
  decision: text(2000),
});

export const ruleSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  name: z.string(),
  trigger: z.string(),
  params: z.record(z.string(), z.unknown()),
  ctaType: z.enum(CTA_TYPES),
  priority: z.enum(CTA_PRIORITIES),
  owner: z.string(),
  dueDays: z.number().int(),
  playbookId: z.string().nullable(),
  segmentId: z.string().nullable(),
  enabled: z.boolean(),
  autoClose: z.boolean(),
  openCount: z.number().int(),
});
export type RuleView = z.infer<typeof ruleSchema>;
export const ruleInputSchema = z.object({
  name: text(200),
  trigger: z.string().min(1).max(50),
  params: z.record(z.string(), z.unknown()).default({}),
  ctaType: z.enum(CTA_TYPES),
  priority: z.enum(CTA_PRIORITIES),
  owner: z.enum(RULE_OWNERS).default('account_owner'),
  dueDays: z.number().int().min(0).max(365).default(7),
  playbookId: z.uuid().nullable().optional(),
  segmentId: z.uuid().nullable().optional(),
  enabled: z.boolean().default(true),
  autoClose: z.boolean().default(false),
});
export type RuleInput = z.infer<typeof ruleInputSchema>;
export const rulePatchSchema = ruleInputSchema.partial().omit({ trigger: true });
export type RulePatch = z.infer<typeof rulePatchSchema>;

export const playbookSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  tasks: z.array(
    z.object({
      id: z.string(),
      key: z.string().nullable(),
      title: z.string(),
      dueDays: z.number().int(),
      ownerRole: z.string().nullable(),
      emailTemplate: z.string().nullable(),
    }),
  ),
});

/** An admin's edit of a playbook: its name and its whole task list (tasks with an id keep their row). */
export const playbookInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  tasks: z
    .array(
      z.object({
        id: z.uuid().optional(),
        title: z.string().trim().min(1).max(300),
        dueDays: z.number().int().min(0).max(365),
        ownerRole: z
          .enum(['admin', 'cs_manager', 'csm', 'onboarding', 'sales', 'support', 'viewer'])
          .nullable()
          .optional(),
        emailTemplate: z.string().trim().max(200).nullable().optional(),
      }),
    )
    .min(1)
    .max(30),
});
export type PlaybookInput = z.infer<typeof playbookInputSchema>;

export const effectivenessRowSchema = z.object({
  id: z.string().nullable(),
  key: z.string().nullable(),
  name: z.string().nullable(),
  opened: z.number().int(),
  closed: z.number().int(),
  success: z.number().int(),
  /** success ÷ closed by a person (condition-cleared closes excluded), null before any. */
  successRate: z.number().nullable(),
  /** Median hours from opening to the first action (comment, task done, snooze, flag or close). */
  medianHoursToFirstAction: z.number().nullable(),
});
export const effectivenessSchema = z.object({
  rules: z.array(effectivenessRowSchema),
  playbooks: z.array(effectivenessRowSchema),
});

/** What running the rules now did, in all and rule by rule. */
export const ruleRunSchema = z.object({
  asOf: z.string(),
  rules: z.number().int(),
  opened: z.number().int(),
  closed: z.number().int(),
  reopened: z.number().int(),
  byRule: z.array(
    z.object({
      ruleId: z.string(),
      key: z.string().nullable(),
      trigger: z.string(),
      opened: z.number().int(),
      closed: z.number().int(),
      evaluated: z.boolean(),
    }),
  ),
});
export type RuleRun = z.infer<typeof ruleRunSchema>;

export const ctaListSchema = z.object({ items: z.array(ctaSchema), total: z.number().int(), counts: ctaCountsSchema });
export const meetingSchema = z.object({
  meetingOn: z.string(),
  items: z.array(ctaSchema.extend({ meetingNotes: z.array(meetingNoteSchema) })),
});
const taskParams = z.object({ id: z.uuid(), taskId: z.uuid() });
/** Every action on a CTA answers with its fresh detail. */
const action = <B extends z.ZodType>(path: string, body: B) =>
  endpoint({ method: 'POST', path, params: idParams, body, response: ctaDetailSchema });

/** The CTA API: the cockpit, CTA actions, rules and playbooks (src/shared/endpoint.ts). */
export const ctasApi = {
  list: endpoint({ method: 'GET', path: '/api/ctas', query: ctaListQuerySchema, response: ctaListSchema }),
  open: endpoint({ method: 'POST', path: '/api/ctas', body: manualCtaSchema, response: ctaDetailSchema, status: 201 }),
  meeting: endpoint({
    method: 'GET',
    path: '/api/ctas/meeting',
    query: z.object({ on: isoDate.optional() }),
    response: meetingSchema,
  }),
  effectiveness: endpoint({ method: 'GET', path: '/api/ctas/effectiveness', response: effectivenessSchema }),
  detail: endpoint({ method: 'GET', path: '/api/ctas/:id', params: idParams, response: ctaDetailSchema }),
  comment: action('/api/ctas/:id/comments', commentSchema),
  setTask: endpoint({
    method: 'PATCH',
    path: '/api/ctas/:id/tasks/:taskId',
    params: taskParams,
    body: taskPatchSchema,
    response: ctaDetailSchema,
  }),
  taskEmailDraft: endpoint({
    method: 'GET',
    path: '/api/ctas/:id/tasks/:taskId/email',
    params: taskParams,
    response: taskEmailDraftSchema,
  }),
  sendTaskEmail: endpoint({
    method: 'POST',
    path: '/api/ctas/:id/tasks/:taskId/email',
    params: taskParams,
    body: taskEmailSendSchema,
    response: ctaDetailSchema,
  }),
  snooze: action('/api/ctas/:id/snooze', snoozeSchema),
  wake: endpoint({ method: 'POST', path: '/api/ctas/:id/wake', params: idParams, response: ctaDetailSchema }),
  flag: action('/api/ctas/:id/flag', flagSchema),
  assign: action('/api/ctas/:id/assign', assignSchema),
  close: action('/api/ctas/:id/close', closeSchema),
  addMeetingNote: action('/api/ctas/:id/meeting-notes', meetingNoteInputSchema),
  rules: endpoint({
    method: 'GET',
    path: '/api/cta-rules',
    response: z.object({
      items: z.array(ruleSchema),
      triggers: z.array(z.object({ type: z.string(), defaults: z.record(z.string(), z.unknown()) })),
    }),
  }),
  createRule: endpoint({
    method: 'POST',
    path: '/api/cta-rules',
    body: ruleInputSchema,
    response: ruleSchema,
    status: 201,
  }),
  updateRule: endpoint({
    method: 'PATCH',
    path: '/api/cta-rules/:id',
    params: idParams,
    body: rulePatchSchema,
    response: ruleSchema,
  }),
  runRules: endpoint({ method: 'POST', path: '/api/cta-rules/run', response: ruleRunSchema }),
  playbooks: endpoint({ method: 'GET', path: '/api/playbooks', response: itemsOf(playbookSchema) }),
  updatePlaybook: endpoint({
    method: 'PUT',
    path: '/api/playbooks/:id',
    params: idParams,
    body: playbookInputSchema,
    response: playbookSchema,
  }),
};
