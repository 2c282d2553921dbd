/**
 * End-user health: each person of an account — a contact, or a tracked user linked to the account
 * through a tracking profile — scored on the days active in the last 30 (0 → 0, 12 or more → 100)
 * and their latest NPS answer of the last year (3 → 0, 9 → 100); the mean of the two that exist.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ContactHealth } from '../../shared/health.js';
import { npsResponseRows } from '../surveys/nps.read.js';

/**
 * What end-user health reads of other modules, as the functions their services provide (usage
 * `people`, tracking `describePeople`, contacts `list`), named by the fields used here rather than
 * by those services' types: usage and tracking depend on accounts, which depends on health.
 */
export interface ContactHealthDeps {
  db: Kysely<DB>;
  usage: {
    people(
      accountId: string,
      from: string,
      to: string,
      limit?: number,
    ): Promise<{ person: string; activeDays: number; lastSeenAt: Date }[]>;
  };
  tracking: {
    describePeople(
      accountId: string,
      persons: string[],
    ): Promise<Map<string, { name: string | null; email: string | null; contactId: string | null }>>;
  };
  contacts: {
    list(accountId: string): Promise<{ id: string; externalId: string | null; name: string; email: string | null }[]>;
  };
}

const ACTIVE_DAYS_GOOD = 12;
const NPS_BAD = 3;
const NPS_GOOD = 9;
const clamp = (v: number) => Math.max(0, Math.min(100, v));

export function endUserScore(activeDays30: number, npsLatest: number | null): number {
  const parts = [clamp((100 * activeDays30) / ACTIVE_DAYS_GOOD)];
  if (npsLatest !== null) parts.push(clamp((100 * (npsLatest - NPS_BAD)) / (NPS_GOOD - NPS_BAD)));
  return Math.round((parts.reduce((a, b) => a + b, 0) / parts.length) * 10) / 10;
}

const colorOf = (score: number) => (score < 40 ? 'red' : score >= 70 ? 'green' : 'yellow');

export async function contactHealth(
  deps: ContactHealthDeps,
  accountId: string,
  today: string,
): Promise<ContactHealth[]> {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const [people, contacts, nps] = await Promise.all([
    deps.usage.people(accountId, from, today, 200),
    deps.contacts.list(accountId),
    // Read-only: the latest answer of each contact in the last year.
    sql<{ contact_id: string; score: number }>`
      select distinct on (contact_id) contact_id, score from ${npsResponseRows(deps.db)} n
      where account_id = ${accountId}::uuid and contact_id is not null and responded_at >= ${today}::date - 365
      order by contact_id, responded_at desc`.execute(deps.db),
  ]);
  const npsOf = new Map(nps.rows.map((r) => [r.contact_id, Number(r.score)]));
  const known = await deps.tracking.describePeople(
    accountId,
    people.map((p) => p.person),
  );
  const out: ContactHealth[] = [];
  const seen = new Set<string>();
  for (const p of people) {
    const who = known.get(p.person);
    const contactId = who?.contactId ?? null;
    if (contactId) seen.add(contactId);
    const npsLatest = contactId ? (npsOf.get(contactId) ?? null) : null;
    const score = endUserScore(p.activeDays, npsLatest);
    out.push({
      contactId,
      person: p.person,
      name: who?.name ?? null,
      email: who?.email ?? null,
      activeDays30: p.activeDays,
      lastSeenAt: p.lastSeenAt,
      npsLatest,
      score,
      color: colorOf(score),
    });
  }
  // Contacts never seen in the product in the last 30 days still show, with their NPS.
  for (const c of contacts) {
    if (seen.has(c.id)) continue;
    const npsLatest = npsOf.get(c.id) ?? null;
    const score = endUserScore(0, npsLatest);
    out.push({
      contactId: c.id,
      person: c.externalId ?? c.id,
      name: c.name,
      email: c.email ?? null,
      activeDays30: 0,
      lastSeenAt: null,
      npsLatest,
      score,
      color: colorOf(score),
    });
  }
  return out.sort((a, b) => (a.score ?? 0) - (b.score ?? 0) || (a.name ?? '').localeCompare(b.name ?? ''));
}
