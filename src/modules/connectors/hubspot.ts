import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { type RetryOptions, type VendorResponse, withRetries } from './connector.http.js';
import { type Connector, ConnectorError, type PageResult, type SyncContext } from './connector.types.js';
import type { CrmWriter } from './crm.sync.js';
import type { CrmPage } from './crm.types.js';
import { changedValues, desiredValues, writeBackFields, writeBackRows } from './crm.writeback.js';
import {
  COMPANY_PROPERTIES,
  CONTACT_PROPERTIES,
  DEAL_PROPERTIES,
  type HubSpotMappingSettings,
  type HubSpotObject,
  modifiedAt,
  toCompany,
  toContact,
  toDeal,
} from './hubspot.mapping.js';

export const HUBSPOT_API = 'https://api.hubapi.com';
/** HubSpot's search returns at most 10,000 results for one query: past that the search starts again from the cursor. */
const SEARCH_WINDOW = 10_000;
const PAGE = 100;

/** A search answer: https://developers.hubspot.com/docs/api/crm/search */
interface SearchPage {
  results: HubSpotObject[];
  paging?: { next?: { after?: string } };
}

/** The HubSpot settings as stored (connector_configs.settings), with their defaults. */
export function hubspotSettings(settings: Record<string, string>) {
  return {
    baseUrl: settings.baseUrl || HUBSPOT_API,
    roleProperty: settings.roleProperty || 'hs_buying_role',
    // Empty: HubSpot's own closed-won flag decides (every pipeline). A named stage counts as won too.
    wonStage: settings.wonStage?.trim() ?? '',
    currency: settings.currency || 'USD',
    interval: (settings.interval || 'year') as 'month' | 'quarter' | 'year',
  };
}

type ObjectType = 'companies' | 'contacts' | 'deals';
const MODIFIED: Record<ObjectType, string> = {
  companies: 'hs_lastmodifieddate',
  contacts: 'lastmodifieddate',
  deals: 'hs_lastmodifieddate',
};
const PROPERTIES: Record<ObjectType, string[]> = {
  companies: COMPANY_PROPERTIES,
  contacts: CONTACT_PROPERTIES,
  deals: DEAL_PROPERTIES,
};

/**
 * HubSpot through its official Node client, @hubspot/api-client, with a private app's access token
 * (`basePath` points it at a local server in tests). Each object type is read incrementally with the
 * CRM search API, oldest change first, from the last-modified time the previous run reached (the
 * cursor, saved with each page); deletions come from the archived lists. Every request goes through
 * the connectors' retry rules (429 with Retry-After, back-off on 5xx, a stop on 401/403): the client's
 * own retries are off, and its errors (ApiException) carry the status and headers the rules need.
 */
