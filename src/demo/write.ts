/**
 * Writes a demo plan through the same services real data goes through: accounts and contacts
 * one by one (with their audit rows and timeline entries), subscription versions, timeline
 * activities, tickets, NPS answers and usage through the set-based bulk writers that imports use.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { Actor } from '../modules/audit/actor.js';
import type { Services } from '../services.js';
import type { AccountPlan, DemoPlan, UserPlan } from './types.js';

/** Who the audit log names for demo data. */
export const demoActor: Actor = { type: 'system', id: null, name: 'demo', role: 'admin' };

export interface WriteCounts {
  accounts: number;
  contacts: number;
  subscriptions: number;
  subscriptionVersions: number;
  activities: number;
  tickets: number;
  npsResponses: number;
  usageRows: number;
}

type Team = Map<string, { id: string; user: UserPlan }>;

/** An account enters Tenure on the day its first subscription (or trial) starts, at 09:00 Shanghai. */
function createdAt(plan: AccountPlan): string | undefined {
  const first = plan.subscriptions.flatMap((s) => s.versions.map((v) => v.startsOn)).sort()[0] ?? plan.firstPaidOn;
  return first ? `${first}T01:00:00Z` : undefined;
}

async function writeAccount(services: Services, trx: Transaction<DB>, plan: AccountPlan, team: Team) {
  const at = createdAt(plan);
  const account = await services.accounts.create(
    demoActor,
    {
      externalId: plan.externalId,
      name: plan.name,
      domain: plan.domain,
      industry: plan.industry,
      employees: plan.employees,
      region: plan.region,
      ownerId: team.get(plan.owner)!.id,
      salesOwnerId: team.get(plan.salesOwner)!.id,
      tier: plan.tier,
      lifecycleStage: plan.stage,
      attributes: plan.attributes,
      firstPaidOn: plan.firstPaidOn,
      churnedOn: plan.churnedOn,
    },
    trx,
    at,
  );
  const contactIds: string[] = [];
  for (const c of plan.contacts) {
    const contact = await services.contacts.create(
      demoActor,
      account.id,
      {
        externalId: c.externalId,
        name: c.name,
        email: c.email,
        phone: c.phone,
        title: c.title,
        role: c.role,
        isPrimary: c.isPrimary,
      },
      trx,
      at,
    );
    contactIds.push(contact.id);
  }
  return { id: account.id, contactIds };
}

/** Writes everything but the team (already there) in the caller's transaction. */
export async function writePlan(
  services: Services,
  trx: Transaction<DB>,
  plan: DemoPlan,
  team: Team,
): Promise<WriteCounts> {
  const counts: WriteCounts = {
    accounts: 0,
    contacts: 0,
    subscriptions: 0,
    subscriptionVersions: 0,
    activities: 0,
    tickets: 0,
    npsResponses: 0,
    usageRows: 0,
  };
  const written: { id: string; contactIds: string[] }[] = [];
  for (const account of plan.accounts) {
    const result = await writeAccount(services, trx, account, team);
    written.push(result);
    counts.accounts++;
    counts.contacts += result.contactIds.length;
    counts.subscriptions += account.subscriptions.length;
  }
  counts.subscriptionVersions = await services.subscriptions.upsertVersions(
    demoActor,
    plan.accounts.flatMap((a, i) =>
      a.subscriptions.flatMap((s) =>
        s.versions.map((v) => ({ accountId: written[i]!.id, subscriptionExternalId: s.externalId, ...v })),
      ),
    ),
    trx,
  );
  counts.activities = await services.timeline.recordMany(
    trx,
    plan.accounts.flatMap((a, i) =>
      a.activities.map((activity) => {
        const { id, user } = team.get(activity.author)!;
        return {
          actor: { type: 'user' as const, id, name: user.name, role: user.role },
          accountId: written[i]!.id,
          activity: {
            type: activity.type,
            subject: activity.subject,
            body: activity.body,
            occurredAt: activity.occurredAt,
            contactId: activity.contact === null ? null : written[i]!.contactIds[activity.contact],
            // Logged as the reviews module logs a review (docs/business-reviews.md): the Business review tab lists it as a QBR.
            ...(activity.type === 'qbr' && { data: { kind: 'qbr' } }),
          },
        };
      }),
    ),
  );
  const contactOf = (index: number, contact: number | null) =>
    contact === null ? null : written[index]!.contactIds[contact]!;
  counts.tickets = await services.tickets.bulkInsert(
    demoActor,
    plan.accounts.flatMap((a, i) =>
      a.tickets.map((t) => ({ ...t, accountId: written[i]!.id, contactId: contactOf(i, t.contact) })),
    ),
    trx,
  );
  counts.npsResponses = await services.nps.bulkInsert(
    demoActor,
    plan.accounts.flatMap((a, i) =>
      a.nps.map((r) => ({ ...r, accountId: written[i]!.id, contactId: contactOf(i, r.contact) })),
    ),
    trx,
  );
  counts.usageRows = await services.usage.recordDaily(
    plan.usage.map((u) => ({
      accountId: written[u.account]!.id,
      day: u.day,
      event: u.event,
      count: u.count,
      users: u.users,
    })),
    trx,
  );
  return counts;
}
