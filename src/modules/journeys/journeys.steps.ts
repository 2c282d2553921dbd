import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { isContactField, type RuleSet } from '../../shared/conditions.js';
import type { JourneyDefinition, JourneyRecipients, JourneyStep } from '../../shared/journeys.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import type { AccountService } from '../accounts/accounts.service.js';
import { systemActor } from '../audit/actor.js';
import { contactColumn, contactRows } from '../contacts/contacts.read.js';
import type { ContactService } from '../contacts/contacts.service.js';
import type { CtaService } from '../ctas/ctas.service.js';
import type { MessagingService } from '../messaging/messaging.service.js';
import type { SegmentService } from '../segments/segments.service.js';
import type { SurveyService } from '../surveys/surveys.service.js';
import { trackedEvents } from '../usage/usage.read.js';
import type { Mover, Outcome } from './journeys.types.js';
import { quietUntil, usableTimeZone } from './quiet-hours.js';

export interface StepDeps {
  db: Kysely<DB>;
  timeZone: string;
  messaging: () => Pick<MessagingService, 'sendMany' | 'templates'>;
  accounts: Pick<AccountService, 'ruleSetsMatched' | 'subjectsMatching' | 'setAttribute'>;
  contacts: Pick<ContactService, 'setField'>;
  ctas: Pick<CtaService, 'openMany'>;
  segments: Pick<SegmentService, 'setManualMembers'>;
  surveys: Pick<SurveyService, 'list' | 'inviteClaimed'>;
}

/** A send still claimed by another run (or by one that crashed, until its lease runs out): look again in a minute. */
const RETRY_MS = 60_000;
/** Event and condition waits look again this often (and at their timeout). */
const POLL_MS = 60_000;
const minutesAfter = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);
const each = (movers: Mover[], outcome: (m: Mover) => Outcome) => new Map(movers.map((m) => [m.id, outcome(m)]));

/**
 * Which of the participants match the rules now: one statement for the whole group — over their accounts,
 * or, when the rules test the contact's own fields (a contact journey), over each (account, contact).
 */
async function matching(deps: StepDeps, rules: RuleSet, movers: Mover[]) {
  if (rules.conditions.some((c) => isContactField(c.field))) {
    const subjects = movers
      .filter((m) => m.contactId)
      .map((m) => ({ key: m.id, accountId: m.accountId, contactId: m.contactId! }));
    const matched = await deps.accounts.subjectsMatching(rules, subjects, contactColumn(deps.db));
    return (m: Mover) => matched.has(m.id);
  }
  const matched = await deps.accounts.ruleSetsMatched(
    [{ id: 'match', ...rules }],
    [...new Set(movers.map((m) => m.accountId))],
  );
  return (m: Mover) => matched.has(m.accountId);
}

/** The movers' accounts' time zones: attribute `timezone` when it names a real zone, else the organisation's. */
async function timeZones(deps: StepDeps, movers: Mover[]) {
  const ids = [...new Set(movers.map((m) => m.accountId))];
  const rows = await deps.db
    .selectFrom(liveAccounts(deps.db).as('a'))
    .select(['a.id', sql<string | null>`a.attributes->>'timezone'`.as('zone')])
    .where('a.id', '=', sql<string>`any(${ids}::uuid[])`)
    .execute();
  const zones = new Map(rows.map((r) => [r.id, usableTimeZone(r.zone, deps.timeZone)]));
  return (m: Mover) => zones.get(m.accountId) ?? deps.timeZone;
}

/**
 * Who a message of this channel reaches for each participant: a contact participant itself; an account
 * participant's live contacts with an address on the channel (email, phone; in-app and the others need none),
 * as the step's `recipients` narrows them — all of them, one (the primary contact with an address, else the
 * oldest with one, as other mails to a customer choose), or those of a decision-chain role. One statement.
 */
