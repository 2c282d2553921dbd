import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../http/errors.js';
import { LOCALES, type Locale, translator } from '../../i18n/index.js';
import type { ValueReportState } from '../../shared/value.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { customerEmailContacts, customerRecipient } from '../contacts/contacts.read.js';
import type { Mailer } from '../mail/mailer.js';
import type { SettingsService } from '../settings/settings.service.js';
import { userRows } from '../users/users.read.js';
import { previousMonth, renderValueReport, valueReportData } from './value.report.js';

/** A claim older than this is taken to be a crash between claim and send, and taken again. */
const LEASE_MINUTES = 10;

export interface ValueReportDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  defaultLocale: Locale;
  mailer: Mailer;
  audit: Pick<AuditService, 'record'>;
  settings: Pick<SettingsService, 'get'>;
  accounts: Pick<AccountService, 'get'>;
}

export type ValueReportOutcome =
  | { status: 'already_sent' }
  | {
      status: 'sent' | 'skipped';
      email: string | null;
      reason?: 'smtp_not_configured' | 'no_contact_email' | 'unsubscribed';
    };

/**
 * Monthly value reports (docs/value-reports.md). Sends are claimed per (account, month) before anything
 * leaves, as the welcome's are: only a failed send or a claim past its lease is taken again, so a re-run of
 * the monthly job, a retry or a second worker never sends a month twice.
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
}: ValueReportDeps) {
  /** The month before the current one in the organisation's time zone: what the monthly run reports. */
  const lastMonth = () => previousMonth(clock.today(timeZone).slice(0, 7));

  async function compose(accountId: string, month: string, locale: Locale, contactName: string | null) {
    const { account } = await customerRecipient(db, accountId, defaultLocale);
    const data = await valueReportData(db, {
      accountId,
      account: account.name,
      month,
      timeZone,
      modules: await settings.get('product_modules'),
      keyBehaviour: await settings.get('key_behaviour'),
    });
    const t = translator(locale);
    return renderValueReport(locale, data, {
      contact: contactName ?? t('mail.there'),
      csm: account.owner_name ?? t('welcome.team'),
    });
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
    return {
      enabled: setting?.enabled ?? false,
      mailConfigured: mailer.configured,
      recipient: contact?.email ? { name: contact.name, email: contact.email, locale } : null,
      copies: everyone.filter((c) => c.id !== contact?.id).map((c) => ({ name: c.name, email: c.email })),
      sends: sends.map((s) => ({
        month: s.month,
        status: s.status,
        email: s.email,
        locale: s.locale,
        error: s.error,
        sentAt: s.sent_at ? new Date(s.sent_at) : null,
      })),
    };
  }

  return {
    lastMonth,
    state,

    /** Turns the monthly report on or off for one account (off by default). */
    async setEnabled(actor: Actor, accountId: string, enabled: boolean) {
      await accounts.get(accountId);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('value_report_settings')
          .values({ account_id: accountId, enabled, updated_by: actor.type === 'user' ? actor.id : null })
          .onConflict((oc) =>
            oc
              .column('account_id')
              .doUpdateSet({ enabled, updated_by: actor.type === 'user' ? actor.id : null, updated_at: clock.now() }),
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

    /** The email as the account's contact would get it for `month` (default: last month). */
    async preview(accountId: string, month = lastMonth()) {
      await accounts.get(accountId);
      const { contact, locale } = await customerRecipient(db, accountId, defaultLocale);
      const message = await compose(accountId, month, locale, contact?.name ?? null);
      return { month, locale, to: contact?.email ?? null, subject: message.subject, html: message.html };
    },

    /** Sends the report to the person asking (never recorded as the month's send), in their language. */
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
      const message = await compose(accountId, month, locale, me.name);
      const mail = await mailer.send({
        to: me.email,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      return { email: me.email, status: mail.status };
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
     * Sends one account's report for `month` unless it was sent, to each of its contacts with an email who
     * still takes such mail; safe to call any number of times. `mayEmail` says whether a contact does (the monthly job asks the messaging
     * module's consent: unsubscribed or suppressed addresses are skipped).
     */
    async send(
      actor: Actor,
      accountId: string,
      month = lastMonth(),
      mayEmail?: (contactId: string) => Promise<boolean>,
    ): Promise<ValueReportOutcome> {
      const enabled = await db
        .selectFrom('value_report_settings')
        .select('enabled')
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      if (!enabled?.enabled) return { status: 'skipped', email: null };
      if (!(await claim(accountId, month))) return { status: 'already_sent' };
      const { locale } = await customerRecipient(db, accountId, defaultLocale);
      const everyone = await customerEmailContacts(db, accountId);
      const takers = [];
      for (const c of everyone) if (!mayEmail || (await mayEmail(c.id))) takers.push(c);
      const emails = takers.map((c) => c.email).join(', ') || null;
      let outcome: ValueReportOutcome;
      try {
        if (everyone.length === 0) outcome = { status: 'skipped', email: null, reason: 'no_contact_email' };
        else if (takers.length === 0)
          outcome = { status: 'skipped', email: everyone.map((c) => c.email).join(', '), reason: 'unsubscribed' };
        else {
          // One mail to every contact who takes it, greeted by name (one email, so they see who else got it).
          const names = takers.map((c) => c.name).join(locale === 'zh-CN' ? '、' : ', ');
          const message = await compose(accountId, month, locale, names);
          const mail = await mailer.send({
            to: emails!,
            subject: message.subject,
            text: message.text,
            html: message.html,
          });
          outcome =
            mail.status === 'sent'
              ? { status: 'sent', email: emails }
              : { status: 'skipped', email: emails, reason: mail.reason };
        }
      } catch (error) {
        // The claim is released for the job's retry; nothing was delivered.
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
        contact_id: takers[0]?.id ?? everyone[0]?.id ?? null,
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
