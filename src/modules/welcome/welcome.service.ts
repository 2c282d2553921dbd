import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { type Locale, translator } from '../../i18n/index.js';
import type { SendView } from '../../shared/welcome.js';
import { accountRows, liveAccounts } from '../accounts/accounts.read.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { contactRows, customerRecipient } from '../contacts/contacts.read.js';
import type { Mailer } from '../mail/mailer.js';
import type { NotificationService } from '../notifications/notifications.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { profileAccountIds } from '../tracking/tracking.read.js';

export const WELCOME = 'welcome';
/** A claim older than this is taken to be a crash between claim and send, and taken again. */
const LEASE_MINUTES = 10;
/** First payments this many days back still get their welcome (a worker that was down catches up). */
const CATCH_UP_DAYS = 2;
/**
 * A welcome recorded as skipped because SMTP was not configured is sent once SMTP is, while the
 * first payment is at most this many days old: later it would no longer be a welcome, and a
 * server that ran without mail for months must not write to every customer it ever had.
 */
const SKIPPED_RETRY_DAYS = 30;
const NO_SMTP = 'smtp_not_configured';
/**
 * A welcome skipped because the account had no contact email is due again, in the same window,
 * once it has one (a Stripe customer's contact, an import, someone typing it in).
 */
const NO_EMAIL = 'no_contact_email';
const hasContactEmail = (db: Kysely<DB>, account: ReturnType<typeof sql.ref>) =>
  sql`exists (select 1 from ${contactRows(db)} c where c.account_id = ${account} and c.deleted_at is null and c.email is not null)`;

export interface WelcomeDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  defaultLocale: Locale;
  mailer: Mailer;
  audit: Pick<AuditService, 'record'>;
  timeline: Pick<TimelineService, 'record'>;
  /** Tells the account owner their welcome went out (event `welcome.sent`). */
  notifications?: Pick<NotificationService, 'notify'>;
}

export type WelcomeOutcome =
  | { status: 'already_sent' }
  | {
      status: 'sent' | 'skipped';
      email: string | null;
      locale: Locale;
      reason?: 'smtp_not_configured' | 'no_contact_email';
    };

export type { SendView };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Welcome automation (seed 000-11): soon after the first payment the account owner introduces
 * themself to the primary contact and gives the next steps, by email and as an in-app message.
 * Never twice: the (account, kind) row is claimed before anything is sent.
 */
