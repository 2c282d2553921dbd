import { PassThrough } from 'node:stream';
import type { Connection } from 'jsforce';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { type RetryOptions, withRetries } from './connector.http.js';
import { type Connector, ConnectorError, type Reason, type SyncContext } from './connector.types.js';
import type { CrmWriter } from './crm.sync.js';
import type { CrmPage } from './crm.types.js';
import { changedValues, desiredValues, writeBackFields, writeBackRows } from './crm.writeback.js';
import {
  ACCOUNT_FIELDS,
  contactFields,
  opportunityFields,
  type SalesforceMappingSettings,
  type SalesforceRecord,
  stampOf,
  toCompany,
  toContact,
  toDeal,
} from './salesforce.mapping.js';

/** The REST API version Tenure asks for (Winter '25); every field it reads exists since long before. */
export const SALESFORCE_API_VERSION = '62.0';
/** Ids per write-back query and per sObject Collections update (the documented maximum is 200). */
const WRITE_CHUNK = 200;

/** The Salesforce settings as stored (connector_configs.settings), with their defaults. */
export function salesforceSettings(settings: Record<string, string>) {
  return {
    baseUrl: (settings.baseUrl ?? '').replace(/\/+$/, ''),
    roleField: settings.roleField ?? '',
    currency: settings.currency || 'USD',
    multiCurrency: settings.multiCurrency === 'true',
    interval: (settings.interval || 'year') as 'month' | 'quarter' | 'year',
  };
}

type Transport = Connection['_transport'];
type HttpResponse = Awaited<ReturnType<Transport['httpRequest']>>;

/** Salesforce's error body: `[{ message, errorCode }]` (REST), or `{ error, error_description }` (OAuth token endpoint). */
function vendorError(response: HttpResponse | undefined): { errorCode: string; message: string } | null {
  if (!response) return null;
  try {
    const body = JSON.parse(String(response.body));
    const first = Array.isArray(body) ? body[0] : body;
    if (first?.errorCode) return { errorCode: String(first.errorCode), message: String(first.message ?? '') };
    if (first?.error)
      return { errorCode: `oauth:${first.error}`, message: String(first.error_description ?? first.error) };
  } catch {
    // Not JSON (an HTML error page): the status alone says it.
  }
  return null;
}

/**
 * Puts the connectors' retry rules under jsforce: every HTTP request the client makes (REST and the OAuth
 * token endpoint) goes through `withRetries` — 429 waits its Retry-After, 5xx backs off — with jsforce's own
 * fetch retries off (they ignore Retry-After). A refusal is rephrased from Salesforce's error body.
 */
function retryingTransport(base: Transport, retry: RetryOptions | undefined): Transport {
  const httpRequest: Transport['httpRequest'] = (req, options) => {
    let last: HttpResponse | undefined;
    const promise = withRetries<HttpResponse>(async () => {
      last = await base.httpRequest(req, { ...options, retry: { maxRetries: 0 } });
      const error = last.statusCode === 403 ? vendorError(last) : null;
      // The org's API request limit is a 403 REQUEST_LIMIT_EXCEEDED: with a Retry-After it waits like a 429.
      const limited = error?.errorCode === 'REQUEST_LIMIT_EXCEEDED' && last.headers['retry-after'];
      return {
        status: limited ? 429 : last.statusCode,
        retryAfter: last.headers['retry-after'] ?? null,
        body: last,
      };
    }, retry).catch((error: unknown) => {
      if (!(error instanceof ConnectorError)) throw error;
      throw new ConnectorError(refusal(error.reason, vendorError(last)), error.retryable);
    });
    // jsforce reads the parsed body of the answer; the raw stream it may ask for is an empty one.
    return Object.assign(promise, { stream: () => new PassThrough() }) as unknown as ReturnType<
      Transport['httpRequest']
    >;
  };
  return Object.assign(Object.create(base), { httpRequest }) as Transport;
}

function refusal(reason: Reason, error: { errorCode: string; message: string } | null): Reason {
  if (reason.code !== 'credentials' && reason.code !== 'http') return reason;
  const status = Number(reason.params.status);
  if (error?.errorCode === 'REQUEST_LIMIT_EXCEEDED')
    return { code: 'salesforceLimit', params: { message: error.message } };
  if (error?.errorCode.startsWith('oauth:'))
    return { code: 'salesforceLogin', params: { status, message: error.message } };
  if (status === 401) return { code: 'crmCredentials', params: { status } };
  if (error)
    return { code: 'salesforceRefused', params: { status, errorCode: error.errorCode, message: error.message } };
  return status === 403 ? { code: 'crmCredentials', params: { status } } : reason;
}

type ObjectType = 'Account' | 'Contact' | 'Opportunity';

/**
 * Salesforce through jsforce, the de facto Node client library for Salesforce's APIs,
 * against the REST API of the org's instance URL (a local server in tests). Credentials: an access token,
 * or a connected app's client id and secret (OAuth 2.0 client credentials flow, a new token each run).
 * Each object is read with SOQL `SystemModstamp > cursor` in change order, page by page through
 * `nextRecordsUrl`; Accounts and Contacts through queryAll, so deletions (IsDeleted, kept in the recycle bin
 * 15 days) arrive in the same stream. The cursor per object is saved with each page.
 */
