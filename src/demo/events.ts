/**
 * The demo's most recent usage as tracking-API messages: the same numbers the plan has for those
 * days, sent through the Segment-compatible ingest instead of the daily-usage writer, so the demo
 * exercises the raw events, identity links, traits and roll-ups.
 *
 * A weekday of the demo company is about a hundred thousand events; to keep the first start fast
 * only a budget of them travels as events — whole accounts, in plan order, both recent days each —
 * and the rest of those days stays with the daily writer. Every (account, day) has one source, and
 * the roll-ups of the events equal the plan's rows exactly (count and distinct users per event).
 */
import { addDays } from './dates.js';
import { zonedInstant } from './dates.js';
import type { DemoPlan, UsageRowPlan } from './types.js';

export const RECENT_DAYS = 2;
export const EVENT_BUDGET = 3_000;

export interface RecentSplit {
  /** Rows for the daily-usage writer. */
  history: UsageRowPlan[];
  /** Rows that travel as events, and the accounts (plan indexes) they belong to. */
  tracked: UsageRowPlan[];
  accounts: number[];
}

/** Splits the plan's usage: the last RECENT_DAYS of whole accounts, in plan order, within the budget. */
export function splitRecentUsage(plan: DemoPlan, budget = EVENT_BUDGET): RecentSplit {
  const firstRecent = addDays(plan.today, -RECENT_DAYS);
  const recentByAccount = new Map<number, UsageRowPlan[]>();
  for (const row of plan.usage) {
    if (row.day < firstRecent) continue;
    const rows = recentByAccount.get(row.account) ?? [];
    rows.push(row);
    recentByAccount.set(row.account, rows);
  }
  const chosen = new Set<number>();
  let left = budget;
  for (const [account, rows] of [...recentByAccount].sort((a, b) => a[0] - b[0])) {
    const events = rows.reduce((sum, r) => sum + r.count, 0);
    if (events > left) continue;
    chosen.add(account);
    left -= events;
  }
  const history: UsageRowPlan[] = [];
  const tracked: UsageRowPlan[] = [];
  for (const row of plan.usage) (row.day >= firstRecent && chosen.has(row.account) ? tracked : history).push(row);
  return { history, tracked, accounts: [...chosen] };
}

type Message = Record<string, unknown>;

/**
 * The messages for the tracked rows: per account, a group call for each of its product users
 * (their account is the demo account's external id), an identify call for the users who are
 * the account's contacts (same name, email and title, so nothing changes), then the track
 * calls — row.users people share row.count events, at working hours in the organisation's zone.
 * Message ids are stable, so sending twice stores once.
 */
export function demoMessages(plan: DemoPlan, split: RecentSplit): Message[] {
  const messages: Message[] = [];
  const context = { library: { name: 'tenure-demo', version: '1' } };
  for (const index of split.accounts) {
    const account = plan.accounts[index]!;
    const rows = split.tracked.filter((r) => r.account === index);
    const people = Math.max(...rows.map((r) => r.users));
    const userId = (j: number) => `${account.externalId}-u${j + 1}`;
    const firstDay = rows.reduce((min, r) => (r.day < min ? r.day : min), rows[0]!.day);
    const start = zonedInstant(firstDay, 8 * 60, plan.timeZone);
    for (let j = 0; j < people; j++) {
      messages.push({
        type: 'group',
        messageId: `demo-${account.externalId}-g${j + 1}`,
        userId: userId(j),
        groupId: account.externalId,
        traits: { name: account.name },
        timestamp: start,
        context,
      });
      const contact = account.contacts[j];
      if (contact) {
        messages.push({
          type: 'identify',
          messageId: `demo-${account.externalId}-i${j + 1}`,
          userId: userId(j),
          traits: { email: contact.email, name: contact.name, title: contact.title },
          timestamp: start,
          context,
        });
      }
    }
    for (const row of rows) {
      for (let n = 0; n < row.count; n++) {
        // Spread over 09:00–19:00 local time, deterministically.
        const minute = 9 * 60 + ((n * 137 + row.event.length * 61 + index * 7) % 600);
        messages.push({
          type: 'track',
          messageId: `demo-${account.externalId}-${row.day}-${row.event}-${n + 1}`,
          userId: userId(n % row.users),
          event: row.event,
          timestamp: zonedInstant(row.day, minute, plan.timeZone),
          context,
        });
      }
    }
  }
  return messages;
}
