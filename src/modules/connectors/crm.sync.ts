import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { AccountService } from '../accounts/accounts.service.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { systemActor } from '../audit/actor.js';
import type { ContactService } from '../contacts/contacts.service.js';
import type { HandoffService } from '../handoff/handoff.service.js';
import type { SubscriptionService } from '../subscriptions/subscriptions.service.js';
import type { ConnectorVendor, PageResult } from './connector.types.js';
import { type CrmCompany, type CrmPage, crmDealExternalId, crmExternalId, daysBetween } from './crm.types.js';

export interface CrmWriterDeps {
  db: Kysely<DB>;
  accounts: Pick<AccountService, 'upsertMany' | 'idsByExternalIds'>;
  contacts: Pick<ContactService, 'upsertMany' | 'removeByExternalIds'>;
  subscriptions: Pick<SubscriptionService, 'syncVersions'>;
  handoff: Pick<HandoffService, 'fromDeals'>;
}

const bareDomain = (domain: string) =>
  domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/.*$/, '');

/**
 * The CRM-neutral half of a CRM connector: one page of companies, contacts, won deals and deletions,
 * written through the owning modules' services (accounts, contacts, subscriptions, handoff) in the
 * page's transaction. Each service skips rows that would not change, so a re-run reports 0 inserted,
 * 0 updated. Companies are accounts with external id `<vendor>:<id>`; contacts and deals find their
 * account through it, so a sync reads companies before contacts and deals.
 */
export function createCrmWriter(deps: CrmWriterDeps) {
  /** Accounts already holding a company's domain under another external id: the company is refused, not doubled. */
  async function domainsTaken(vendor: ConnectorVendor, companies: readonly CrmCompany[], trx: Transaction<DB>) {
    const domains = [...new Set(companies.map((c) => (c.domain ? bareDomain(c.domain) : '')).filter(Boolean))];
    if (!domains.length) return new Map<string, { name: string; externalId: string | null }>();
    const rows = await trx
      .selectFrom(liveAccounts(deps.db).as('a'))
      .select([
        'a.name',
        'a.external_id',
        sql<string>`regexp_replace(lower(a.domain), '^(https?://)?(www\\.)?', '')`.as('bare'),
      ])
      .where(sql<string>`regexp_replace(lower(a.domain), '^(https?://)?(www\\.)?', '')`, 'in', domains)
      .where((eb) => eb.or([eb('a.external_id', 'is', null), eb('a.external_id', 'not like', `${vendor}:%`)]))
      .execute();
    return new Map(rows.map((r) => [r.bare, { name: r.name, externalId: r.external_id }]));
  }

  async function writePage(
    vendor: ConnectorVendor,
    page: CrmPage,
    trx: Transaction<DB>,
    options: { interval: 'month' | 'quarter' | 'year' },
  ): Promise<PageResult> {
    const result: PageResult = { received: 0, inserted: 0, updated: 0, deleted: 0, refusals: [], accountIds: [] };
    const changed = new Set<string>();

    const companies = page.companies ?? [];
    if (companies.length) {
      result.received += companies.length;
      const taken = await domainsTaken(vendor, companies, trx);
      const rows = [];
      for (const c of companies) {
        const clash = c.domain ? taken.get(bareDomain(c.domain)) : undefined;
        if (clash) {
          result.refusals.push({
            externalId: crmExternalId(vendor, c.id),
            reason: {
              code: 'crmDomainTaken',
              params: {
                company: c.name,
                domain: bareDomain(c.domain ?? ''),
                account: clash.name,
                externalId: crmExternalId(vendor, c.id),
              },
            },
          });
          continue;
        }
        rows.push({
          externalId: crmExternalId(vendor, c.id),
          name: c.name,
          domain: c.domain ?? undefined,
          industry: c.industry ?? undefined,
          employees: c.employees ?? undefined,
        });
      }
      const written = await deps.accounts.upsertMany(systemActor, rows, trx);
      result.inserted += written.created.length;
      result.updated += written.updated;
    }

    const contacts = page.contacts ?? [];
    const deals = page.deals ?? [];
    const companyIds = [...contacts, ...deals].map((r) => r.companyId).filter((id): id is string => !!id);
    const accountOf = await deps.accounts.idsByExternalIds(
      [...new Set(companyIds)].map((id) => crmExternalId(vendor, id)),
      trx,
    );
    const accountFor = (record: { id: string; companyId: string | null }, externalId: string): string | undefined => {
      const accountId = record.companyId ? accountOf.get(crmExternalId(vendor, record.companyId)) : undefined;
      if (!accountId)
        result.refusals.push({
          externalId,
          reason: record.companyId
            ? { code: 'crmUnmatchedCompany', params: { company: record.companyId } }
            : { code: 'crmNoCompany', params: {} },
        });
      return accountId;
    };

    if (contacts.length) {
      result.received += contacts.length;
      const rows = [];
      for (const c of contacts) {
        const accountId = accountFor(c, crmExternalId(vendor, c.id));
        if (!accountId) continue;
        rows.push({
          accountId,
          externalId: crmExternalId(vendor, c.id),
          name: c.name,
          email: c.email ?? undefined,
          phone: c.phone ?? undefined,
          title: c.title ?? undefined,
          role: c.role ?? undefined,
        });
      }
      const written = await deps.contacts.upsertMany(systemActor, rows, trx);
      result.inserted += written.created;
      result.updated += written.updated;
      if (written.created || written.updated) for (const r of rows) changed.add(r.accountId);
    }

    if (deals.length) {
      result.received += deals.length;
      const versions = [];
      const handoffs = [];
      for (const d of deals) {
        const accountId = accountFor(d, crmDealExternalId(vendor, d.id));
        if (!accountId) continue;
        handoffs.push({
          accountId,
          dealSizeMinor: d.amountMinor,
          salesCycleDays: daysBetween(d.createdOn, d.closedOn),
        });
        if (d.amountMinor != null && d.amountMinor > 0)
          versions.push({
            accountId,
            subscriptionExternalId: crmDealExternalId(vendor, d.id),
            plan: d.name.slice(0, 200),
            quantity: 1,
            amountMinor: d.amountMinor,
            currency: d.currency,
            interval: options.interval,
            startsOn: d.closedOn,
            endsOn: null,
            status: 'active' as const,
          });
      }
      const subs = await deps.subscriptions.syncVersions(systemActor, versions, trx);
      const opened = await deps.handoff.fromDeals(systemActor, handoffs, trx);
      result.inserted += subs.inserted + opened.inserted;
      result.updated += subs.updated + opened.updated;
      for (const id of [...subs.accountIds, ...opened.accountIds]) changed.add(id);
    }

    const deletedContacts = page.deletedContacts ?? [];
    if (deletedContacts.length) {
      result.received += deletedContacts.length;
      const from = await deps.contacts.removeByExternalIds(
        systemActor,
        deletedContacts.map((id) => crmExternalId(vendor, id)),
        trx,
      );
      result.deleted += from.removed;
      for (const id of from.accountIds) changed.add(id);
    }

    for (const c of page.deletedCompanies ?? []) {
      result.received += 1;
      result.refusals.push({
        externalId: crmExternalId(vendor, c.id),
        reason: { code: 'crmCompanyDeleted', params: { company: c.name } },
      });
    }

    result.accountIds = [...changed];
    return result;
  }

  return { writePage };
}

export type CrmWriter = ReturnType<typeof createCrmWriter>;