async function recipientsOf(
  deps: StepDeps,
  due: Mover[],
  channel: string,
  step: { recipients?: JourneyRecipients; recipientRole?: string },
) {
  const address =
    channel === 'email' ? sql`c.email is not null` : channel === 'sms' ? sql`c.phone is not null` : sql`true`;
  const role = step.recipients === 'role' ? sql`c.role = ${step.recipientRole ?? ''}` : sql`true`;
  // distinct on keeps the first row per account in this order: the primary contact, then the oldest.
  const one = step.recipients === 'primary' ? sql`distinct on (c.account_id)` : sql``;
  const accountIds = due.filter((m) => !m.contactId).map((m) => m.accountId);
  const { rows: contacts } = accountIds.length
    ? await sql<{ id: string; account_id: string }>`
        select ${one} c.id, c.account_id from ${contactRows(deps.db)} c
        where c.account_id = any(${accountIds}::uuid[]) and c.deleted_at is null and ${address} and ${role}
        order by c.account_id, c.is_primary desc, c.created_at, c.id`.execute(deps.db)
    : { rows: [] };
  const moverOfAccount = new Map(due.filter((m) => !m.contactId).map((m) => [m.accountId, m]));
  return [
    ...contacts.map((c) => ({ contactId: c.id, accountId: c.account_id, mover: moverOfAccount.get(c.account_id)! })),
    ...due.filter((m) => m.contactId).map((m) => ({ contactId: m.contactId!, accountId: m.accountId, mover: m })),
  ];
}

/**
 * Sends the template to every participant not in its quiet hours, in one call: account participants reach
 * each of their account's contacts with an address on the template's channel, contact participants
 * themselves. The key `journey:<participant>:<step>:<contact>` makes messaging's claim send it exactly once
 * however often this runs; a send still claimed elsewhere holds the participant until it is finished.
 */
async function send(deps: StepDeps, step: Extract<JourneyStep, { kind: 'send' }>, movers: Mover[], ctx: Ctx) {
  const { out, due } = await outsideQuietHours(deps, movers, ctx);
  if (!due.length) return out;
  const template = await deps.messaging().templates.row(step.templateId);
  const prefixes: Record<string, string> = {};
  const moverOfContact = new Map<string, Mover>();
  for (const r of await recipientsOf(deps, due, template.channel, step)) {
    prefixes[r.contactId] = `journey:${r.mover.id}:${step.id}`;
    moverOfContact.set(r.contactId, r.mover);
  }
  const sends = await deps.messaging().sendMany({
    templateId: step.templateId,
    contactIds: Object.keys(prefixes),
    idempotencyKey: `journey:${step.id}`,
    keyPrefixes: prefixes,
  });
  const inFlight = new Set(
    sends.filter((s) => s.status === 'claimed').map((s) => moverOfContact.get(s.contactId!)!.id),
  );
  for (const m of due)
    out.set(
      m.id,
      inFlight.has(m.id)
        ? { kind: 'hold', until: new Date(ctx.now.getTime() + RETRY_MS), polls: false }
        : { kind: 'advance', next: step.next },
    );
  return out;
}

/** Waits: a duration from arrival; or an event / a condition, looked at every run, until `timeoutMinutes`. */
async function wait(deps: StepDeps, step: Extract<JourneyStep, { kind: 'wait' }>, movers: Mover[], ctx: Ctx) {
  if (step.mode === 'duration')
    return each(movers, (m) => {
      const until = minutesAfter(m.stepStartedAt, step.minutes ?? 0);
      return until <= ctx.now ? { kind: 'advance', next: step.next } : { kind: 'hold', until, polls: false };
    });
  const happened =
    step.mode === 'condition' ? await matching(deps, step.rules!, movers) : await eventSince(deps, step.event!, movers);
  return each(movers, (m) => {
    if (happened(m)) return { kind: 'advance', next: step.next };
    const deadline = minutesAfter(m.stepStartedAt, step.timeoutMinutes ?? 0);
    if (deadline <= ctx.now) return { kind: 'advance', next: step.timeoutNext ?? null };
    const look = new Date(ctx.now.getTime() + POLL_MS);
    return { kind: 'hold', until: look < deadline ? look : deadline, polls: true };
  });
}

/** Which participants' accounts tracked the event since they reached the step: one statement. */
async function eventSince(deps: StepDeps, event: string, movers: Mover[]) {
  const { rows } = await sql<{ id: string }>`
    select p.id from unnest(${movers.map((m) => m.id)}::uuid[], ${movers.map((m) => m.accountId)}::uuid[],
      ${movers.map((m) => m.stepStartedAt.toISOString())}::timestamptz[]) as p(id, account_id, since)
    where exists (select 1 from (${trackedEvents()}) e
      where e.account_id = p.account_id and e.event = ${event} and e.timestamp >= p.since)`.execute(deps.db);
  const seen = new Set(rows.map((r) => r.id));
  return (m: Mover) => seen.has(m.id);
}

/**
 * Opens the CTA once per participation: the CTA carries the key `journey:<participant>:<step>`, so a step run
 * again (a crash between opening and moving on) finds the CTA it opened — none lost, none doubled.
 */
