import { type Kysely, type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.js';
import { accountRows } from '../accounts/accounts.read.js';
import { auditRows } from '../audit/audit.read.js';
import { stripeInvoiceRows } from '../billing/invoices.read.js';
import { contactRows } from '../contacts/contacts.read.js';
import { accountMilestoneRows, milestoneTemplateRows } from '../milestones/milestones.read.js';
import { reviewDueRows } from '../reviews/reviews.read.js';
import type { ContractTerm } from '../subscriptions/contracts.read.js';
import { subscriptionVersionRows } from '../subscriptions/versions.read.js';
import { npsResponseRows } from '../surveys/nps.read.js';
import { ticketRows } from '../tickets/tickets.read.js';
import { activityRows } from '../timeline/activities.read.js';
import { userDailyRows, usageDailyRows } from '../usage/usage.history.read.js';

/**
 * The trigger registry. Each trigger is one set-based SELECT over every account, yielding a row per
 * fact that holds on `today` (docs/ctas.md "CTA identity"):
 *   account_id uuid, fact text, continuing boolean, params jsonb, anchor date, lead int, ord int
 * - fact: what the firing is about (`nps:<response>`, `renewal:<date>`, `milestone:<template>`,
 *   `ticket:<id>` …). For a continuing condition (`continuing` true) it names the condition, and the
 *   engine turns it into the current episode of that condition.
 * - params: the CTA's reason parameters, so the reason reads in both languages.
 * - anchor, lead: a date-anchored fact (a renewal) and the days before it its plan spans; null otherwise.
 * - ord: which of an account's facts comes first when several hold (one CTA per rule is open at a time).
 * The rule engine materialises it once per run and wraps it in set-based statements.
 */
export interface TriggerDeps {
  health?: { accountsRedForWeeks(weeks: number, asOfDay: string): Promise<string[]> };
  contractTerms?: (asOfDay: string, accountIds?: string[]) => Promise<ContractTerm[]>;
  /** Renewals whose outcome is already recorded (the renewals module): no renewal CTA opens for them. */
  decidedRenewals?: (accountIds: string[]) => Promise<{ accountId: string; renewsOn: string }[]>;
}

export interface TriggerContext<P> {
  /** Builds the read models of other modules composed into the statement (it runs in the engine's transaction). */
  db: Kysely<DB>;
  today: string;
  /** The organisation's time zone: timestamps are cut into its days. */
  tz: string;
  params: P;
  deps: TriggerDeps;
  accountIds?: string[];
}

export interface Candidate {
  account_id: string;
  fact: string;
  continuing: boolean;
  params: Record<string, unknown>;
  anchor: string | null;
  lead: number | null;
  ord: number;
}
export type Candidates = RawBuilder<Candidate>;
/** null: the trigger cannot be evaluated (its data source is not wired in), so nothing opens or closes. */
type Evaluation = Candidates | null;

interface Trigger<P> {
  params: z.ZodType<P>;
  candidates(ctx: TriggerContext<P>): Promise<Evaluation> | Evaluation;
}

const days = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);
const percent = (fallback: number) => z.number().min(1).max(1000).default(fallback);
const define = <P>(trigger: Trigger<P>) => trigger as Trigger<unknown>;
const none: Candidates = sql`select null::uuid as account_id, null::text as fact, false as continuing, '{}'::jsonb as params,
  null::date as anchor, null::int as lead, 0 as ord where false`;
/** The columns after `params` of a fact that is not date-anchored. */
const plain = (ord: RawBuilder<unknown> | number = 1) =>
  sql`null::date as anchor, null::int as lead, ${typeof ord === 'number' ? sql.lit(ord) : ord}::int as ord`;

/** The first instant of the day `offset` days after `today`, in the organisation's time zone. */
const dayStart = (today: string, tz: string, offset: number) =>
  sql`((${today}::date + ${offset}::int)::timestamp at time zone ${tz})`;

