import { createHash } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { LOCALES, type Locale, translator } from '../../i18n/index.js';
import type { JobService } from '../../jobs/jobs.service.js';
import type { NotificationListQuery, NotificationView } from '../../shared/notifications.js';
import type { Role } from '../../shared/roles.js';
import { accountRows } from '../accounts/accounts.read.js';
import type { Actor } from '../audit/actor.js';
import type { Mailer } from '../mail/mailer.js';
import { userRows } from '../users/users.read.js';
import type { ChannelService } from './channels.service.js';
import { pageLimit, pageOffset } from '../../db/page-window.js';

/**
 * What `notify` takes. Title and body are catalog keys (server catalogs, `notifications.*`),
 * rendered in each reader's language when read, and in the organisation's for chat robots.
 */
export interface NotifyInput {
  /** Recipients: these users, and/or every active user with this role. */
  userIds?: string[];
  role?: Role;
  /** Event name, e.g. 'cta.assigned'; chat channels subscribe by it (docs/notifications.md). */
  event: string;
  title: string;
  body?: string;
  params?: Record<string, string | number>;
  /** A path in Tenure (/accounts/…) or a full URL. */
  link?: string;
  accountId?: string;
  /** Idempotency key: the same key never notifies the same user or channel twice. Default: a hash of the input. */
  key?: string;
}

export type { NotificationView };

export interface NotificationDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  defaultLocale: Locale;
  publicUrl?: string;
  mailer: Mailer;
  channels: Pick<ChannelService, 'subscribed'>;
  jobs: Pick<JobService, 'send'>;
  /**
   * Open CTAs due by a day, with their rule's name (ctas/ctas.read.ts `dueCtaRows`), for the digest.
   * Passed in by src/services.ts: the ctas module notifies through this one, so importing it here would
   * close a module cycle.
   */
  dueCtaRows: (day: string) => RawBuilder<unknown>;
}

const asLocale = (value: string | null | undefined, fallback: Locale): Locale =>
  LOCALES.includes(value as Locale) ? (value as Locale) : fallback;

