import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { MESSAGE_LOCALES, type MessageLocale } from '../../shared/messaging.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { contactRows } from '../contacts/contacts.read.js';
import { moduleTotalRows } from '../usage/module-totals.read.js';
import { userRows } from '../users/users.read.js';
import type { KnownVariables, MessageContext } from './templates.js';

/** One recipient: the values a template fills in, their language, and what consent allows. */
export interface Recipient {
  contactId: string;
  accountId: string;
  email: string | null;
  phone: string | null;
  locale: MessageLocale;
  emailMarketing: boolean;
  sms: boolean;
  suppressed: string | null;
  /** The account's own chat group (`chat` templates), when one is set. */
  chatGroup: { provider: 'wecom' | 'dingtalk' | 'feishu'; name: string; url: string; secret: string | null } | null;
  context: MessageContext;
}

interface Row {
  id: string;
  account_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  account_name: string;
  external_id: string | null;
  attributes: Record<string, unknown> | null;
  csm_name: string | null;
  csm_email: string | null;
  usage: { module: string; days: number; events: number }[] | null;
  email_marketing: boolean | null;
  sms: boolean | null;
  suppressed: string | null;
  chat_provider: 'wecom' | 'dingtalk' | 'feishu' | null;
  chat_name: string | null;
  chat_url: string | null;
  chat_secret: string | null;
}

/**
 * The recipients among `contactIds` (live contacts of live accounts), with their account, CSM, 7/30/90-day
 * product usage, preferences and suppression, in one statement.
 */
export async function loadRecipients(
  db: Kysely<DB>,
  contactIds: readonly string[],
  defaultLocale: MessageLocale,
): Promise<Map<string, Recipient>> {
  if (!contactIds.length) return new Map();
  const { rows } = await sql<Row>`
    select c.id, c.account_id, c.name, c.email, c.phone, c.title, a.name as account_name, a.external_id, a.attributes,
      u.name as csm_name, u.email as csm_email,
      (select jsonb_agg(jsonb_build_object('module', m.module, 'days', m.days, 'events', m.events))
         from ${moduleTotalRows(db)} m where m.account_id = a.id) as usage,
      p.email_marketing, p.sms, s.reason as suppressed,
      g.provider as chat_provider, g.name as chat_name, g.webhook_url as chat_url, g.secret as chat_secret
    from ${contactRows(db)} c
    join ${liveAccounts(db)} a on a.id = c.account_id
    left join ${userRows(db)} u on u.id = a.owner_id
    left join contact_message_preferences p on p.contact_id = c.id
    left join message_suppressions s on s.address = lower(c.email)
    left join account_chat_groups g on g.account_id = a.id
    where c.id = any(${[...contactIds]}::uuid[]) and c.deleted_at is null`.execute(db);
  return new Map(
    rows.map((r) => {
      const attributes = r.attributes ?? {};
      const stated = attributes.language;
      const locale = MESSAGE_LOCALES.includes(stated as MessageLocale) ? (stated as MessageLocale) : defaultLocale;
      const usage: MessageContext['usage'] = {};
      for (const u of r.usage ?? []) (usage[u.module] ??= {})[`${u.days}d`] = Number(u.events);
      return [
        r.id,
        {
          contactId: r.id,
          accountId: r.account_id,
          email: r.email,
          phone: r.phone,
          locale,
          emailMarketing: r.email_marketing ?? true,
          sms: r.sms ?? true,
          suppressed: r.suppressed,
          chatGroup:
            r.chat_provider && r.chat_url
              ? { provider: r.chat_provider, name: r.chat_name ?? '', url: r.chat_url, secret: r.chat_secret }
              : null,
          context: {
            contact: { name: r.name, email: r.email, phone: r.phone, title: r.title },
            account: { ...attributes, name: r.account_name, externalId: r.external_id },
            csm: { name: r.csm_name ?? '', email: r.csm_email ?? '' },
            usage: new Proxy(usage, {
              // A module without events in the window reads 0, not empty.
              get: (target, module: string) => target[module] ?? { '7d': 0, '30d': 0, '90d': 0 },
              has: () => true,
            }),
          },
        },
      ];
    }),
  );
}

/** The account attribute keys in use (what `{{account.<field>}}` may name), in one statement. */
export async function knownVariables(db: Kysely<DB>): Promise<KnownVariables & { usageModules: string[] }> {
  const [fields, modules] = await Promise.all([
    sql<{ key: string }>`select distinct jsonb_object_keys(a.attributes) as key from ${liveAccounts(db)} a
      where jsonb_typeof(a.attributes) = 'object' order by 1`.execute(db),
    sql<{ module: string }>`select distinct m.module from ${moduleTotalRows(db)} m order by 1`.execute(db),
  ]);
  return {
    accountFields: new Set(fields.rows.map((r) => r.key)),
    usageModules: modules.rows.map((r) => r.module),
  };
}
