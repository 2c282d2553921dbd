import { z } from 'zod';
import { CONTACT_ROLES } from './accounts.js';
import { participantRuleSetSchema, ruleSetSchema } from './conditions.js';
import { endpoint, idParams, okResponse, pageQuery, paged } from './endpoint.js';

/**
 * Journeys (docs/journeys.md): programs that move accounts or contacts through a flow of steps —
 * send a message, invite to a survey, wait, branch, open a CTA, update a field, add to or remove from a segment, exit —
 * run by the job queue. A journey is edited as a draft and published as numbered versions; people in
 * it keep their place when a new version is published.
 */

export const JOURNEY_STEP_KINDS = [
  'send',
  'survey',
  'wait',
  'branch',
  'cta',
  'update_field',
  'segment',
  'exit',
] as const;
export type JourneyStepKind = (typeof JOURNEY_STEP_KINDS)[number];
export const JOURNEY_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];
export const PARTICIPANT_STATUSES = ['active', 'waiting', 'completed', 'exited'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

/** A step's id: stable across versions (a participant's place is its step id). */
const stepId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, { message: 'errors.journeyStepId' })
  .describe('lower-case letters, digits, _ and -; at most 40');
/** The step that follows; null ends the journey (as `exit` does). */
const next = stepId.nullable();

const position = z.object({ x: z.number().finite(), y: z.number().finite() }).optional();
const base = { id: stepId, label: z.string().trim().max(120).optional(), position };

/** A duration in minutes (at least 1, at most 365 days). */
const minutes = z
  .number()
  .int()
  .min(1)
  .max(365 * 24 * 60);

/**
 * Whom a send or survey step of an account journey reaches at each account (a contact journey reaches the
 * participant contact): `all` (or absent) its contacts with an address on the channel; `primary` one contact, the
 * primary one with an address, else the oldest with one; `role` its contacts of `recipientRole`.
 */
export const JOURNEY_RECIPIENTS = ['all', 'primary', 'role'] as const;
export type JourneyRecipients = (typeof JOURNEY_RECIPIENTS)[number];
const recipients = {
  recipients: z.enum(JOURNEY_RECIPIENTS).optional(),
  recipientRole: z.enum(CONTACT_ROLES).optional(),
};

export const journeyStepSchema = z.discriminatedUnion('kind', [
  /** Sends a messaging template (its channel: email, SMS, webhook, in-app, chat robot) to the participant. */
  z.object({ ...base, kind: z.literal('send'), templateId: z.uuid(), ...recipients, next }),
  /**
   * Invites the participant to a survey (NPS, CSAT, custom) through the survey's own invitation template, each
   * with their answer link; the survey's throttle applies, and the answers feed NPS, health and its report.
   */
  z.object({ ...base, kind: z.literal('survey'), surveyId: z.uuid(), ...recipients, next }),
  /**
   * Waits a duration, or until an event (tracking API event name) arrives or the account matches a
   * condition — then `next`; after `timeoutMinutes` without it, `timeoutNext`.
   */
  z.object({
    ...base,
    kind: z.literal('wait'),
    mode: z.enum(['duration', 'event', 'condition']),
    minutes: minutes.optional(),
    event: z.string().trim().min(1).max(200).optional(),
    rules: participantRuleSetSchema.optional(),
    timeoutMinutes: minutes.optional(),
    next,
    timeoutNext: next.optional(),
  }),
  /** The account (health, usage, NPS, attributes, segment fields …) matches `rules` → `yes`, else `no`. */
  z.object({ ...base, kind: z.literal('branch'), rules: participantRuleSetSchema, yes: next, no: next }),
  /** Opens a CTA on the account (owner: the account's CSM, or the pooled queue when it has none). */
  z.object({
    ...base,
    kind: z.literal('cta'),
    title: z.string().trim().min(1).max(200),
    priority: z.enum(['low', 'medium', 'high', 'urgent']).default('medium'),
    dueInDays: z.number().int().min(0).max(365).default(3),
    next,
  }),
  /** Sets an account attribute (`attributes.<key>`) or, for contact journeys, a contact attribute. */
  z.object({
    ...base,
    kind: z.literal('update_field'),
    target: z.enum(['account', 'contact']).default('account'),
    key: z.string().trim().min(1).max(100),
    value: z.union([z.string().max(500), z.number(), z.boolean(), z.null()]),
    next,
  }),
  /** Adds the account to, or removes it from, a segment (its manual members). */
  z.object({ ...base, kind: z.literal('segment'), action: z.enum(['add', 'remove']), segmentId: z.uuid(), next }),
  z.object({ ...base, kind: z.literal('exit') }),
]);
export type JourneyStep = z.infer<typeof journeyStepSchema>;

export const journeyEntrySchema = z.discriminatedUnion('kind', [
  /** Accounts that enter the segment are enrolled (checked on every data change and every few minutes). */
  z.object({ kind: z.literal('segment'), segmentId: z.uuid() }),
  /** An event of this name from the tracking API enrols its account (or its user's contact). */
  z.object({ kind: z.literal('event'), event: z.string().trim().min(1).max(200) }),
  /** Only by hand (the journey page, or POST …/enrol). */
  z.object({ kind: z.literal('manual') }),
]);
export type JourneyEntry = z.infer<typeof journeyEntrySchema>;

/** A time of day, HH:MM (24 h). */
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'errors.journeyTime' });

