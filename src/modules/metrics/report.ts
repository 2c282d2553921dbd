/** Pure monthly arithmetic on top of the SQL movement totals: starting/ending MRR and customers, rates. */
import type { MrrMonth } from '../../shared/metrics.js';

export interface MonthTotals {
  month: string; // YYYY-MM
  newMrr: number;
  expansionMrr: number;
  contractionMrr: number;
  churnedMrr: number;
  reactivationMrr: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
}

/** A month of the MRR report: its schema is the API's (src/shared/metrics.ts). */
export type { MrrMonth };

export const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/**
 * Walks every month from the first movement to `to`, carrying ending into starting, and returns
 * the months in [from, to]. Starting MRR of a month is the ending MRR of the month before.
 * `current` is the running month, flagged partial.
 */
export function buildMonths(totals: MonthTotals[], from: string, to: string, current?: string): MrrMonth[] {
  const byMonth = new Map(totals.map((t) => [t.month, t]));
  const first = totals.length ? [totals[0].month, from].sort()[0] : from;
  let mrr = 0;
  let customers = 0;
  const out: MrrMonth[] = [];
  for (const month of monthsBetween(first, to)) {
    const t = byMonth.get(month);
    const row: MrrMonth = {
      month,
      startingMrr: mrr,
      newMrr: t?.newMrr ?? 0,
      expansionMrr: t?.expansionMrr ?? 0,
      contractionMrr: t?.contractionMrr ?? 0,
      churnedMrr: t?.churnedMrr ?? 0,
      reactivationMrr: t?.reactivationMrr ?? 0,
      netNewMrr: 0,
      endingMrr: 0,
      arr: 0,
      customers: {
        starting: customers,
        new: t?.newCustomers ?? 0,
        reactivated: t?.reactivatedCustomers ?? 0,
        churned: t?.churnedCustomers ?? 0,
        ending: 0,
      },
      partial: month === current,
    };
    row.netNewMrr = row.newMrr + row.expansionMrr + row.reactivationMrr - row.contractionMrr - row.churnedMrr;
    row.endingMrr = row.startingMrr + row.netNewMrr;
    row.arr = row.endingMrr * 12;
    row.customers.ending = customers + row.customers.new + row.customers.reactivated - row.customers.churned;
    mrr = row.endingMrr;
    customers = row.customers.ending;
    if (month >= from) out.push(row);
  }
  return out;
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

/** The month's rates, each null when its denominator is zero (nothing to divide by is not 0 %). */
export function monthRates(m: MrrMonth) {
  const s = m.startingMrr;
  return {
    logoChurnRate: ratio(m.customers.churned, m.customers.starting),
    grossMrrChurnRate: ratio(m.churnedMrr + m.contractionMrr, s),
    expansionRate: ratio(m.expansionMrr, s),
    netMrrChurnRate: ratio(m.churnedMrr + m.contractionMrr - m.expansionMrr - m.reactivationMrr, s),
    grr: ratio(s - m.contractionMrr - m.churnedMrr, s),
    nrr: ratio(s - m.contractionMrr - m.churnedMrr + m.expansionMrr, s),
    arpa: ratio(m.endingMrr, m.customers.ending),
    newCustomerArpa: ratio(m.newMrr, m.customers.new),
    quickRatio: ratio(m.newMrr + m.reactivationMrr + m.expansionMrr, m.churnedMrr + m.contractionMrr),
  };
}