export function createHubSpotConnector(deps: { db: Kysely<DB>; crm: CrmWriter; retry?: RetryOptions }): Connector {
  const client = async (settings: Record<string, string>, credentials: Record<string, string>) =>
    new (await import('@hubspot/api-client')).Client({
      accessToken: credentials.accessToken,
      basePath: hubspotSettings(settings).baseUrl,
      numberOfApiCallRetries: 0,
    });

  const send = <T>(request: () => Promise<{ httpStatusCode: number; headers: Record<string, string>; data: T }>) =>
    retried<T>(async (): Promise<VendorResponse<T>> => {
      try {
        const answer = await request();
        return { status: answer.httpStatusCode, retryAfter: answer.headers['retry-after'] ?? null, body: answer.data };
      } catch (error) {
        const e = error as { code?: unknown; headers?: Record<string, string> };
        // An HTTP answer the client refused (ApiException); anything else is a network failure.
        if (typeof e.code === 'number')
          return { status: e.code, retryAfter: e.headers?.['retry-after'] ?? null, body: undefined as T };
        throw error;
      }
    });

  /** The retry rules, with the refusal of a token phrased for a CRM's access token. */
  const retried = async <T>(request: () => Promise<VendorResponse<T>>) => {
    try {
      return await withRetries<T>(request, deps.retry);
    } catch (error) {
      if (error instanceof ConnectorError && error.reason.code === 'credentials')
        throw new ConnectorError({ code: 'crmCredentials', params: error.reason.params });
      throw error;
    }
  };

  type Api = Awaited<ReturnType<typeof client>>;

  const search = (
    api: Api,
    type: ObjectType,
    since: number,
    after: string | undefined,
    mapping: { wonStage: string; roleProperty: string },
  ) => {
    const { wonStage } = mapping;
    // The search answers only the properties it is asked for: the contacts' role property is one of them.
    const properties =
      type === 'contacts' ? [...new Set([...PROPERTIES.contacts, mapping.roleProperty])] : PROPERTIES[type];
    // Strictly after the cursor: the record the last run ended on is not read again.
    const filters = [{ propertyName: MODIFIED[type], operator: 'GT', value: String(since) }];
    // Filter groups are ORed, filters in a group ANDed. A deal is won when HubSpot's calculated
    // hs_is_closed_won says so (a closed-won stage of any pipeline), or, when the admin named one, when it
    // sits in that stage: the named stage adds deals, it never hides one HubSpot calls won.
    const filterGroups =
      type === 'deals'
        ? [
            { filters: [...filters, { propertyName: 'hs_is_closed_won', operator: 'EQ', value: 'true' }] },
            ...(wonStage
              ? [{ filters: [...filters, { propertyName: 'dealstage', operator: 'EQ', value: wonStage }] }]
              : []),
          ]
        : [{ filters }];
    const request = {
      filterGroups,
      // The documented shape is an object; the generated type says string.
      sorts: [{ propertyName: MODIFIED[type], direction: 'ASCENDING' }] as unknown as string[],
      properties,
      limit: PAGE,
      ...(after && { after }),
    } as Parameters<Api['crm']['companies']['searchApi']['doSearch']>[0];
    return send<SearchPage>(() => api.crm[type].searchApi.doSearchWithHttpInfo(request as never) as never);
  };

  /** Companies of won deals, from the v4 associations batch read (one request per page of deals). */
  async function dealCompanies(api: Api, dealIds: string[]): Promise<Map<string, string>> {
    if (!dealIds.length) return new Map();
    const answer = await send<{ results: { _from: { id: string }; to: { toObjectId: string | number }[] }[] }>(
      () =>
        api.crm.associations.v4.batchApi.getPageWithHttpInfo('deals', 'companies', {
          inputs: dealIds.map((id) => ({ id })),
        }) as never,
    );
    return new Map(
      (answer.results ?? []).filter((r) => r.to?.length).map((r) => [String(r._from.id), String(r.to[0].toObjectId)]),
    );
  }

  /** Archived records since the cursor: https://developers.hubspot.com/docs/api/crm/companies (archived=true). */
  async function archived(api: Api, type: 'companies' | 'contacts', since: number) {
    const found: HubSpotObject[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await send<SearchPage>(
        () => api.crm[type].basicApi.getPageWithHttpInfo(PAGE, after, ['name'], undefined, undefined, true) as never,
      );
      for (const o of page.results ?? []) {
        const at = o.archivedAt ? new Date(o.archivedAt).getTime() : 0;
        if (at > since) found.push({ ...o, archivedAt: new Date(at).toISOString() });
      }
      after = page.paging?.next?.after;
      if (!after) return found;
    }
  }

  async function syncType(api: Api, context: SyncContext, type: ObjectType) {
    const settings = hubspotSettings(context.settings);
    const mapping: HubSpotMappingSettings = settings;
    const key = `${type}Since`;
    let since = Number(context.cursor[key] ?? 0);
    let after: string | undefined;
    for (;;) {
      const found = await search(api, type, since, after, settings);
      const results = found.results ?? [];
      const page: CrmPage =
        type === 'companies'
          ? { companies: results.map(toCompany) }
          : type === 'contacts'
            ? { contacts: results.map((o) => toContact(o, mapping)) }
            : await (async () => {
                const companyOf = await dealCompanies(
                  api,
                  results.map((o) => o.id),
                );
                return { deals: results.map((o) => toDeal(o, companyOf.get(o.id) ?? null, mapping)) };
              })();
      const reached = results.reduce((max, o) => Math.max(max, modifiedAt(o, MODIFIED[type])), since);
      await context.commitPage(
        (trx: Transaction<DB>): Promise<PageResult> => deps.crm.writePage('hubspot', page, trx, settings),
        { [key]: String(reached) },
      );
      const next = found.paging?.next?.after;
      if (!next) return;
      if (Number(next) >= SEARCH_WINDOW) {
        // Past the search window: the same query again, from the last change this one reached (included).
        since = reached - 1;
        after = undefined;
      } else after = next;
    }
  }

  async function syncArchived(api: Api, context: SyncContext) {
    const since = Number(context.cursor.archivedSince ?? 0);
    const companies = await archived(api, 'companies', since);
    const contacts = await archived(api, 'contacts', since);
    if (!companies.length && !contacts.length) return;
    const reached = [...companies, ...contacts].reduce(
      (max, o) => Math.max(max, new Date(o.archivedAt as string).getTime()),
      since,
    );
    await context.commitPage(
      (trx) =>
        deps.crm.writePage(
          'hubspot',
          {
            deletedCompanies: companies.map((o) => ({ id: o.id, name: o.properties.name ?? o.id })),
            deletedContacts: contacts.map((o) => o.id),
          },
          trx,
          hubspotSettings(context.settings),
        ),
      { archivedSince: String(reached) },
    );
  }

  /**
   * Write-back (opt-in per field): reads the linked companies' current values, 100 at a time (batch read),
   * and updates only the companies whose values differ from Tenure's (batch update), so a re-run writes nothing.
   */
  async function writeBack(api: Api, context: SyncContext) {
    const fields = writeBackFields(context.settings);
    const properties = [fields.healthScore, fields.renewalProbability, fields.csmOwner].filter((p): p is string => !!p);
    if (!properties.length) return;
    const rows = await writeBackRows(deps.db, 'hubspot');
    for (let i = 0; i < rows.length; i += PAGE) {
      const chunk = rows.slice(i, i + PAGE);
      const read = await send<{ results: HubSpotObject[] }>(
        () =>
          api.crm.companies.batchApi.readWithHttpInfo(
            { inputs: chunk.map((r) => ({ id: r.id })), properties, propertiesWithHistory: [] },
            false,
          ) as never,
      );
      // Companies HubSpot no longer has (deleted) are not in the answer and are not written.
      const current = new Map((read.results ?? []).map((o) => [String(o.id), o.properties]));
      const inputs = chunk
        .filter((r) => current.has(r.id))
        .map((r) => ({ id: r.id, properties: changedValues(current.get(r.id) ?? {}, desiredValues(r, fields)) }))
        .filter((input) => Object.keys(input.properties).length > 0);
      if (!inputs.length) continue;
      await send(() => api.crm.companies.batchApi.updateWithHttpInfo({ inputs }) as never);
      await context.wroteBack(inputs.length);
    }
  }

  return {
    vendor: 'hubspot',

    async test(settings, credentials) {
      const api = await client(settings, credentials);
      await send(() => api.crm.companies.basicApi.getPageWithHttpInfo(1) as never);
    },

    async sync(context) {
      const api = await client(context.settings, context.credentials);
      // Companies first: contacts and deals find their account through the company's external id.
      await syncType(api, context, 'companies');
      await syncType(api, context, 'contacts');
      await syncType(api, context, 'deals');
      await syncArchived(api, context);
      await writeBack(api, context);
    },
  };
}
