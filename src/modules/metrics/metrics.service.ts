import { type Kysely, type Transaction, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { withWorkMemory } from '../../db/work-memory.js';
import { AppError } from '../../http/errors.js';
import { accountRows } from '../accounts/accounts.read.js';
import type { SettingsService } from '../settings/settings.service.js';
import { currenciesInUse, subscriptionVersionRows } from '../subscriptions/versions.read.js';
import { conversionFactor } from '../../shared/money.js';
import { type MetricsFilter, type MovementType, movementsCte, versionsWithMrr } from './movements.sql.js';
import { type MonthTotals, type MrrMonth, addMonths, buildMonths, monthRates } from './report.js';

export interface MetricsDeps {
  db: Kysely<DB>;
  clock: Clock;
  settings: Pick<SettingsService, 'get'>;
  baseCurrency: string;
  timeZone: string;
}

const monthStart = (month: string) => `${month}-01`;

export function createMetricsService({ db, clock, settings, baseCurrency, timeZone }: MetricsDeps) {
  /** The running month: today's month in the organisation's time zone. */
  const currentMonth = () => clock.today(timeZone).slice(0, 7);

  /** Conversion factors for every currency in use; a currency without a rate is an error, not a silent 0. */
  async function factors(): Promise<Record<string, number>> {
    const rates = await settings.get('fx_rates');
    const out: Record<string, number> = {};
    const missing: string[] = [];
    for (const currency of await currenciesInUse(db)) {
      const factor = conversionFactor(currency, baseCurrency, rates);
      if (factor === undefined) missing.push(currency);
      else out[currency] = factor;
    }
    if (missing.length)
      throw new AppError(422, 'missing_fx_rate', 'errors.missingFxRate', {
        currencies: missing.join(', '),
        base: baseCurrency,
      });
    return out;
  }

  /**
   * Report queries sort a few rows per subscription version; with PostgreSQL's default 4 MB of
   * work memory those sorts spill to disk. A report is rare and worth more memory for its moment.
   */
  const withReportMemory = <T>(fn: (trx: Transaction<DB>) => Promise<T>) => withWorkMemory(db, '256MB', fn);

  async function monthTotals(
    trx: Transaction<DB>,
    filter: MetricsFilter,
    fx: Record<string, number>,
  ): Promise<MonthTotals[]> {
    const cte = movementsCte(db, filter, fx);
    const rows = await sql<Record<string, string | number>>`
      with ${cte}
      select to_char(month, 'YYYY-MM') as month,
        coalesce(sum(amount) filter (where type = 'new'), 0)::bigint as new_mrr,
        coalesce(sum(amount) filter (where type = 'expansion'), 0)::bigint as expansion_mrr,
        coalesce(sum(amount) filter (where type = 'contraction'), 0)::bigint as contraction_mrr,
        coalesce(sum(amount) filter (where type = 'churn'), 0)::bigint as churned_mrr,
        coalesce(sum(amount) filter (where type = 'reactivation'), 0)::bigint as reactivation_mrr,
        count(*) filter (where type = 'new')::int as new_customers,
        count(*) filter (where type = 'reactivation')::int as reactivated_customers,
        count(*) filter (where type = 'churn')::int as churned_customers
      from movements group by month order by month`.execute(trx);
    return rows.rows.map((r) => ({
      month: String(r.month),
      newMrr: Number(r.new_mrr),
      expansionMrr: Number(r.expansion_mrr),
      contractionMrr: Number(r.contraction_mrr),
      churnedMrr: Number(r.churned_mrr),
      reactivationMrr: Number(r.reactivation_mrr),
      newCustomers: Number(r.new_customers),
      reactivatedCustomers: Number(r.reactivated_customers),
      churnedCustomers: Number(r.churned_customers),
    }));
  }

  async function mrr(from: string, to: string, filter: MetricsFilter = {}) {
    const fx = await factors();
    return {
      currency: baseCurrency,
      months: buildMonths(await withReportMemory((trx) => monthTotals(trx, filter, fx)), from, to, currentMonth()),
    };
  }

  /**
   * NRR and GRR over the 12 months ending with each given month, for the customers paying at the
   * window's start: one pass over the movements for all the months asked.
   */
  async function trailingTwelve(
    trx: Transaction<DB>,
    months: string[],
    filter: MetricsFilter,
    fx: Record<string, number>,
  ) {
    const windows = sql.join(
      months.map((m) => sql`(${m}, ${monthStart(addMonths(m, -11))}::date, ${monthStart(addMonths(m, 1))}::date)`),
    );
    const cte = movementsCte(db, filter, fx);
    const { rows } = await sql<{
      month: string;
      starting: number | null;
      expansion: number;
      contraction: number;
      churned: number;
    }>`
      with ${cte},
      spans as (select account_id, day, lead(day) over (partition by account_id order by day) as until, mrr_after from movements),
      windows(month, starts, ends) as (values ${windows}),
      base as (
        select w.month, s.account_id, s.mrr_after from windows w
        join spans s on s.day < w.starts and (s.until is null or s.until >= w.starts) and s.mrr_after > 0
      )
      select w.month,
        (select sum(mrr_after) from base b where b.month = w.month)::bigint as starting,
        coalesce(sum(m.amount) filter (where m.type = 'expansion'), 0)::bigint as expansion,
        coalesce(sum(m.amount) filter (where m.type = 'contraction'), 0)::bigint as contraction,
        coalesce(sum(m.amount) filter (where m.type = 'churn'), 0)::bigint as churned
      from windows w
      left join base b on b.month = w.month
      left join movements m on m.account_id = b.account_id and m.day >= w.starts and m.day < w.ends
      group by w.month`.execute(trx);
    return new Map(
      rows.map((r) => {
        const starting = Number(r.starting ?? 0);
        const value = starting
          ? {
              startingMrr: starting,
              nrr: (starting - Number(r.contraction) - Number(r.churned) + Number(r.expansion)) / starting,
              grr: (starting - Number(r.contraction) - Number(r.churned)) / starting,
            }
          : { startingMrr: 0, nrr: null, grr: null };
        return [r.month, value];
      }),
    );
  }

  /** Average contract value (ARR per paying subscription) and average billing term at each month's end. */
  async function contracts(trx: Transaction<DB>, months: string[], filter: MetricsFilter, fx: Record<string, number>) {
    const ends = sql.join(months.map((m) => sql`(${m}, ${monthStart(addMonths(m, 1))}::date)`));
    const cte = movementsCte(db, filter, fx);
    const { rows } = await sql<{ month: string; subscriptions: number; arr: number | null; term: number | null }>`
      with ${cte}, month_ends(month, next_month) as (values ${ends})
      select e.month, count(distinct v.subscription_id)::int as subscriptions, (sum(v.mrr) * 12)::bigint as arr,
        avg(case v.interval when 'month' then 1 when 'quarter' then 3 else 12 end)::float as term
      from month_ends e
      left join v on v.mrr > 0 and v.starts_on < e.next_month and (v.ends_on is null or v.ends_on >= e.next_month)
      group by e.month`.execute(trx);
    return new Map(
      rows.map((r) => [
        r.month,
        {
          averageContractValue: r.subscriptions ? Math.round(Number(r.arr) / r.subscriptions) : null,
          averageContractTermMonths: r.subscriptions ? r.term : null,
        },
      ]),
    );
  }

  return {
    baseCurrency,
    mrr,

    /** The month's KPIs with the previous month and the same month a year before, for MoM / YoY. */
    async summary(month: string, filter: MetricsFilter = {}) {
      const fx = await factors();
      const previous = addMonths(month, -1);
      const yearAgo = addMonths(month, -12);
      const targets = [month, previous, yearAgo];
      const filtered = Boolean(filter.segment || filter.plan || filter.csmId);
      const { totals, twelve, contract } = await withReportMemory(async (trx) => ({
        totals: await monthTotals(trx, filter, fx),
        twelve: await trailingTwelve(trx, targets, filter, fx),
        contract: await contracts(trx, targets, filter, fx),
      }));
      const current = currentMonth();
      const months = buildMonths(totals, addMonths(month, -17), month, current);
      const at = (m: string) => months.find((x) => x.month === m)!;
      const finance = await settings.get('finance');
      const grossMarginAt = (m: string) => {
        const entries = Object.entries(finance)
          .filter(([k, v]) => k <= m && v.grossMargin != null)
          .sort(([a], [b]) => a.localeCompare(b));
        return entries.at(-1)?.[1].grossMargin ?? null;
      };

      const kpis = (m: string) => {
        const row = at(m);
        const rates = monthRates(row);
        const trailing = months.filter((x) => x.month > addMonths(m, -6) && x.month <= m);
        const churnRates = trailing.map((x) => monthRates(x).grossMrrChurnRate).filter((r): r is number => r !== null);
        const avgChurn = churnRates.length ? churnRates.reduce((a, b) => a + b, 0) / churnRates.length : null;
        const newCustomers = trailing.reduce((a, x) => a + x.customers.new, 0);
        const newArpa6 = newCustomers ? trailing.reduce((a, x) => a + x.newMrr, 0) / newCustomers : null;
        const grossMargin = grossMarginAt(m);
        // Spend is entered for the whole company: divided by a segment's, plan's or CSM's new
        // customers it would make CAC look wrong, so spend-based figures are company-wide only.
        const spend = filtered ? null : (finance[m]?.salesMarketingSpendMinor ?? null);
        const ltv = avgChurn && newArpa6 !== null && grossMargin !== null ? (newArpa6 * grossMargin) / avgChurn : null;
        const cac = spend !== null && row.customers.new > 0 ? spend / row.customers.new : null;
        const payback = cac !== null && newArpa6 && grossMargin ? cac / (newArpa6 * grossMargin) : null;
        return {
          month: m,
          // A running month's churn, new customers and spend-based ratios are not yet the month's.
          partial: row.partial,
          mrr: row.endingMrr,
          arr: row.arr,
          customers: row.customers.ending,
          ...rates,
          trailing12: twelve.get(m) ?? { startingMrr: 0, nrr: null, grr: null },
          mrrChurnRate6m: avgChurn,
          newCustomerArpa6m: newArpa6,
          grossMargin,
          salesMarketingSpend: spend,
          spendBasedFigures: !filtered,
          ltv,
          cac,
          ltvToCac: ltv !== null && cac ? ltv / cac : null,
          cacPaybackMonths: payback,
          ...(contract.get(m) ?? { averageContractValue: null, averageContractTermMonths: null }),
        };
      };
      return {
        currency: baseCurrency,
        currentMonth: current,
        ...kpis(month),
        previousMonth: kpis(previous),
        yearAgo: kpis(yearAgo),
      };
    },

    /** The accounts and amounts behind a movement figure. */
    async movements(month: string, type: MovementType | undefined, filter: MetricsFilter = {}) {
      const cte = movementsCte(db, filter, await factors());
      const { rows } = await withReportMemory((trx) =>
        sql<{
          account_id: string;
          name: string;
          external_id: string | null;
          day: string;
          type: MovementType;
          amount: number;
          mrr_before: number;
          mrr_after: number;
        }>`
        with ${cte}
        select m.account_id, a.name, a.external_id, m.day, m.type, m.amount::bigint as amount, m.mrr_before::bigint as mrr_before, m.mrr_after::bigint as mrr_after
        from movements m join ${accountRows(db)} a on a.id = m.account_id
        where m.month = ${monthStart(month)}::date ${type ? sql`and m.type = ${type}` : sql``}
        order by m.amount desc, a.name`.execute(trx),
      );
      return {
        currency: baseCurrency,
        items: rows.map((r) => ({
          accountId: r.account_id,
          name: r.name,
          externalId: r.external_id,
          day: r.day,
          type: r.type,
          amount: Number(r.amount),
          mrrBefore: Number(r.mrr_before),
          mrrAfter: Number(r.mrr_after),
        })),
      };
    },

    /** The customers paying at a month's start or end, with their MRR then (drill-down of the customer counts). */
    async customers(month: string, at: 'start' | 'end', filter: MetricsFilter = {}) {
      const cut = monthStart(at === 'start' ? month : addMonths(month, 1));
      const cte = movementsCte(db, filter, await factors());
      const { rows } = await withReportMemory((trx) =>
        sql<{ account_id: string; name: string; external_id: string | null; mrr: number }>`
          with ${cte},
          spans as (select account_id, day, lead(day) over (partition by account_id order by day) as until, mrr_after from movements)
          select s.account_id, a.name, a.external_id, s.mrr_after::bigint as mrr
          from spans s join ${accountRows(db)} a on a.id = s.account_id
          where s.day < ${cut}::date and (s.until is null or s.until >= ${cut}::date) and s.mrr_after > 0
          order by s.mrr_after desc, a.name`.execute(trx),
      );
      return {
        currency: baseCurrency,
        items: rows.map((r) => ({
          accountId: r.account_id,
          name: r.name,
          externalId: r.external_id,
          mrr: Number(r.mrr),
        })),
      };
    },

    /** Factor from each currency in use to the base currency (fx_rates); 422 when a rate is missing. */
    conversionFactors: factors,

    /**
     * Each paying account's MRR on a day, in base-currency minor units (the versions covering that day),
     * for lists that show ARR beside an account (renewals, forecasts). Accounts paying nothing are absent.
     */
    async mrrByAccount(day: string, accountIds?: string[]): Promise<Map<string, number>> {
      const scope = accountIds ? sql`and account_id = any(${accountIds}::uuid[])` : sql``;
      const { rows } = await sql<{ account_id: string; mrr: number }>`
        with v as (${versionsWithMrr(db, {}, await factors())})
        select account_id, sum(mrr)::bigint as mrr from v
        where starts_on <= ${day}::date and (ends_on is null or ends_on > ${day}::date) ${scope}
        group by account_id having sum(mrr) > 0`.execute(db);
      return new Map(rows.map((r) => [r.account_id, Number(r.mrr)]));
    },

    /**
     * Each account's churn, contraction and expansion MRR from the movements after `from` up to and
     * including `to` (base-currency minor units; reactivation and new business are not counted) — the
     * Team page's 12-month figures (docs/team.md). Accounts without such a movement are absent.
     */
    async movementsByAccount(from: string, to: string, accountIds?: string[]) {
      const cte = movementsCte(db, {}, await factors());
      const scope = accountIds ? sql`and account_id = any(${accountIds}::uuid[])` : sql``;
      const { rows } = await withReportMemory((trx) =>
        sql<{ account_id: string; churned: number; contraction: number; expansion: number }>`
          with ${cte}
          select account_id,
            coalesce(sum(amount) filter (where type = 'churn'), 0)::bigint as churned,
            coalesce(sum(amount) filter (where type = 'contraction'), 0)::bigint as contraction,
            coalesce(sum(amount) filter (where type = 'expansion'), 0)::bigint as expansion
          from movements
          where day > ${from}::date and day <= ${to}::date ${scope}
          group by account_id`.execute(trx),
      );
      return new Map(
        rows.map((r) => [
          r.account_id,
          { churned: Number(r.churned), contraction: Number(r.contraction), expansion: Number(r.expansion) },
        ]),
      );
    },

    /** Plan names in use, for the report's plan filter. */
    async plans() {
      const rows = await db
        .selectFrom(subscriptionVersionRows(db).as('sv'))
        .select('sv.plan')
        .distinct()
        .where('sv.plan', 'is not', null)
        .orderBy('sv.plan')
        .execute();
      return rows.map((r) => r.plan!);
    },

    /** Sign-up cohorts: customers still paying and their MRR at each month's end. */
    async cohorts(from: string, to: string, filter: MetricsFilter = {}) {
      const cte = movementsCte(db, filter, await factors());
      const { rows } = await withReportMemory((trx) =>
        sql<{ cohort: string; month: string; size: number; customers: number; mrr: number }>`
        with ${cte},
        first_paid as (select account_id, min(month) as cohort from movements where type = 'new' group by account_id),
        spans as (
          select account_id, day, coalesce(lead(day) over (partition by account_id order by day), 'infinity'::date) as until, mrr_after from movements
        ),
        month_ends as (
          select m::date as month, (m + interval '1 month')::date as next_month
          from generate_series(${monthStart(from)}::date, ${monthStart(to)}::date, interval '1 month') m
        )
        select to_char(fp.cohort, 'YYYY-MM') as cohort, to_char(me.month, 'YYYY-MM') as month,
          count(distinct fp.account_id)::int as size,
          count(distinct s.account_id) filter (where s.mrr_after > 0)::int as customers,
          coalesce(sum(s.mrr_after), 0)::bigint as mrr
        from first_paid fp
        join month_ends me on me.month >= fp.cohort
        left join spans s on s.account_id = fp.account_id and s.day < me.next_month and s.until >= me.next_month
        where fp.cohort >= ${monthStart(from)}::date and fp.cohort <= ${monthStart(to)}::date
        group by fp.cohort, me.month order by fp.cohort, me.month`.execute(trx),
      );
      const current = currentMonth();
      const cohorts = new Map<
        string,
        { cohort: string; size: number; months: { month: string; customers: number; mrr: number; partial: boolean }[] }
      >();
      for (const r of rows) {
        const entry = cohorts.get(r.cohort) ?? { cohort: r.cohort, size: r.size, months: [] };
        entry.months.push({
          month: r.month,
          customers: Number(r.customers),
          mrr: Number(r.mrr),
          partial: r.month === current,
        });
        cohorts.set(r.cohort, entry);
      }
      return { currency: baseCurrency, cohorts: [...cohorts.values()] };
    },

    /** The current (running, partial) month in the organisation's time zone. */
    currentMonth,

    /**
     * The month reports open on: the last complete one. A month three days in has almost no new
     * customers yet but a whole month's spend, so its CAC and LTV:CAC would read as alarms.
     */
    lastCompleteMonth() {
      return addMonths(currentMonth(), -1);
    },
  };
}

export type MetricsService = ReturnType<typeof createMetricsService>;
export type { MrrMonth };
