/**
 * Revenue figures of a plan — MRR by month, logo churn, NRR — so a test can check that the demo
 * company looks like a real one. Deliberately simple (month-end snapshots, a fixed USD rate);
 * the product's own metrics module is the reference for the real definitions.
 */
import { INTERVAL_MONTHS } from './catalog.js';
import { addDays, addMonths } from './dates.js';
import type { DemoPlan } from './types.js';

const USD_RATE = 7.2;

export function mrrOn(plan: DemoPlan, day: string): Map<number, number> {
  const byAccount = new Map<number, number>();
  plan.accounts.forEach((account, index) => {
    for (const s of account.subscriptions) {
      for (const v of s.versions) {
        if (v.status !== 'active' || v.startsOn > day || (v.endsOn !== null && v.endsOn <= day)) continue;
        const rate = v.currency === plan.currency ? 1 : v.currency === 'USD' ? USD_RATE : 1 / USD_RATE;
        byAccount.set(index, (byAccount.get(index) ?? 0) + (v.amountMinor * rate) / INTERVAL_MONTHS[v.interval]);
      }
    }
  });
  return byAccount;
}

const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

export interface RevenueSummary {
  /** MRR in major units of plan.currency at each month's first day, oldest first. */
  mrr: number[];
  /** Average share of paying accounts lost per month. */
  monthlyLogoChurn: number;
  /** MRR today of the accounts paying 12 months ago, over their MRR then. */
  nrr: number;
}

export function revenueSummary(plan: DemoPlan): RevenueSummary {
  const mrr: number[] = [];
  const churnRates: number[] = [];
  for (let m = 0; m <= 24; m++) {
    const day = addMonths(plan.windowStart, m);
    const now = mrrOn(plan, day);
    mrr.push(Math.round(total(now) / 100));
    if (m === 24) break;
    const next = mrrOn(plan, addDays(addMonths(plan.windowStart, m + 1), 0));
    const lost = [...now.keys()].filter((k) => !next.has(k)).length;
    churnRates.push(now.size ? lost / now.size : 0);
  }
  const before = mrrOn(plan, addMonths(plan.today, -12));
  const after = mrrOn(plan, plan.today);
  const retained = [...before.keys()].reduce((sum, k) => sum + (after.get(k) ?? 0), 0);
  return {
    mrr,
    monthlyLogoChurn: churnRates.reduce((a, b) => a + b, 0) / churnRates.length,
    nrr: retained / total(before),
  };
}