export const journeyDefinitionSchema = z.object({
  /** Who moves through it: an account (messages go to its contacts) or each contact on its own. */
  scope: z.enum(['account', 'contact']).default('account'),
  entry: journeyEntrySchema,
  /** Leaves the journey as soon as the account matches (e.g. "activated"), wherever it is. */
  exitWhen: ruleSetSchema.nullable().default(null),
  /** never: once per account/contact; after_exit: again once it has left; after_days: N days after it entered. */
  reentry: z.enum(['never', 'after_exit', 'after_days']).default('never'),
  reentryDays: z.number().int().min(1).max(3650).optional(),
  /** No send between start and end in the customer's time zone; the send waits for the end. */
  quietHours: z.object({ start: timeOfDay, end: timeOfDay }).nullable().default(null),
  /** The first step. */
  start: stepId,
  steps: z.array(journeyStepSchema).min(1).max(100),
});
export type JourneyDefinition = z.infer<typeof journeyDefinitionSchema>;
export type JourneyDefinitionInput = z.input<typeof journeyDefinitionSchema>;

export const journeyInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  definition: journeyDefinitionSchema,
});
export type JourneyInput = z.infer<typeof journeyInputSchema>;

/** Participants per step of the published version (for the counts on the flow). */
export const journeyStepStatsSchema = z.object({
  stepId: z.string(),
  /** Now at the step (active or waiting). */
  current: z.number().int(),
  /** Have passed through it (for send steps: the messages sent). */
  passed: z.number().int(),
});

export const journeySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(JOURNEY_STATUSES),
  scope: z.enum(['account', 'contact']),
  entryKind: z.enum(['segment', 'event', 'manual']),
  /** Published version number; null before the first publish. */
  version: z.number().int().nullable(),
  /** The draft differs from the published version. */
  hasUnpublishedChanges: z.boolean(),
  inJourney: z.number().int(),
  completed: z.number().int(),
  exited: z.number().int(),
  updatedAt: z.date(),
});
export type JourneySummary = z.infer<typeof journeySummarySchema>;

export const journeyVersionSchema = z.object({
  version: z.number().int(),
  publishedAt: z.date(),
  publishedBy: z.string().nullable(),
});

export const journeySchema = journeySummarySchema.extend({
  /** The draft being edited (equal to the published definition right after a publish). */
  draft: journeyDefinitionSchema,
  published: journeyDefinitionSchema.nullable(),
  versions: z.array(journeyVersionSchema),
  steps: z.array(journeyStepStatsSchema),
});
export type JourneyView = z.infer<typeof journeySchema>;

export const participantSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  version: z.number().int(),
  stepId: z.string().nullable(),
  status: z.enum(PARTICIPANT_STATUSES),
  /** When it next moves (a wait's end, quiet hours' end); null when not waiting on time. */
  nextAt: z.date().nullable(),
  enteredAt: z.date(),
  leftAt: z.date().nullable(),
  /** completed, exit step, exit criteria, removed by hand, journey archived … */
  leftReason: z.string().nullable(),
});
export type ParticipantView = z.infer<typeof participantSchema>;

export const journeysApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/journeys',
    query: pageQuery.extend({
      status: z.enum(JOURNEY_STATUSES).optional(),
      q: z.string().trim().max(200).optional(),
    }),
    response: paged(journeySummarySchema),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/journeys',
    body: journeyInputSchema,
    response: journeySchema,
    status: 201,
  }),
  get: endpoint({ method: 'GET', path: '/api/journeys/:id', params: idParams, response: journeySchema }),
  /** Saves the draft (name, description, definition); checked: step references, templates, segments. */
  update: endpoint({
    method: 'PUT',
    path: '/api/journeys/:id',
    params: idParams,
    body: journeyInputSchema,
    response: journeySchema,
  }),
  /** Publishes the draft as the next version and starts (or keeps) the journey running. */
  publish: endpoint({ method: 'POST', path: '/api/journeys/:id/publish', params: idParams, response: journeySchema }),
  pause: endpoint({ method: 'POST', path: '/api/journeys/:id/pause', params: idParams, response: journeySchema }),
  resume: endpoint({ method: 'POST', path: '/api/journeys/:id/resume', params: idParams, response: journeySchema }),
  /** Archives: everyone still in it leaves (reason `archived`); nothing more is sent. */
  archive: endpoint({ method: 'POST', path: '/api/journeys/:id/archive', params: idParams, response: journeySchema }),
  /** Enrols by hand (any entry kind): accounts, or contacts for a contact journey. Re-entry rules apply. */
  enrol: endpoint({
    method: 'POST',
    path: '/api/journeys/:id/enrol',
    params: idParams,
    body: z
      .object({
        accountIds: z.array(z.uuid()).max(10_000).optional(),
        contactIds: z.array(z.uuid()).max(10_000).optional(),
      })
      .refine((b) => (b.accountIds?.length ?? 0) + (b.contactIds?.length ?? 0) > 0, {
        message: 'errors.journeyEnrolEmpty',
      }),
    response: z.object({ enrolled: z.number().int(), skipped: z.number().int() }),
  }),
  participants: endpoint({
    method: 'GET',
    path: '/api/journeys/:id/participants',
    params: idParams,
    query: pageQuery.extend({
      status: z.enum(PARTICIPANT_STATUSES).optional(),
      stepId: z.string().max(40).optional(),
      q: z.string().trim().max(200).optional(),
    }),
    response: paged(participantSchema),
  }),
  /** Takes a participant out by hand (reason `removed`). */
  removeParticipant: endpoint({
    method: 'DELETE',
    path: '/api/journeys/:id/participants/:participantId',
    params: z.object({ id: z.uuid(), participantId: z.uuid() }),
    response: okResponse,
  }),
  /** The journeys an account is in (360). */
  ofAccount: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/journeys',
    params: idParams,
    response: z.object({
      items: z.array(participantSchema.extend({ journeyId: z.string(), journeyName: z.string() })),
    }),
  }),
};