export function createNotificationService({
  db,
  clock,
  timeZone,
  defaultLocale,
  publicUrl,
  mailer,
  channels,
  jobs,
  dueCtaRows,
}: NotificationDeps) {
  const absolute = (link: string | null | undefined) =>
    !link ? null : /^https?:\/\//.test(link) ? link : publicUrl ? new URL(link, publicUrl).toString() : link;

  function render(
    locale: Locale,
    row: { title_key: string; body_key: string | null; params: Record<string, unknown> },
  ) {
    const t = translator(locale);
    return { title: t(row.title_key, row.params), body: row.body_key ? t(row.body_key, row.params) : null };
  }

  /** One user's digest: subject and plain text, in their language. */
  async function digestFor(user: { id: string; name: string; locale: string | null }, day: string) {
    const locale = asLocale(user.locale, defaultLocale);
    const t = translator(locale);
    const [unread, due] = await Promise.all([
      db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', user.id)
        .where('read_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute(),
      sql<{
        id: string;
        title: string | null;
        type: string;
        priority: string;
        due_on: string;
        account: string;
        rule: string | null;
      }>`
        select c.id, c.title, c.type, c.priority, c.due_on, a.name as account, c.rule
        from (${dueCtaRows(day)}) c join ${accountRows(db)} a on a.id = c.account_id
        where c.owner_id = ${user.id}
        order by c.due_on, c.id
        limit 50`
        .execute(db)
        .then((result) => result.rows),
    ]);
    const withLink = (text: string, link: string | null) => `• ${text}${link ? `\n  ${link}` : ''}`;
    const ctaLines = due.map((c) =>
      withLink(
        t(c.due_on < day ? 'notifications.digest.ctaOverdue' : 'notifications.digest.ctaToday', {
          account: c.account,
          title: c.title ?? c.rule ?? t(`notifications.digest.ctaType.${c.type}`),
          priority: t(`notifications.digest.priority.${c.priority}`),
          due: c.due_on,
        }),
        absolute(`/ctas?cta=${c.id}`),
      ),
    );
    const notificationLines = unread.map((r) => {
      const text = render(locale, r);
      return withLink(`${text.title}${text.body ? ` — ${text.body}` : ''}`, absolute(r.link));
    });
    const subject = due.length
      ? t('notifications.digest.subjectCtas', { count: due.length })
      : t('notifications.digest.subject', { count: unread.length });
    const sections = [
      ...(due.length ? [t('notifications.digest.ctasIntro', { count: due.length }), ...ctaLines] : []),
      ...(unread.length ? [t('notifications.digest.intro', { count: unread.length }), ...notificationLines] : []),
    ];
    return { subject, text: [t('notifications.digest.greeting', { name: user.name }), ...sections].join('\n\n') };
  }

  return {
    /** Stores in-app notifications for the recipients and queues a post to every subscribed chat channel. */
    async notify(input: NotifyInput): Promise<{ stored: number; channels: number }> {
      const key =
        input.key ??
        createHash('sha256')
          .update(
            JSON.stringify([
              input.event,
              input.userIds,
              input.role,
              input.title,
              input.body,
              input.params,
              input.link,
              input.accountId,
            ]),
          )
          .digest('hex')
          .slice(0, 32);
      const params = input.params ?? {};
      const stored = await sql<{ user_id: string }>`
        insert into notifications (user_id, event, title_key, body_key, params, link, account_id, dedupe_key, created_at)
        select u.id, ${input.event}, ${input.title}, ${input.body ?? null}, ${JSON.stringify(params)}::jsonb, ${input.link ?? null}, ${input.accountId ?? null}, ${key}, ${clock.now()}
        from ${userRows(db)} u
        where u.active and (u.id = any(${input.userIds ?? []}::uuid[]) or u.role = ${input.role ?? null})
        order by u.id
        on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing
        returning user_id`.execute(db);
      const targets = await channels.subscribed(input.event);
      for (const channelId of targets) {
        await jobs.send('notifications-deliver', {
          channelId,
          key,
          title: input.title,
          body: input.body ?? null,
          params,
          link: input.link ?? null,
        });
      }
      return { stored: stored.rows.length, channels: targets.length };
    },

    /** The chat text in the organisation's language (the deliver job). */
    chatMessage(payload: { title: string; body: string | null; params: Record<string, unknown>; link: string | null }) {
      const text = render(defaultLocale, { title_key: payload.title, body_key: payload.body, params: payload.params });
      return { title: text.title, body: text.body ?? '', link: absolute(payload.link) };
    },

    async list(
      userId: string,
      locale: Locale,
      query: Omit<NotificationListQuery, 'unread'> & { unread?: boolean },
    ): Promise<{ items: NotificationView[]; total: number; unread: number }> {
      let q = db.selectFrom('notifications').where('user_id', '=', userId);
      if (query.unread) q = q.where('read_at', 'is', null);
      const [rows, total, unread] = await Promise.all([
        q
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(pageLimit(query))
          .offset(pageOffset(query))
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        this.unreadCount(userId),
      ]);
      return {
        items: rows.map((r) => ({
          id: r.id,
          event: r.event,
          ...render(locale, r),
          link: r.link,
          accountId: r.account_id,
          createdAt: r.created_at,
          readAt: r.read_at,
        })),
        total: Number(total.n),
        unread,
      };
    },

    async unreadCount(userId: string): Promise<number> {
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Marks the reader's own notifications read (one, or all); someone else's id changes nothing. */
    async markRead(actor: Actor, ids: string[] | 'all'): Promise<number> {
      if (actor.type !== 'user' || !actor.id) return 0;
      let q = db
        .updateTable('notifications')
        .set({ read_at: clock.now() })
        .where('user_id', '=', actor.id)
        .where('read_at', 'is', null);
      if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /**
     * The daily email digest: each active user with unread notifications or open CTAs due (today
     * or overdue, snoozed ones excluded) gets one mail a day in their language — the CTAs first,
     * oldest due date first —, claimed per (user, day) so a rerun sends nothing twice.
     */
    async sendDigests(): Promise<{ sent: number; skipped: number }> {
      const day = clock.today(timeZone);
      const users = await sql<{ id: string; email: string; name: string; locale: string | null }>`
        select u.id, u.email, u.name, u.locale from ${userRows(db)} u
        where u.active
          and (exists (select 1 from notifications n where n.user_id = u.id and n.read_at is null)
            or exists (select 1 from (${dueCtaRows(day)}) c where c.owner_id = u.id))
          and not exists (select 1 from notification_digests d where d.user_id = u.id and d.day = ${day}::date and d.status in ('sent', 'skipped'))
        order by u.id`.execute(db);
      let sent = 0;
      let skipped = 0;
      for (const user of users.rows) {
        const claimed = await sql`
          insert into notification_digests (user_id, day, status, claimed_at) values (${user.id}, ${day}::date, 'claimed', ${clock.now()})
          on conflict (user_id, day) do update set status = 'claimed', claimed_at = excluded.claimed_at where notification_digests.status = 'failed'
          returning user_id`.execute(db);
        if (!claimed.rows.length) continue;
        const mail = await digestFor(user, day);
        const finish = (status: 'sent' | 'skipped' | 'failed') =>
          db
            .updateTable('notification_digests')
            .set({ status, sent_at: status === 'failed' ? null : clock.now() })
            .where('user_id', '=', user.id)
            .where('day', '=', day)
            .execute();
        try {
          const result = await mailer.send({ to: user.email, ...mail });
          await finish(result.status);
          if (result.status === 'sent') sent += 1;
          else skipped += 1;
        } catch (error) {
          await finish('failed');
          throw error;
        }
      }
      return { sent, skipped };
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