export const TRIGGERS = {
  /** Any success milestone past its due date and not completed; each missed milestone is a fact, the earliest first. */
  milestone_overdue: define({
    params: z.object({ graceDays: z.number().int().min(0).max(365).default(0) }),
    candidates: ({ db, today, params }) => sql`
      select m.account_id, 'milestone:' || m.template_id as fact, false as continuing,
             jsonb_build_object('count', (count(*) over w)::int, 'milestone', t.name, 'milestoneKey', t.key, 'dueOn', m.due_on::text) as params,
             ${plain(sql`row_number() over (w order by m.due_on, t.position, t.id)`)}
      from ${accountMilestoneRows(db)} m join ${milestoneTemplateRows(db)} t on t.id = m.template_id
      where m.completed_on is null and m.due_on + ${params.graceDays}::int < ${today}::date
      window w as (partition by m.account_id)`,
  }),

  /** Event count over the last N days at least P % below the N days before (which had usage). */
  usage_drop: define({
    params: z.object({ percent: percent(30), days: days(365, 30) }),
    candidates: ({ db, today, params }) => sql`
      select account_id, 'usage_drop' as fact, true as continuing,
             jsonb_build_object('percent', round(100 - 100.0 * cur / prev)::int, 'days', ${params.days}::int) as params, ${plain()}
      from (
        select account_id,
               coalesce(sum(count) filter (where day > ${today}::date - ${params.days}::int), 0) as cur,
               coalesce(sum(count) filter (where day <= ${today}::date - ${params.days}::int), 0) as prev
        from ${usageDailyRows(db)} u
        where day > ${today}::date - 2 * ${params.days}::int and day <= ${today}::date
        group by account_id
      ) u
      where prev > 0 and cur <= prev * (1 - ${params.percent}::numeric / 100)`,
  }),

  /** Paying customers (for at least N days) with no product usage and no logged activity for N days. */
  no_activity: define({
    params: z.object({ days: days(365, 14) }),
    candidates: ({ db, today, params, tz }) => sql`
      select a.id as account_id, 'no_activity' as fact, true as continuing, jsonb_build_object('days', ${params.days}::int) as params, ${plain()}
      from ${accountRows(db)} a
      where a.first_paid_on is not null and a.first_paid_on <= ${today}::date - ${params.days}::int
        and not exists (select 1 from ${usageDailyRows(db)} u where u.account_id = a.id and u.day > ${today}::date - ${params.days}::int and u.day <= ${today}::date)
        and not exists (select 1 from ${activityRows(db)} x where x.account_id = a.id and x.type <> 'system'
                          and x.occurred_at >= ${dayStart(today, tz, 1 - params.days)})`,
  }),

  /**
   * Red health N weeks running — answered by the health module when it is wired in — for paying
   * customers only (paid by today, not churned): a trial or a handoff has no health to rescue, and
   * a red snapshot left from before it was a customer must not open a risk CTA.
   */
  health_red: define({
    params: z.object({ weeks: z.number().int().min(1).max(52).default(2) }),
    async candidates({ db, today, params, deps }) {
      if (!deps.health) return null;
      const red = await deps.health.accountsRedForWeeks(params.weeks, today);
      if (!red.length) return none;
      return sql`
        select a.id as account_id, 'health_red' as fact, true as continuing, ${JSON.stringify({ weeks: params.weeks })}::jsonb as params, ${plain()}
        from ${accountRows(db)} a
        where a.id = any(${red}::uuid[]) and a.first_paid_on is not null and a.first_paid_on <= ${today}::date
          and (a.churned_on is null or a.churned_on > ${today}::date)`;
    },
  }),

  /** The account's latest NPS answer in the last N days was 0–6. */
  nps_detractor: define({
    params: z.object({ days: days(365, 30) }),
    candidates: ({ db, today, params, tz }) => sql`
      select account_id, 'nps:' || id as fact, false as continuing, jsonb_build_object('score', score) as params, ${plain()} from (
        select distinct on (account_id) account_id, id, score from ${npsResponseRows(db)} n
        where responded_at >= ${dayStart(today, tz, 1 - params.days)} and responded_at < ${dayStart(today, tz, 1)}
        order by account_id, responded_at desc, id desc
      ) r where score <= 6`,
  }),

  /** The account's latest NPS answer in the last N days was 9–10 (advocacy). */
  promoter: define({
    params: z.object({ days: days(365, 30) }),
    candidates: ({ db, today, params, tz }) => sql`
      select account_id, 'nps:' || id as fact, false as continuing, jsonb_build_object('score', score) as params, ${plain()} from (
        select distinct on (account_id) account_id, id, score from ${npsResponseRows(db)} n
        where responded_at >= ${dayStart(today, tz, 1 - params.days)} and responded_at < ${dayStart(today, tz, 1)}
        order by account_id, responded_at desc, id desc
      ) r where score >= 9`,
  }),

  /**
   * An open urgent ticket, or at least `spike` tickets opened in the last N days. Each open urgent
   * ticket is a fact (the oldest first); a spike is a continuing condition.
   */
  tickets: define({
    params: z.object({ spike: z.number().int().min(1).max(10_000).default(5), days: days(90, 7) }),
    candidates: ({ db, today, params, tz }) => sql`
      select s.account_id, x.fact, x.continuing, jsonb_build_object('urgent', s.urgent, 'count', s.recent) as params, ${plain(sql`x.ord`)}
      from (
        select account_id,
               count(*) filter (where priority = 'urgent' and status in ('open', 'pending'))::int as urgent,
               count(*) filter (where opened_at >= ${dayStart(today, tz, 1 - params.days)})::int as recent
        from ${ticketRows(db)} t where opened_at < ${dayStart(today, tz, 1)} group by account_id
      ) s
      cross join lateral (
        select 'ticket:' || t.id as fact, false as continuing, row_number() over (order by t.opened_at, t.id) as ord
        from ${ticketRows(db)} t
        where t.account_id = s.account_id and t.priority = 'urgent' and t.status in ('open', 'pending') and t.opened_at < ${dayStart(today, tz, 1)}
        union all
        select 'spike', true, 1000000 where s.recent >= ${params.spike}::int
      ) x`,
  }),

  /**
   * The contract renews (or ends) within N days — from the subscriptions module's contract terms.
   * The fact is the renewal date, which anchors the CTA: its due date and plan count back from it
   * over the N days. A renewal whose outcome is already recorded opens nothing.
   */
  renewal_due: define({
    params: z.object({ days: days(730, 90) }),
    async candidates({ today, params, deps, accountIds }) {
      if (!deps.contractTerms) return null;
      const terms = await deps.contractTerms(today, accountIds);
      let due = terms.filter((t) => t.renewsOn !== null && t.renewsOn <= addDays(today, params.days));
      if (due.length && deps.decidedRenewals) {
        const decided = new Set(
          (await deps.decidedRenewals(due.map((t) => t.accountId))).map((d) => `${d.accountId}|${d.renewsOn}`),
        );
        due = due.filter((t) => !decided.has(`${t.accountId}|${t.renewsOn}`));
      }
      if (!due.length) return none;
      return sql`select r.account_id, 'renewal:' || r.renews_on as fact, false as continuing,
          jsonb_build_object('renewsOn', r.renews_on, 'days', ${params.days}::int) as params,
          r.renews_on::date as anchor, ${params.days}::int as lead, 1 as ord
        from unnest(${due.map((t) => t.accountId)}::uuid[], ${due.map((t) => t.renewsOn)}::text[]) as r (account_id, renews_on)`;
    },
  }),

  /**
   * A champion or decision maker left in the last N days: the contact was removed, or an update
   * (before/after in the audit log) moved its role away from champion / decision maker.
   */
  key_contact_left: define({
    params: z.object({ days: days(365, 30) }),
    candidates: ({ db, today, params, tz }) => sql`
      select account_id, 'contact:' || contact_id as fact, false as continuing,
             jsonb_build_object('name', name, 'count', (count(*) over w)::int) as params, ${plain(sql`row_number() over (w order by at desc, contact_id)`)}
      from (
        select account_id, contact_id, max(name) as name, max(at) as at from (
        select c.account_id, c.id as contact_id, c.name, c.deleted_at as at from ${contactRows(db)} c
        where c.deleted_at >= ${dayStart(today, tz, 1 - params.days)} and c.deleted_at < ${dayStart(today, tz, 1)}
          and c.role in ('champion', 'decision_maker')
        union all
        select c.account_id, c.id, c.name, l.at from ${auditRows(db)} l join ${contactRows(db)} c on c.id::text = l.entity_id
        where l.entity = 'contact' and l.action = 'update'
          -- no upper bound: audit rows carry the wall-clock time, which runs ahead of a TENURE_NOW clock
          and l.at >= ${dayStart(today, tz, 1 - params.days)}
          and l.before->>'role' in ('champion', 'decision_maker')
          and (l.after->>'role') is distinct from (l.before->>'role')
        ) x group by account_id, contact_id
      ) k window w as (partition by account_id)`,
  }),

  /**
   * A current subscription version is past due, or the latest Stripe invoice of a subscription
   * failed. One failure shows in both places, so the fact is the episode of failing payments.
   */
  payment_failed: define({
    params: z.object({}),
    candidates: ({ db, today }) => sql`
      select account_id, 'payment_failed' as fact, true as continuing, '{}'::jsonb as params, ${plain()} from (
        select account_id from ${subscriptionVersionRows(db)} v
        where status = 'past_due' and starts_on <= ${today}::date and (ends_on is null or ends_on > ${today}::date)
        union
        select account_id from (
          select distinct on (coalesce(subscription_id, customer_id)) account_id, status from ${stripeInvoiceRows(db)} inv
          where account_id is not null order by coalesce(subscription_id, customer_id), event_created desc
        ) i where status = 'payment_failed'
      ) p`,
  }),

  /** Active users in the last N days ÷ licensed seats (quantity of current versions) ≥ P % — expansion. */
  seats_used: define({
    params: z.object({ percent: percent(90), days: days(90, 30) }),
    candidates: ({ db, today, params }) => sql`
      select s.account_id, 'seats_used' as fact, true as continuing,
             jsonb_build_object('percent', round(100.0 * u.users / s.seats)::int, 'users', u.users, 'seats', s.seats) as params, ${plain()}
      from (
        select account_id, sum(quantity)::int as seats from ${subscriptionVersionRows(db)} v
        where status in ('active', 'past_due') and starts_on <= ${today}::date and (ends_on is null or ends_on > ${today}::date)
        group by account_id
      ) s
      join (
        select account_id, count(distinct person)::int as users from ${userDailyRows(db)} u
        where day > ${today}::date - ${params.days}::int and day <= ${today}::date group by account_id
      ) u on u.account_id = s.account_id
      where s.seats > 0 and u.users * 100 >= ${params.percent}::numeric * s.seats`,
  }),

  /**
   * A business review (QBR / EBR) falls due within N days: the last review logged on the timeline + the
   * tier's cadence (the reviews module's read model). The fact is the due date, so a CTA closed by hand
   * does not come back for the same review, and logging the review moves the date (auto-close clears it).
   */
  review_due: define({
    params: z.object({ daysBefore: z.number().int().min(0).max(90).default(14) }),
    candidates: ({ db, today, params, tz, accountIds }) => sql`
      select r.account_id, 'review:' || r.due_on as fact, false as continuing,
             jsonb_build_object('kind', r.kind, 'dueOn', r.due_on, 'months', r.months) as params, ${plain()}
      from ${reviewDueRows(db, { today, tz, accountIds })} r
      where r.due_on::date - ${params.daysBefore}::int <= ${today}::date`,
  }),
} satisfies Record<string, Trigger<unknown>>;

export type TriggerType = keyof typeof TRIGGERS;
export const TRIGGER_TYPES = Object.keys(TRIGGERS) as TriggerType[];

/** The trigger a name stands for; own keys only, so `constructor` or `toString` are no trigger (they were Object's). */
export const triggerOf = (name: string) => (Object.hasOwn(TRIGGERS, name) ? TRIGGERS[name as TriggerType] : undefined);

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Validates a rule's params against its trigger, filling defaults. */
export function parseParams(trigger: string, params: unknown) {
  const t = triggerOf(trigger);
  if (!t) throw new Error(`unknown trigger ${trigger}`);
  return t.params.parse(params ?? {});
}
