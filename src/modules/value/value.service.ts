import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../http/errors.js';
import { LOCALES, type Locale } from '../../i18n/index.js';
import type { SendView } from '../../shared/messaging.js';
import type { ValueReportState } from '../../shared/value.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import type { AccountService } from '../accounts/accounts.service.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { customerEmailContacts, customerRecipient } from '../contacts/contacts.read.js';
import type { Mailer } from '../mail/mailer.js';
import type { SettingsService } from '../settings/settings.service.js';
import { userRows } from '../users/users.read.js';
import type { MessagingService } from '../messaging/messaging.service.js';
import { previousMonth, reportVariables, valueReportData, valueReportTemplate } from './value.report.js';

/** A claim older than this is taken to be a crash between claim and send, and taken again. */
const LEASE_MINUTES = 10;

export interface ValueReportDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  defaultLocale: Locale;
  mailer: Pick<Mailer, 'configured'>;
  audit: Pick<AuditService, 'record'>;
  settings: Pick<SettingsService, 'get'>;
  accounts: Pick<AccountService, 'get'>;
  /** Sends go through messaging (a leaf module built alongside): looked up when used. */
  messaging: () => Pick<
    MessagingService,
    'templates' | 'sendMany' | 'preview' | 'testSend' | 'blocks' | 'sendsByPrefix'
  >;
}

export type ValueReportOutcome =
  | { status: 'already_sent' }
  | { status: 'sent' | 'skipped'; email: string | null; reason?: string };

/** The built-in template's purpose (message_templates.builtin). */
export const VALUE_REPORT_TEMPLATE = 'value-report';
/** Messaging's idempotency key of one account's month; each contact's send is `<this>:<contact id>`. */
export const reportKey = (accountId: string, month: string) => `value-report:${accountId}:${month}`;

/** One month's row as the 360 lists it, its status read from messaging's sends (what happened to each email). */
function summary(
  row: { status: string; email: string | null; error: string | null; sent_at: Date | null },
  sends: SendView[],
) {
  if (!sends.length) return { status: row.status, email: row.email, error: row.error, sentAt: row.sent_at };
  const went = sends.filter((s) => s.status === 'sent' || s.status === 'queued');
  const status = went.length
    ? 'sent'
    : sends.some((s) => s.status === 'failed')
      ? 'failed'
      : sends.some((s) => s.status === 'claimed')
        ? 'claimed'
        : 'skipped';
  const shown = went.length ? went : sends;
  const sentAt = went.map((s) => s.sentAt).filter((d): d is Date => d !== null);
  return {
    status,
    email:
      shown
        .map((s) => s.address)
        .filter(Boolean)
        .join(', ') || row.email,
    error: went.length ? null : (sends.find((s) => s.reason)?.reason ?? row.error),
    sentAt: sentAt.length ? new Date(Math.max(...sentAt.map((d) => new Date(d).getTime()))) : row.sent_at,
  };
}

/**
 * Monthly value reports (docs/value-reports.md). The figures are computed here and sent through messaging's
 * built-in "Monthly value report" template (marketing: unsubscribe link and headers, consent, suppression,
 * tracking, the timeline). Sends are claimed per (account, month) before anything leaves, and each contact's
 * email is keyed `value-report:<account>:<month>:<contact>` in messaging, so a re-run of the monthly job, a
 * retry after a crash or a second worker never sends a month twice.
 */
