import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { ConnectorRefusal, ConnectorVendor } from '../../db/tables/connectors.js';
import type { DB } from '../../db/types.js';
import { AppError, invalidField, notFound } from '../../http/errors.js';
import type { Locale } from '../../i18n/index.js';
import { translator } from '../../i18n/index.js';
import type { JobService } from '../../jobs/jobs.service.js';
import type { SignalService } from '../../jobs/signals.js';
import type {
  ConnectorRun,
  HubSpotSettingsBody,
  HubSpotStatus,
  SalesforceSettingsBody,
  SalesforceStatus,
  ZendeskSettingsBody,
  ZendeskStatus,
} from '../../shared/connectors.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Connector, ConnectorError, type Reason } from './connector.types.js';
import { connectorsRepository as repo } from './connectors.repository.js';
import { writeBackFields } from './crm.writeback.js';
import { HUBSPOT_API, hubspotSettings } from './hubspot.js';
import { salesforceSettings } from './salesforce.js';
import { zendeskBaseUrl } from './zendesk.js';

/** A run still "running" after this long belongs to a process that died: it is failed as interrupted. */
export const STALE_RUN_MS = 60 * 60 * 1000;
export const SYNC_JOB = 'connectors-sync' as const;
const LOG_LENGTH = 20;

export interface ConnectorDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  signals: Pick<SignalService, 'accountsChanged'>;
  jobs: Pick<JobService, 'send'>;
  connectors: readonly Connector[];
}

export type RunOutcome = 'succeeded' | 'failed' | 'busy' | 'skipped';

/**
 * The connector foundation (docs/connectors.md): each vendor's configuration and secret, the sync run
 * — single flight, cursor saved with each page, refusals with reasons, a clear stop on bad credentials —
 * and the log the settings page shows. A vendor brings only its `Connector` (zendesk.ts).
 */