async function cta(deps: StepDeps, step: Extract<JourneyStep, { kind: 'cta' }>, movers: Mover[], ctx: Ctx) {
  const dueOn = new Date(ctx.now.getTime() + step.dueInDays * 86_400_000).toISOString().slice(0, 10);
  await deps.ctas.openMany(
    systemActor,
    movers.map((m) => ({
      accountId: m.accountId,
      type: 'onboarding' as const,
      title: step.title,
      priority: step.priority,
      dueOn,
      key: `journey:${m.id}:${step.id}`,
    })),
  );
  return each(movers, () => ({ kind: 'advance', next: step.next }));
}

/** Contact fields a journey may set (contacts have no free attributes). */
export const CONTACT_FIELDS = ['title', 'phone', 'role'] as const;

async function updateField(deps: StepDeps, step: Extract<JourneyStep, { kind: 'update_field' }>, movers: Mover[]) {
  if (step.target === 'contact') {
    const contactIds = movers.flatMap((m) => (m.contactId ? [m.contactId] : []));
    const value = step.value === null ? null : String(step.value);
    await deps.contacts.setField(systemActor, contactIds, step.key as (typeof CONTACT_FIELDS)[number], value);
  } else
    await deps.accounts.setAttribute(systemActor, [...new Set(movers.map((m) => m.accountId))], step.key, step.value);
  return each(movers, () => ({ kind: 'advance', next: step.next }));
}

async function segment(deps: StepDeps, step: Extract<JourneyStep, { kind: 'segment' }>, movers: Mover[]) {
  await deps.segments.setManualMembers(
    step.segmentId,
    movers.map((m) => m.accountId),
    step.action === 'add',
  );
  return each(movers, () => ({ kind: 'advance', next: step.next }));
}

type Ctx = { definition: JourneyDefinition; now: Date };

/** Participants outside their quiet hours (now), and a hold until the end of them for the others. */
async function outsideQuietHours(deps: StepDeps, movers: Mover[], ctx: Ctx) {
  const out = new Map<string, Outcome>();
  const zoneOf = await timeZones(deps, movers);
  const due: Mover[] = [];
  for (const m of movers) {
    const until = quietUntil(ctx.now, ctx.definition.quietHours, zoneOf(m));
    if (until > ctx.now) out.set(m.id, { kind: 'hold', until, polls: false });
    else due.push(m);
  }
  return { out, due };
}

/**
 * Invites every participant outside its quiet hours to the survey: account participants' live contacts with
 * an address on the invitation's channel, contact participants themselves. The survey claims `journey:<participant>:<step>:<contact>` per
 * invitation (docs/surveys.md), so a rerun after a crash invites nobody twice and finishes an unsent one.
 */
async function survey(deps: StepDeps, step: Extract<JourneyStep, { kind: 'survey' }>, movers: Mover[], ctx: Ctx) {
  const { out, due } = await outsideQuietHours(deps, movers, ctx);
  const found = (await deps.surveys.list()).find((x) => x.id === step.surveyId);
  const channel = found ? (await deps.messaging().templates.row(found.templateId)).channel : 'email';
  const invitees = (await recipientsOf(deps, due, channel, step)).map((r) => ({
    contactId: r.contactId,
    accountId: r.accountId,
    claimKey: `journey:${r.mover.id}:${step.id}:${r.contactId}`,
  }));
  await deps.surveys.inviteClaimed(step.surveyId, invitees);
  for (const m of due) out.set(m.id, { kind: 'advance', next: step.next });
  return out;
}

/** Runs one step for every participant at it (a group of one journey version). */
export async function runStep(
  deps: StepDeps,
  step: JourneyStep,
  movers: Mover[],
  ctx: Ctx,
): Promise<Map<string, Outcome>> {
  switch (step.kind) {
    case 'send':
      return send(deps, step, movers, ctx);
    case 'survey':
      return survey(deps, step, movers, ctx);
    case 'wait':
      return wait(deps, step, movers, ctx);
    case 'branch': {
      const yes = await matching(deps, step.rules, movers);
      return each(movers, (m) => ({ kind: 'advance', next: yes(m) ? step.yes : step.no }));
    }
    case 'cta':
      return cta(deps, step, movers, ctx);
    case 'update_field':
      return updateField(deps, step, movers);
    case 'segment':
      return segment(deps, step, movers);
    case 'exit':
      return each(movers, () => ({ kind: 'leave', reason: 'exit_step' }));
  }
}