export function createValueReportService({
  db,
  clock,
  timeZone,
  defaultLocale,
  mailer,
  audit,
  settings,
  accounts,
  messaging,
}: ValueReportDeps) {
  /** The month before the current one in the organisation's time zone: what the monthly run reports. */
  const lastMonth = () => previousMonth(clock.today(timeZone).slice(0, 7));

  const template = () => messaging().templates.builtin(VALUE_REPORT_TEMPLATE, () => valueReportTemplate(defaultLocale));

  async function variables(accountId: string, month: string, locale: Locale) {
    const { account } = await customerRecipient(db, accountId, defaultLocale);
    const data = await valueReportData(db, {
      accountId,
      account: account.name,
      month,
      timeZone,
      modules: await settings.get('product_modules'),
      keyBehaviour: await settings.get('key_behaviour'),
    });
    return { report: reportVariables(locale, data, messaging().blocks) };
  }

  async function claim(accountId: string, month: string): Promise<boolean> {
    const now = clock.now();
    const { rows } = await sql<{ attempts: number }>`
      insert into value_report_sends (account_id, month, status, claimed_at) values (${accountId}, ${month}, 'claimed', ${now})
      on conflict (account_id, month) do update set status = 'claimed', attempts = value_report_sends.attempts + 1,
        claimed_at = excluded.claimed_at, error = null
      where value_report_sends.status = 'failed'
        or (value_report_sends.status = 'claimed'
          and value_report_sends.claimed_at < excluded.claimed_at - make_interval(mins => ${LEASE_MINUTES}))
      returning attempts`.execute(db);
    return rows.length === 1;
  }

  async function state(accountId: string): Promise<ValueReportState> {
    await accounts.get(accountId); // 404 for an unknown or deleted account
    const setting = await db
      .selectFrom('value_report_settings')
      .select('enabled')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const { contact, locale } = await customerRecipient(db, accountId, defaultLocale);
    const everyone = await customerEmailContacts(db, accountId);
    const sends = await db
      .selectFrom('value_report_sends')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('month', 'desc')
      .limit(12)
      .execute();
    const m = messaging();
    return {
      enabled: setting?.enabled ?? false,
      mailConfigured: mailer.configured,
      templateId: await template(),
      recipient: contact?.email ? { name: contact.name, email: contact.email, locale } : null,
      copies: everyone.filter((c) => c.id !== contact?.id).map((c) => ({ name: c.name, email: c.email })),
      sends: await Promise.all(
        sends.map(async (s) => {
          const shown = summary(s, await m.sendsByPrefix(accountId, `${reportKey(accountId, s.month)}:`));
          return {
            month: s.month,
            status: shown.status as ValueReportState['sends'][number]['status'],
            email: shown.email,
            locale: s.locale,
            error: shown.error,
            sentAt: shown.sentAt ? new Date(shown.sentAt) : null,
          };
        }),
      ),
    };
  }

  return {
    lastMonth,
    state,
    template,

    /** Turns the monthly report on or off for one account (off by default). */
    async setEnabled(actor: Actor, accountId: string, enabled: boolean) {
      await accounts.get(accountId);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('value_report_settings')
          .values({ account_id: accountId, enabled, updated_by: userIdOf(actor) })
          .onConflict((oc) =>
            oc.column('account_id').doUpdateSet({ enabled, updated_by: userIdOf(actor), updated_at: clock.now() }),
          )
          .execute();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'value_report',
          entityId: accountId,
          after: { enabled },
        });
      });
      return state(accountId);
    },

    /** The email as the account's primary contact would get it for `month` (default: last month), through the template. */
    async preview(accountId: string, month = lastMonth()) {
      await accounts.get(accountId);
      const { contact, locale } = await customerRecipient(db, accountId, defaultLocale);
      const first = contact ?? (await customerEmailContacts(db, accountId))[0];
      if (!first) throw new AppError(400, 'no_contact', 'valueReport.noContact');
      const message = await messaging().preview(
        await template(),
        first.id,
        locale,
        await variables(accountId, month, locale),
      );
      return { month, locale: message.locale, to: first.email ?? null, subject: message.subject, html: message.html };
    },

    /** Sends the report to the person asking, through the template (a messaging test send: not the month's, not on the timeline). */
    async sendTest(actor: Actor, accountId: string, month = lastMonth()) {
      await accounts.get(accountId);
      const me = actor.id
        ? await db
            .selectFrom(userRows(db).as('u'))
            .select(['u.email', 'u.name', 'u.locale'])
            .where('u.id', '=', actor.id)
            .executeTakeFirst()
        : undefined;
      if (!me?.email) throw new AppError(400, 'no_email', 'valueReport.noOwnEmail');
      const locale: Locale = LOCALES.includes(me.locale as Locale) ? (me.locale as Locale) : defaultLocale;
      const { contact } = await customerRecipient(db, accountId, defaultLocale);
      const first = contact ?? (await customerEmailContacts(db, accountId))[0];
      if (!first) throw new AppError(400, 'no_contact', 'valueReport.noContact');
      const sent = await messaging().testSend(actor, await template(), {
        contactId: first.id,
        locale,
        variables: await variables(accountId, month, locale),
      });
      return { email: me.email, status: sent.status === 'sent' ? ('sent' as const) : ('skipped' as const) };
    },

    /** Opted-in live accounts whose report for `month` is not done (sent or skipped), one statement. */
    async due(month = lastMonth()): Promise<string[]> {
      const { rows } = await sql<{ account_id: string }>`
        select s.account_id from value_report_settings s
        join ${liveAccounts(db)} a on a.id = s.account_id
        left join value_report_sends r on r.account_id = s.account_id and r.month = ${month}
        where s.enabled and (r.status is null or r.status in ('failed', 'claimed'))
        order by s.account_id`.execute(db);
      return rows.map((r) => r.account_id);
    },

    /**
     * Sends one account's report for `month` unless it was sent, to each of its contacts with an email, each
     * in the account's language through the template; messaging leaves out whoever unsubscribed or bounced.
     * Safe to call any number of times; a delivery that failed throws (the job retries) and is taken again.
     */
    async send(actor: Actor, accountId: string, month = lastMonth()): Promise<ValueReportOutcome> {
      const enabled = await db
        .selectFrom('value_report_settings')
        .select('enabled')
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      if (!enabled?.enabled) return { status: 'skipped', email: null };
      if (!(await claim(accountId, month))) return { status: 'already_sent' };
      const { locale } = await customerRecipient(db, accountId, defaultLocale);
      const everyone = await customerEmailContacts(db, accountId);
      let outcome: ValueReportOutcome;
      try {
        if (everyone.length === 0) outcome = { status: 'skipped', email: null, reason: 'no_contact_email' };
        else {
          const extra = await variables(accountId, month, locale);
          const sends = await messaging().sendMany({
            templateId: await template(),
            contactIds: everyone.map((c) => c.id),
            idempotencyKey: reportKey(accountId, month),
            variables: Object.fromEntries(everyone.map((c) => [c.id, extra])),
          });
          const failed = sends.find((s) => s.status === 'failed');
          if (failed) throw new Error(`delivery to ${failed.address ?? 'a contact'} failed`);
          const went = sends.filter((s) => s.status === 'sent' || s.status === 'queued');
          outcome = went.length
            ? { status: 'sent', email: went.map((s) => s.address).join(', ') }
            : {
                status: 'skipped',
                email:
                  sends
                    .map((s) => s.address)
                    .filter(Boolean)
                    .join(', ') || null,
                reason: sends.find((s) => s.reason)?.reason ?? undefined,
              };
        }
      } catch (error) {
        // The claim is released for the job's retry; messaging sends again only what did not go.
        await db
          .updateTable('value_report_sends')
          .set({ status: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : String(error) })
          .where('account_id', '=', accountId)
          .where('month', '=', month)
          .execute();
        throw error;
      }
      const update = {
        status: outcome.status as 'sent' | 'skipped',
        contact_id: everyone[0]?.id ?? null,
        email: outcome.email,
        locale,
        sent_at: clock.now(),
        error: ('reason' in outcome && outcome.reason) || null,
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('value_report_sends')
          .set(update)
          .where('account_id', '=', accountId)
          .where('month', '=', month)
          .execute();
        await audit.record(trx, actor, {
          action: 'send',
          entity: 'value_report',
          entityId: accountId,
          after: { month, ...update },
        });
      });
      return outcome;
    },
  };
}

export type ValueReportService = ReturnType<typeof createValueReportService>;
