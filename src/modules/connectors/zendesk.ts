import { type Kysely, sql } from 'kysely';
import type zendesk from 'node-zendesk';
import type { DB } from '../../db/types.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { systemActor } from '../audit/actor.js';
import type { TicketService } from '../tickets/tickets.service.js';
import { type RetryOptions, type VendorResponse, withRetries } from './connector.http.js';
import type { Connector, PageResult, SyncContext } from './connector.types.js';
import {
  externalId,
  matchOrganizations,
  organizationDomains,
  toTicket,
  type ZendeskMetricSet,
  type ZendeskOrganization,
  type ZendeskTicket,
} from './zendesk.mapping.js';

/** https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based */
interface TicketExportPage {
  tickets: ZendeskTicket[];
  metric_sets?: ZendeskMetricSet[];
  after_cursor: string | null;
  end_of_stream: boolean;
}

/** https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#list-organizations (cursor pagination) */
interface OrganizationPage {
  organizations: ZendeskOrganization[];
  meta?: { has_more?: boolean };
  links?: { next?: string | null };
}

/** The subdomain alone means https://<subdomain>.zendesk.com. */
export function zendeskBaseUrl(value: string): string {
  const trimmed = value.trim().replace(/\/+$/, '');
  return /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed.toLowerCase()}.zendesk.com`;
}

type Client = ReturnType<typeof zendesk.createClient>;

/**
 * Zendesk through its Node client, node-zendesk (endpointUri points it at the account, or at a local
 * server in tests). Its list helpers read every page before returning and hide the status and
 * Retry-After of a failure, so each page goes through the client's raw request (`_rawRequest`):
 * the connector's retry rules see the answer, and the cursor is saved page by page.
 */
export function createZendeskConnector(deps: {
  db: Kysely<DB>;
  tickets: Pick<TicketService, 'sync' | 'removeByExternalIds'>;
  retry?: RetryOptions;
}): Connector {
  const client = async (settings: Record<string, string>, credentials: Record<string, string>): Promise<Client> =>
    (await import('node-zendesk')).default.createClient({
      username: settings.email,
      token: credentials.apiToken,
      endpointUri: `${zendeskBaseUrl(settings.baseUrl ?? '')}/api/v2`,
      throwOriginalException: true,
    });

  const get = <T>(api: Client, uri: unknown[] | string) =>
    withRetries<T>(async (): Promise<VendorResponse<T>> => {
      // The client takes the query object off the end of the array it is given: each attempt gets a copy.
      const { response, result } = await api.tickets._rawRequest('GET', Array.isArray(uri) ? [...uri] : uri);
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: result as T };
    }, deps.retry);

  async function organizations(api: Client): Promise<ZendeskOrganization[]> {
    const all: ZendeskOrganization[] = [];
    let next: unknown[] | string = ['organizations'];
    for (;;) {
      const page: OrganizationPage = await get<OrganizationPage>(api, next);
      all.push(...(page.organizations ?? []));
      if (!page.meta?.has_more || !page.links?.next) return all;
      next = page.links.next;
    }
  }

  /** The accounts the organisations may be: one statement over the accounts read model. */
  async function accountsFor(orgs: readonly ZendeskOrganization[]) {
    const ids = [...new Set(orgs.map((o) => o.external_id).filter((x): x is string => !!x))];
    const domains = organizationDomains(orgs);
    if (!ids.length && !domains.length) return [];
    return deps.db
      .selectFrom(liveAccounts(deps.db).as('a'))
      .select(['a.id', 'a.external_id', 'a.domain'])
      .where((eb) =>
        eb.or([
          ...(ids.length ? [eb('a.external_id', 'in', ids)] : []),
          ...(domains.length
            ? [eb(sql<string>`regexp_replace(lower(a.domain), '^(https?://)?(www\\.)?', '')`, 'in', domains)]
            : []),
        ]),
      )
      .execute();
  }

  function page(
    tickets: readonly ZendeskTicket[],
    metrics: readonly ZendeskMetricSet[],
    orgs: Map<number, ZendeskOrganization>,
    accountOf: Map<number, string>,
  ) {
    const solvedAt = new Map(metrics.map((m) => [m.ticket_id, m.solved_at]));
    const rows = [];
    const deleted: string[] = [];
    const refusals: PageResult['refusals'] = [];
    // The export may list a ticket twice in one page (updated twice): the last one wins.
    const latest = new Map(tickets.map((t) => [t.id, t]));
    for (const ticket of latest.values()) {
      if (ticket.status === 'deleted') {
        deleted.push(externalId(ticket.id));
        continue;
      }
      const orgId = ticket.organization_id;
      const accountId = orgId == null ? undefined : accountOf.get(orgId);
      if (!accountId) {
        const org = orgId == null ? undefined : orgs.get(orgId);
        refusals.push({
          externalId: externalId(ticket.id),
          reason:
            orgId == null
              ? { code: 'noOrganization', params: {} }
              : {
                  code: 'unmatchedOrganization',
                  params: {
                    organization: org?.name ?? String(orgId),
                    externalId: org?.external_id ?? '—',
                    domains: (org?.domain_names ?? []).join(', ') || '—',
                  },
                },
        });
        continue;
      }
      rows.push(toTicket(ticket, accountId, solvedAt.get(ticket.id)));
    }
    return { rows, deleted, refusals, received: latest.size };
  }

  return {
    vendor: 'zendesk',

    async test(settings, credentials) {
      await get(await client(settings, credentials), ['users', 'me']);
    },

    async sync(context: SyncContext) {
      const api = await client(context.settings, context.credentials);
      const orgList = await organizations(api);
      const orgs = new Map(orgList.map((o) => [o.id, o]));
      const accountOf = matchOrganizations(orgList, await accountsFor(orgList));
      let cursor: string | undefined = context.cursor.tickets;
      for (;;) {
        const query: Record<string, string | number> = cursor
          ? { cursor, include: 'metric_sets' }
          : { start_time: 0, include: 'metric_sets' };
        const exported: TicketExportPage = await get<TicketExportPage>(api, [
          'incremental',
          'tickets',
          'cursor',
          query,
        ]);
        const { rows, deleted, refusals, received } = page(
          exported.tickets ?? [],
          exported.metric_sets ?? [],
          orgs,
          accountOf,
        );
        const next = exported.after_cursor ?? cursor;
        await context.commitPage(
          async (trx) => {
            const written = await deps.tickets.sync(systemActor, rows, trx);
            const removedFrom = await deps.tickets.removeByExternalIds(systemActor, deleted, trx);
            return {
              received,
              inserted: written.inserted,
              updated: written.updated,
              deleted: removedFrom.length,
              refusals,
              accountIds: [...written.accountIds, ...removedFrom],
            };
          },
          next ? { tickets: next } : {},
        );
        // Zendesk: keep the last after_cursor even at the end of the stream; the next run starts from it.
        if (exported.end_of_stream || !exported.after_cursor || exported.after_cursor === cursor) return;
        cursor = exported.after_cursor;
      }
    },
  };
}
