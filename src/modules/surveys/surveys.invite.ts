import { randomUUID } from 'node:crypto';
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { SurveysTable } from '../../db/tables/surveys.js';
import { LOCALES, type Locale, translator } from '../../i18n/index.js';
import type { SurveySendResult } from '../../shared/surveys.js';
import type { SurveyDeps } from './surveys.service.js';
import { answerPath, SURVEY_LINK_PURPOSE } from './surveys.types.js';

/** How long an invitation's answer link works. */
export const ANSWER_DAYS = 30;
const CHUNK = 1000;
/** A send still `pending` this long after it was made is taken to be a crash, and no longer throttles. */
const PENDING_MINUTES = 10;

/** Whether the contact was sent any survey within `days`, or has one being sent right now. */
export const throttled = (contactId: RawBuilder<unknown>, now: Date, days: number) => sql<boolean>`exists (
  select 1 from survey_sends s where s.contact_id = ${contactId} and (
    (s.status = 'sent' and s.sent_at > ${now}::timestamptz - make_interval(days => ${days}))
    or (s.status = 'pending' and s.created_at > ${now}::timestamptz - make_interval(mins => ${PENDING_MINUTES}))))`;

/** The question in each language an in-app prompt may be shown in: the survey's own, else the kind's standard one. */
function promptQuestion(survey: Selectable<SurveysTable>): Partial<Record<Locale, string>> {
  const own = survey.question ?? {};
  const question: Partial<Record<Locale, string>> = {};
  for (const locale of LOCALES) {
    const standard = survey.kind === 'custom' ? undefined : translator(locale)(`surveys.page.question.${survey.kind}`);
    const text = own[locale]?.trim() || standard || Object.values(own).find((q) => q?.trim());
    if (text) question[locale] = text;
  }
  return question;
}

/** A contact chosen for a survey; `ticketId` when a closed ticket asked for it. */
export interface Invitee {
  contactId: string;
  accountId: string;
  throttled: boolean;
  ticketId?: string;
  /** Asked for exactly once by another module (a closed ticket, a journey step): one invitation per survey × key. */
  claimKey?: string;
}

/**
 * Invites the chosen contacts: one survey_sends row each (with its signed answer link), then one
 * messaging sendMany, then each row's outcome. Throttled contacts are counted as skipped; those with a claim
 * key (a closed ticket, a journey step) are also stored as skipped, so the claim is spent and the caller
 * never comes back to it. A key already claimed (a second run) inserts nothing and sends nothing — unless
 * its invitation is still `pending` past the lease (a crash between the claim and the send): that one is
 * sent now, under the same messaging key (`survey:<invitation id>`), so it goes out once and only once.
 */
export async function invite(
  deps: Pick<SurveyDeps, 'db' | 'clock' | 'messaging' | 'publicUrl'>,
  survey: Selectable<SurveysTable>,
  invitees: readonly Invitee[],
): Promise<SurveySendResult> {
  const { db } = deps;
  const now = deps.clock.now();
  const skipped: Record<string, number> = {};
  const skip = (reason: string, n = 1) => {
    if (n) skipped[reason] = (skipped[reason] ?? 0) + n;
  };
  const result = { selected: invitees.length, sent: 0, skipped, failed: 0 };
  const messaging = deps.messaging();
  const ids = invitees.map(() => randomUUID());
  const tokens = ids.length ? await messaging.signLinks(SURVEY_LINK_PURPOSE, ids) : [];
  const expires = new Date(now.getTime() + ANSWER_DAYS * 86_400_000);
  const rows = invitees
    .map((r, i) => ({
      id: ids[i]!,
      survey_id: survey.id,
      account_id: r.accountId,
      contact_id: r.contactId,
      token: tokens[i]!,
      status: r.throttled ? ('skipped' as const) : ('pending' as const),
      reason: r.throttled ? 'throttled' : null,
      ticket_id: r.ticketId ?? null,
      claim_key: r.claimKey ?? null,
      created_at: now,
      expires_at: expires,
    }))
    // Only claimed invitations need a stored skip (their claim); a throttled hand-sent one stores nothing.
    .filter((r) => r.status === 'pending' || r.claim_key);
  const claimed = new Set<string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const inserted = await db
      .insertInto('survey_sends')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['survey_id', 'claim_key']).where('claim_key', 'is not', null).doNothing())
      .returning('id')
      .execute();
    for (const r of inserted) claimed.add(r.id);
  }
  const throttledCount = invitees.filter((r, i) => r.throttled && (!r.claimKey || claimed.has(ids[i]!))).length;
  skip('throttled', throttledCount);
  const keys = rows.filter((r) => r.claim_key && !claimed.has(r.id)).map((r) => r.claim_key!);
  const stale = keys.length
    ? await db
        .selectFrom('survey_sends')
        .select(['id', 'contact_id', 'token'])
        .where('survey_id', '=', survey.id)
        .where('claim_key', 'in', keys)
        .where('status', '=', 'pending')
        .where('created_at', '<', new Date(now.getTime() - PENDING_MINUTES * 60_000))
        .execute()
    : [];
  const targets = [
    ...rows.filter((r) => r.status === 'pending' && claimed.has(r.id)),
    ...stale.map((r) => ({ id: r.id, contact_id: r.contact_id, token: r.token })),
  ];
  result.selected = targets.length + throttledCount;
  if (!targets.length) return result;

  const base = deps.publicUrl.replace(/\/+$/, '');
  const question = promptQuestion(survey);
  const sends = await messaging.sendMany({
    templateId: survey.template_id,
    contactIds: targets.map((t) => t.contact_id),
    idempotencyKey: `survey:${randomUUID()}`,
    // One messaging key per invitation: sending a stale pending one again cannot send it twice.
    keyPrefixes: Object.fromEntries(targets.map((t) => [t.contact_id, `survey:${t.id}`])),
    variables: Object.fromEntries(
      targets.map((t) => [
        t.contact_id,
        {
          survey: {
            link: `${base}${answerPath}?t=${t.token}`,
            // Used when the invitation's template is in-app: the snippet asks the question itself.
            prompt: { token: t.token, kind: survey.kind, scale: survey.scale, question },
          },
        },
      ]),
    ),
  });
  const byContact = new Map(sends.map((s) => [s.contactId, s]));
  const outcome = targets.map((t) => {
    const s = byContact.get(t.contact_id);
    // A webhook invitation is queued for delivery: the contact was invited.
    const status = !s
      ? 'skipped'
      : s.status === 'sent' || s.status === 'queued'
        ? 'sent'
        : s.status === 'skipped'
          ? 'skipped'
          : 'failed';
    const reason = !s ? 'no_recipient' : status === 'skipped' ? (s.reason ?? 'skipped') : null;
    if (status === 'sent') result.sent++;
    else if (status === 'failed') result.failed++;
    else skip(reason!);
    return { id: t.id, status, reason, send: s?.id ?? null, locale: s?.locale ?? null };
  });
  await sql`
    update survey_sends s set status = u.status, reason = u.reason, message_send_id = u.send, locale = u.locale,
      sent_at = case when u.status = 'sent' then ${now}::timestamptz end
    from unnest(${outcome.map((o) => o.id)}::uuid[], ${outcome.map((o) => o.status)}::text[],
      ${outcome.map((o) => o.reason)}::text[], ${outcome.map((o) => o.send)}::uuid[], ${outcome.map((o) => o.locale)}::text[])
      as u(id, status, reason, send, locale)
    where s.id = u.id`.execute(db);
  return result;
}