export function createSalesforceConnector(deps: { db: Kysely<DB>; crm: CrmWriter; retry?: RetryOptions }): Connector {
  async function connect(settings: Record<string, string>, credentials: Record<string, string>) {
    const { baseUrl } = salesforceSettings(settings);
    const { Connection } = await import('jsforce');
    const conn = new Connection({
      instanceUrl: baseUrl,
      loginUrl: baseUrl,
      version: SALESFORCE_API_VERSION,
      ...(credentials.accessToken && { accessToken: credentials.accessToken }),
      ...(!credentials.accessToken && {
        oauth2: { clientId: settings.clientId, clientSecret: credentials.clientSecret, loginUrl: baseUrl },
      }),
    });
    conn._transport = retryingTransport(conn._transport, deps.retry);
    conn.oauth2._transport = retryingTransport(conn.oauth2._transport, deps.retry);
    // The client credentials flow answers with a token for the run; no refresh token is kept.
    if (!credentials.accessToken) await conn.authorize({ grant_type: 'client_credentials' });
    return conn;
  }

  const soql = (type: ObjectType, fields: string[], since: string | undefined, won = false) => {
    const where = [since ? `SystemModstamp > ${since}` : '', won ? 'IsWon = true' : ''].filter(Boolean);
    return `SELECT ${fields.join(', ')} FROM ${type}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY SystemModstamp, Id`;
  };

  async function syncType(conn: Connection, context: SyncContext, type: ObjectType) {
    const settings = salesforceSettings(context.settings);
    const mapping: SalesforceMappingSettings = settings;
    const key = `${type}Since`;
    const fields =
      type === 'Account' ? ACCOUNT_FIELDS : type === 'Contact' ? contactFields(mapping) : opportunityFields(mapping);
    let result = await conn.query<SalesforceRecord>(soql(type, fields, context.cursor[key], type === 'Opportunity'), {
      autoFetch: false,
      scanAll: type !== 'Opportunity',
    });
    for (;;) {
      const records = result.records ?? [];
      const live = records.filter((r) => !r.IsDeleted);
      const gone = records.filter((r) => r.IsDeleted);
      const page: CrmPage =
        type === 'Account'
          ? {
              companies: live.map(toCompany),
              deletedCompanies: gone.map((r) => ({ id: r.Id, name: String(r.Name ?? r.Id) })),
            }
          : type === 'Contact'
            ? { contacts: live.map((r) => toContact(r, mapping)), deletedContacts: gone.map((r) => r.Id) }
            : { deals: live.map((r) => toDeal(r, mapping)) };
      const reached = records.reduce<string | undefined>((max, r) => {
        const at = stampOf(r);
        return at && (!max || at > max) ? at : max;
      }, context.cursor[key]);
      await context.commitPage(
        (trx) => deps.crm.writePage('salesforce', page, trx, settings),
        reached ? { [key]: reached } : {},
      );
      if (result.done || !result.nextRecordsUrl) return;
      result = await conn.queryMore<SalesforceRecord>(result.nextRecordsUrl, { autoFetch: false } as never);
    }
  }

  /**
   * Write-back (opt-in per field): reads the linked Accounts' current values 200 at a time (SOQL on Id) and
   * updates only the Accounts whose values differ, through sObject Collections (allOrNone false), so a re-run
   * writes nothing. An Account Salesforce refuses to update is logged with Salesforce's reason.
   */
  async function writeBack(conn: Connection, context: SyncContext) {
    const fields = writeBackFields(context.settings);
    const names = [fields.healthScore, fields.renewalProbability, fields.csmOwner].filter((f): f is string => !!f);
    if (!names.length) return;
    const numeric = new Set([fields.healthScore, fields.renewalProbability].filter(Boolean));
    const rows = await writeBackRows(deps.db, 'salesforce');
    for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
      const chunk = rows.slice(i, i + WRITE_CHUNK);
      const ids = chunk.map((r) => `'${r.id.replace(/[^A-Za-z0-9]/g, '')}'`).join(', ');
      const read = await conn.query<SalesforceRecord>(
        `SELECT Id, ${[...new Set(names)].join(', ')} FROM Account WHERE Id IN (${ids})`,
        { autoFetch: true },
      );
      // Deleted Accounts are not in the answer and are not written.
      const current = new Map(
        read.records.map((r) => [r.Id, Object.fromEntries(names.map((n) => [n, r[n] == null ? null : String(r[n])]))]),
      );
      const updates = chunk
        .filter((r) => current.has(r.id))
        .map((r) => ({ Id: r.id, values: changedValues(current.get(r.id) ?? {}, desiredValues(r, fields)) }))
        .filter((u) => Object.keys(u.values).length > 0)
        .map((u) => ({
          Id: u.Id,
          // Number fields take JSON numbers; an empty value is null, which clears the field.
          ...Object.fromEntries(
            Object.entries(u.values).map(([f, v]) => [f, v === '' ? null : numeric.has(f) ? Number(v) : v]),
          ),
        }));
      if (!updates.length) continue;
      const saved = await conn.sobject('Account').update(updates, { allOrNone: false });
      const failed = saved.filter((s) => !s.success);
      await context.wroteBack(saved.length - failed.length);
      if (failed.length)
        await context.commitPage(
          async () => ({
            received: 0,
            inserted: 0,
            updated: 0,
            deleted: 0,
            accountIds: [],
            refusals: failed.map((s, n) => ({
              externalId: `salesforce:${s.id ?? updates[saved.indexOf(s)]?.Id ?? n}`,
              reason: {
                code: 'salesforceWriteBack',
                params: { message: ('errors' in s ? s.errors : []).map((e) => e.message).join('; ') },
              },
            })),
          }),
          {},
        );
    }
  }

  return {
    vendor: 'salesforce',

    async test(settings, credentials) {
      const conn = await connect(settings, credentials);
      await conn.query('SELECT Id FROM Account LIMIT 1', { autoFetch: false });
    },

    async sync(context) {
      const conn = await connect(context.settings, context.credentials);
      // Accounts first: contacts and opportunities find their account through the Account's external id.
      await syncType(conn, context, 'Account');
      await syncType(conn, context, 'Contact');
      await syncType(conn, context, 'Opportunity');
      await writeBack(conn, context);
    },
  };
}