export function createWelcomeService({
  db,
  clock,
  timeZone,
  defaultLocale,
  mailer,
  audit,
  timeline,
  notifications,
}: WelcomeDeps) {
  /** Skipped for want of SMTP is only worth taking again when mail can now leave. */
  const retrySkipped = mailer.configured;

  /**
   * Accounts whose first payment is recent and whose welcome is not done, optionally among
   * `accountIds`. With SMTP configured, a welcome skipped for want of it is not done either.
   */
  async function due(accountIds?: string[]): Promise<string[]> {
    const today = clock.today(timeZone);
    const scope = accountIds ? sql`and a.id = any(${accountIds}::uuid[])` : sql``;
    const { rows } = await sql<{ id: string }>`
      select a.id from ${accountRows(db)} a
      left join customer_sends s on s.account_id = a.id and s.kind = ${WELCOME}
      where a.deleted_at is null and a.first_paid_on is not null and a.first_paid_on <= ${today}::date
        and ((a.first_paid_on >= ${today}::date - ${CATCH_UP_DAYS}::int and (s.status is null or s.status not in ('sent', 'skipped')))
          or (${retrySkipped} and a.first_paid_on >= ${today}::date - ${SKIPPED_RETRY_DAYS}::int and s.status = 'skipped' and s.error = ${NO_SMTP})
          or (a.first_paid_on >= ${today}::date - ${SKIPPED_RETRY_DAYS}::int and s.status = 'skipped' and s.error = ${NO_EMAIL} and ${hasContactEmail(db, sql.ref('a.id'))})) ${scope}
      order by a.first_paid_on, a.id`.execute(db);
    return rows.map((r) => r.id);
  }

  async function claim(accountId: string): Promise<boolean> {
    const now = clock.now();
    const { rows } = await sql<{ attempts: number }>`
      insert into customer_sends (account_id, kind, status, claimed_at) values (${accountId}, ${WELCOME}, 'claimed', ${now})
      on conflict (account_id, kind) do update set status = 'claimed', attempts = customer_sends.attempts + 1, claimed_at = excluded.claimed_at, error = null
      where customer_sends.status = 'failed'
        or (customer_sends.status = 'claimed' and customer_sends.claimed_at < excluded.claimed_at - make_interval(mins => ${LEASE_MINUTES}))
        or (${retrySkipped} and customer_sends.status = 'skipped' and customer_sends.error = ${NO_SMTP})
        or (customer_sends.status = 'skipped' and customer_sends.error = ${NO_EMAIL} and ${hasContactEmail(db, sql.ref('customer_sends.account_id'))})
      returning attempts`.execute(db);
    return rows.length === 1;
  }

  function render(locale: Locale, params: { contact: string; account: string; csm: string; csmEmail: string }) {
    const t = translator(locale);
    const subject = t('welcome.subject', params);
    const title = t('welcome.title', params);
    const paragraphs = [
      t('welcome.greeting', params),
      t('welcome.intro', params),
      t('welcome.nextStepsIntro'),
      ...[1, 2, 3].map((n) => `${n}. ${t(`welcome.step${n}`, params)}`),
      t('welcome.signoff', params),
    ];
    return {
      subject,
      title,
      text: paragraphs.join('\n\n'),
      html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
    };
  }

  return {
    due,
    mailConfigured: mailer.configured,

    /** Sends the welcome of one account unless it was sent; safe to call any number of times. */
    async send(actor: Actor, accountId: string): Promise<WelcomeOutcome> {
      if (!(await claim(accountId))) return { status: 'already_sent' };
      const { account, contact, locale } = await customerRecipient(db, accountId, defaultLocale);
      const t = translator(locale);
      const message = render(locale, {
        contact: contact?.name ?? t('mail.there'),
        account: account.name,
        csm: account.owner_name ?? t('welcome.team'),
        csmEmail: account.owner_email ?? '',
      });
      let outcome: WelcomeOutcome;
      try {
        if (!contact?.email) outcome = { status: 'skipped', email: null, locale, reason: 'no_contact_email' };
        else {
          const mail = await mailer.send({
            to: contact.email,
            subject: message.subject,
            text: message.text,
            html: message.html,
          });
          outcome =
            mail.status === 'sent'
              ? { status: 'sent', email: contact.email, locale }
              : { status: 'skipped', email: contact.email, locale, reason: mail.reason };
        }
      } catch (error) {
        // The claim is released for the job's retry; nothing was delivered.
        await db
          .updateTable('customer_sends')
          .set({ status: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : String(error) })
          .where('account_id', '=', accountId)
          .where('kind', '=', WELCOME)
          .execute();
        throw error;
      }
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('customer_messages')
          .values({
            account_id: accountId,
            contact_id: contact?.id ?? null,
            kind: WELCOME,
            locale,
            title: message.title,
            body: message.text,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['account_id', 'kind']).doNothing())
          .execute();
        // The email is the CSM's introduction: on the timeline it is theirs.
        const author: Actor = account.owner_id
          ? { type: 'user', id: account.owner_id, name: account.owner_name ?? '', role: 'csm' }
          : actor;
        await timeline.record(trx, author, accountId, {
          type: 'email',
          subject: message.subject,
          body: message.text,
          contactId: contact?.id ?? null,
          occurredAt: now,
          data: {
            key: outcome.status === 'sent' ? 'timeline.welcomeSent' : 'timeline.welcomeSkipped',
            params: { email: contact?.email ?? '' },
            reason: 'reason' in outcome ? outcome.reason : null,
          },
        });
        const update = {
          status: outcome.status as 'sent' | 'skipped',
          contact_id: contact?.id ?? null,
          email: contact?.email ?? null,
          locale,
          sent_at: now,
          error: ('reason' in outcome && outcome.reason) || null,
        };
        await trx
          .updateTable('customer_sends')
          .set(update)
          .where('account_id', '=', accountId)
          .where('kind', '=', WELCOME)
          .execute();
        await audit.record(trx, actor, {
          action: 'send',
          entity: 'customer_send',
          entityId: accountId,
          after: { kind: WELCOME, ...update },
        });
      });
      if (account.owner_id && notifications) {
        await notifications.notify({
          userIds: [account.owner_id],
          event: 'welcome.sent',
          title:
            outcome.status === 'sent'
              ? 'notifications.events.welcomeSent.title'
              : 'notifications.events.welcomeRecorded.title',
          params: { account: account.name, email: contact?.email ?? '—' },
          link: `/accounts/${accountId}`,
          accountId,
          // A welcome recorded without SMTP and sent later tells the owner a second time: now it went out.
          key: outcome.status === 'sent' ? `welcome:${accountId}:sent` : `welcome:${accountId}`,
        });
      }
      return outcome;
    },

    /** The account's sends, for the Customer 360 page. */
    async sends(accountId: string): Promise<SendView[]> {
      const rows = await db
        .selectFrom('customer_sends')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('claimed_at')
        .execute();
      return rows.map((r) => ({
        kind: r.kind,
        status: r.status,
        email: r.email,
        locale: r.locale,
        attempts: r.attempts,
        error: r.error,
        claimedAt: new Date(r.claimed_at),
        sentAt: r.sent_at ? new Date(r.sent_at) : null,
      }));
    },

    /** In-app messages for the customer's product: the account a tracked user or group belongs to. */
    /**
     * Messages of the accounts the (verified) user belongs to — by profile, never by a group id
     * alone, so no one reads another account's messages by naming it; a groupId only narrows.
     */
    async messagesFor(query: { userId: string; groupId?: string }) {
      const accountIds = profileAccountIds(db, query.userId);
      let q = db.selectFrom('customer_messages as m').innerJoin(liveAccounts(db).as('a'), 'a.id', 'm.account_id');
      q = q.where('m.account_id', 'in', accountIds as never);
      if (query.groupId) q = q.where('a.external_id', '=', query.groupId);
      const rows = await q
        .select(['m.id', 'm.kind', 'm.locale', 'm.title', 'm.body', 'm.created_at'])
        .orderBy('m.created_at', 'desc')
        .limit(50)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        locale: r.locale,
        title: r.title,
        body: r.body,
        createdAt: r.created_at,
      }));
    },
  };
}

export type WelcomeService = ReturnType<typeof createWelcomeService>;