export function createConnectorService(deps: ConnectorDeps) {
  const { db, clock, audit, signals, jobs } = deps;
  const byVendor = new Map(deps.connectors.map((c) => [c.vendor, c]));
  const connector = (vendor: ConnectorVendor) => {
    const found = byVendor.get(vendor);
    if (!found) throw notFound(vendor);
    return found;
  };

  const phrase = (reason: Reason, locale: Locale) => translator(locale)(`connectors.${reason.code}`, reason.params);

  const runView = (row: Awaited<ReturnType<typeof repo.runs>>[number], locale: Locale): ConnectorRun => ({
    id: String(row.id),
    trigger: row.trigger,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    received: row.received,
    inserted: row.inserted,
    updated: row.updated,
    deleted: row.deleted,
    refused: row.refused,
    writtenBack: row.written_back,
    refusals: row.refusals.map((r) => ({ externalId: r.externalId, reason: phrase(r, locale) })),
    error: row.error ? phrase(row.error, locale) : null,
  });

  async function zendeskStatus(locale: Locale): Promise<ZendeskStatus> {
    const [config, runs] = await Promise.all([repo.config(db, 'zendesk'), repo.runs(db, 'zendesk', LOG_LENGTH)]);
    const token = config?.credentials?.apiToken;
    return {
      baseUrl: config?.settings.baseUrl ?? null,
      email: config?.settings.email ?? null,
      enabled: config?.enabled ?? false,
      tokenHint: token ? `…${token.slice(-4)}` : null,
      runs: runs.map((r) => runView(r, locale)),
    };
  }

  async function hubspotStatus(locale: Locale): Promise<HubSpotStatus> {
    const [config, runs] = await Promise.all([repo.config(db, 'hubspot'), repo.runs(db, 'hubspot', LOG_LENGTH)]);
    const token = config?.credentials?.accessToken;
    const settings = hubspotSettings(config?.settings ?? {});
    return {
      baseUrl: settings.baseUrl === HUBSPOT_API ? null : settings.baseUrl,
      enabled: config?.enabled ?? false,
      tokenHint: token ? `…${token.slice(-4)}` : null,
      roleProperty: settings.roleProperty,
      wonStage: settings.wonStage,
      currency: settings.currency,
      interval: settings.interval,
      writeBack: writeBackFields(config?.settings ?? {}),
      runs: runs.map((r) => runView(r, locale)),
    };
  }

  async function salesforceStatus(locale: Locale): Promise<SalesforceStatus> {
    const [config, runs] = await Promise.all([repo.config(db, 'salesforce'), repo.runs(db, 'salesforce', LOG_LENGTH)]);
    const secret = config?.credentials?.accessToken ?? config?.credentials?.clientSecret;
    const settings = salesforceSettings(config?.settings ?? {});
    return {
      baseUrl: settings.baseUrl || null,
      enabled: config?.enabled ?? false,
      auth: config?.credentials?.clientSecret ? 'clientCredentials' : 'accessToken',
      tokenHint: secret ? `…${secret.slice(-4)}` : null,
      clientId: config?.settings.clientId || null,
      roleField: settings.roleField,
      currency: settings.currency,
      multiCurrency: settings.multiCurrency,
      interval: settings.interval,
      writeBack: writeBackFields(config?.settings ?? {}),
      runs: runs.map((r) => runView(r, locale)),
    };
  }

  /** One sync of one vendor, as the job runs it. Never throws for a vendor's failure: the log says why. */
  async function run(
    vendor: ConnectorVendor,
    trigger: 'schedule' | 'manual',
    { fromStart = false }: { fromStart?: boolean } = {},
  ): Promise<RunOutcome> {
    const vendorConnector = connector(vendor);
    const config = await repo.config(db, vendor);
    if (!config?.credentials || (trigger === 'schedule' && !config.enabled)) return 'skipped';
    const now = clock.now();
    await repo.failStale(db, vendor, new Date(now.getTime() - STALE_RUN_MS), now);
    const claimed = await repo.claim(db, vendor, trigger, now);
    if (!claimed) return 'busy';
    const runId = claimed.id;
    // From the start: the stored cursor is emptied once this run holds the slot, so a crash part-way leaves no
    // stream's old position behind to skip what this run did not reach.
    if (fromStart) await repo.saveCursor(db, vendor, {}, { replace: true });
    const cursor = fromStart ? {} : { ...config.cursor };
    try {
      await vendorConnector.sync({
        settings: config.settings,
        credentials: config.credentials,
        cursor,
        async commitPage(write, next) {
          const result = await db.transaction().execute(async (trx) => {
            const page = await write(trx);
            const refusals: ConnectorRefusal[] = page.refusals.map((r) => ({ externalId: r.externalId, ...r.reason }));
            await repo.addPage(trx, runId, { ...page, refusals });
            await repo.saveCursor(trx, vendor, next);
            return page;
          });
          Object.assign(cursor, next);
          // After commit: health, lifecycle and the CTA rules follow the accounts whose tickets changed.
          await signals.accountsChanged(result.accountIds, vendor);
        },
        async wroteBack(count) {
          if (count) await repo.addWrittenBack(db, runId, count);
        },
      });
      await repo.finish(db, runId, 'succeeded', null, clock.now());
      return 'succeeded';
    } catch (error) {
      const reason =
        error instanceof ConnectorError
          ? error.reason
          : { code: 'unexpected', params: { message: (error as Error).message ?? String(error) } };
      await repo.finish(db, runId, 'failed', reason, clock.now());
      // A vendor's refusal or outage waits for the next schedule (no retry storm); our own failure is retried.
      if (!(error instanceof ConnectorError)) throw error;
      return 'failed';
    }
  }

  return {
    run,

    /** The scheduled sweep: queues a sync of each enabled vendor (one waiting per vendor). */
    async queueDue(): Promise<void> {
      for (const vendor of await repo.enabledVendors(db))
        if (byVendor.has(vendor)) await jobs.send(SYNC_JOB, { vendor, trigger: 'schedule' });
    },

    zendeskStatus,

    async saveZendesk(actor: Actor, body: ZendeskSettingsBody, locale: Locale): Promise<ZendeskStatus> {
      const stored = await repo.config(db, 'zendesk');
      if (!body.apiToken && !stored?.credentials)
        throw invalidField(['body', 'apiToken'], 'errors.connectorTokenRequired');
      const settings = { baseUrl: zendeskBaseUrl(body.baseUrl), email: body.email };
      await db.transaction().execute(async (trx) => {
        await repo.saveConfig(
          trx,
          'zendesk',
          { enabled: body.enabled, settings, ...(body.apiToken && { credentials: { apiToken: body.apiToken } }) },
          clock.now(),
        );
        // The token stays out of the audit trail; that it changed does not.
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'connector',
          entityId: null,
          before: stored ? { vendor: 'zendesk', enabled: stored.enabled, ...stored.settings } : null,
          after: { vendor: 'zendesk', enabled: body.enabled, ...settings, tokenChanged: !!body.apiToken },
        });
      });
      return zendeskStatus(locale);
    },

    hubspotStatus,

    async saveHubSpot(actor: Actor, body: HubSpotSettingsBody, locale: Locale): Promise<HubSpotStatus> {
      const stored = await repo.config(db, 'hubspot');
      if (!body.accessToken && !stored?.credentials)
        throw invalidField(['body', 'accessToken'], 'errors.connectorAccessTokenRequired');
      const settings = {
        baseUrl: (body.baseUrl || HUBSPOT_API).replace(/\/+$/, ''),
        roleProperty: body.roleProperty,
        wonStage: body.wonStage,
        currency: body.currency,
        interval: body.interval,
        writeHealthScore: body.writeBack.healthScore ?? '',
        writeRenewalProbability: body.writeBack.renewalProbability ?? '',
        writeCsmOwner: body.writeBack.csmOwner ?? '',
      };
      await db.transaction().execute(async (trx) => {
        await repo.saveConfig(
          trx,
          'hubspot',
          {
            enabled: body.enabled,
            settings,
            ...(body.accessToken && { credentials: { accessToken: body.accessToken } }),
          },
          clock.now(),
        );
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'connector',
          entityId: null,
          before: stored ? { vendor: 'hubspot', enabled: stored.enabled, ...stored.settings } : null,
          after: { vendor: 'hubspot', enabled: body.enabled, ...settings, tokenChanged: !!body.accessToken },
        });
      });
      return hubspotStatus(locale);
    },

    salesforceStatus,

    async saveSalesforce(actor: Actor, body: SalesforceSettingsBody, locale: Locale): Promise<SalesforceStatus> {
      const stored = await repo.config(db, 'salesforce');
      // The secret of the chosen way in: a new one, or the one kept for that same way.
      let credentials: Record<string, string> | undefined;
      if (body.auth === 'accessToken') {
        if (body.accessToken) credentials = { accessToken: body.accessToken };
        else if (!stored?.credentials?.accessToken)
          throw invalidField(['body', 'accessToken'], 'errors.connectorSalesforceTokenRequired');
      } else {
        if (!body.clientId) throw invalidField(['body', 'clientId'], 'errors.connectorClientIdRequired');
        if (body.clientSecret) credentials = { clientSecret: body.clientSecret };
        else if (!stored?.credentials?.clientSecret)
          throw invalidField(['body', 'clientSecret'], 'errors.connectorClientSecretRequired');
      }
      const settings = {
        baseUrl: body.baseUrl.replace(/\/+$/, ''),
        clientId: body.auth === 'clientCredentials' ? (body.clientId ?? '') : '',
        roleField: body.roleField,
        currency: body.currency,
        multiCurrency: body.multiCurrency ? 'true' : '',
        interval: body.interval,
        writeHealthScore: body.writeBack.healthScore ?? '',
        writeRenewalProbability: body.writeBack.renewalProbability ?? '',
        writeCsmOwner: body.writeBack.csmOwner ?? '',
      };
      await db.transaction().execute(async (trx) => {
        await repo.saveConfig(trx, 'salesforce', { enabled: body.enabled, settings, credentials }, clock.now());
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'connector',
          entityId: null,
          before: stored ? { vendor: 'salesforce', enabled: stored.enabled, ...stored.settings } : null,
          after: { vendor: 'salesforce', enabled: body.enabled, ...settings, secretChanged: !!credentials },
        });
      });
      return salesforceStatus(locale);
    },

    /** Tries the stored credentials against the vendor; the message says why not, in the caller's language. */
    async test(vendor: ConnectorVendor, locale: Locale): Promise<{ ok: boolean; message: string | null }> {
      const config = await repo.config(db, vendor);
      if (!config?.credentials)
        return {
          ok: false,
          message: phrase({ code: vendor === 'zendesk' ? 'notConfigured' : 'tokenNotConfigured', params: {} }, locale),
        };
      try {
        await connector(vendor).test(config.settings, config.credentials);
        return { ok: true, message: null };
      } catch (error) {
        const reason =
          error instanceof ConnectorError ? error.reason : { code: 'unexpected', params: { message: String(error) } };
        return { ok: false, message: phrase(reason, locale) };
      }
    },

    /** "Sync now" (from the cursor) or "Sync from the start": queued like the schedule's, after the settings are saved. */
    async syncNow(vendor: ConnectorVendor, fromStart = false): Promise<void> {
      const config = await repo.config(db, vendor);
      if (!config?.credentials) throw new AppError(409, 'not_configured', 'connectors.notConfigured');
      await jobs.send(SYNC_JOB, { vendor, trigger: 'manual', ...(fromStart && { fromStart }) });
    },
  };
}

export type ConnectorService = ReturnType<typeof createConnectorService>;
