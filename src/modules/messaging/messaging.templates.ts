import { type Kysely, sql } from 'kysely';
import type { DB, TemplateContent } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import type { MessageLocale, MessageTemplate, TemplateInput } from '../../shared/messaging.js';
import { FIXED_VARIABLES, templateInputSchema } from '../../shared/messaging.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { knownVariables, loadRecipients } from './context.js';
import type { Links, TemplateRow } from './send.js';
import { composeEmail } from './send.js';
import { assertTemplateVariables, type MessageContext, pickLocale, renderMessage } from './templates.js';

/** What a module gives for its built-in template the first time it is asked for (then people edit it). */
export interface BuiltinTemplate {
  name: string;
  channel: 'email';
  messageType: 'transactional' | 'marketing';
  content: TemplateContent;
}

const toTemplate = (r: TemplateRow & { updated_at: Date; builtin?: string | null }): MessageTemplate => ({
  id: r.id,
  name: r.name,
  channel: r.channel,
  messageType: r.message_type,
  content: r.content,
  trackOpens: r.track_opens,
  trackClicks: r.track_clicks,
  webhookUrl: r.webhook_url,
  inApp: r.channel === 'in_app' ? (r.in_app ?? { style: 'modal', buttonUrl: null }) : null,
  builtin: r.builtin ?? null,
  updatedAt: new Date(r.updated_at),
});

const columns = [
  'id',
  'name',
  'channel',
  'message_type',
  'content',
  'track_opens',
  'track_clicks',
  'webhook_url',
  'in_app',
  'builtin',
  'updated_at',
] as const;

/** Templates: kept per language, their variables checked before save, previewed for a real contact. */
export function createTemplateStore({
  db,
  audit,
  defaultLocale,
}: {
  db: Kysely<DB>;
  audit: Pick<AuditService, 'record'>;
  defaultLocale: MessageLocale;
}) {
  async function row(id: string) {
    const found = await db
      .selectFrom('message_templates')
      .select(columns)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!found) throw notFound('messageTemplate');
    return found as TemplateRow & { updated_at: Date };
  }

  async function values(input: TemplateInput) {
    const parsed = templateInputSchema.parse(input);
    assertTemplateVariables(parsed.content, await knownVariables(db));
    const content: TemplateContent = {};
    for (const [locale, part] of Object.entries(parsed.content))
      if (part) {
        // A button label means something only in-app, and only with somewhere to go.
        const { button, ...rest } = part;
        content[locale as MessageLocale] = parsed.channel === 'in_app' && button ? { ...rest, button } : rest;
      }
    return {
      name: parsed.name,
      channel: parsed.channel,
      message_type: parsed.messageType,
      content: JSON.stringify(content),
      track_opens: parsed.trackOpens,
      track_clicks: parsed.trackClicks,
      webhook_url: parsed.channel === 'webhook' ? (parsed.webhookUrl ?? null) : null,
      in_app: parsed.channel === 'in_app' ? JSON.stringify(parsed.inApp ?? { style: 'modal', buttonUrl: null }) : null,
    };
  }

  return {
    row,
    async list(): Promise<MessageTemplate[]> {
      const rows = await db
        .selectFrom('message_templates')
        .select(columns)
        .where('deleted_at', 'is', null)
        .orderBy(sql`lower(name)`)
        .execute();
      return rows.map((r) => toTemplate(r as TemplateRow & { updated_at: Date }));
    },
    get: async (id: string) => toTemplate(await row(id)),

    async create(actor: Actor, input: TemplateInput): Promise<MessageTemplate> {
      const v = await values(input);
      return db.transaction().execute(async (trx) => {
        const made = await trx
          .insertInto('message_templates')
          .values({ ...v, created_by: userIdOf(actor) })
          .returning(columns)
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'message_template', entityId: made.id, after: v });
        return toTemplate(made as TemplateRow & { updated_at: Date });
      });
    },

    async update(actor: Actor, id: string, input: TemplateInput): Promise<MessageTemplate> {
      const before = await row(id);
      const v = await values(input);
      return db.transaction().execute(async (trx) => {
        const made = await trx
          .updateTable('message_templates')
          .set({ ...v, updated_at: new Date() })
          .where('id', '=', id)
          .returning(columns)
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'message_template',
          entityId: id,
          before,
          after: v,
        });
        return toTemplate(made as TemplateRow & { updated_at: Date });
      });
    },

    /**
     * The built-in template for `key` (a module's own message, e.g. `value-report`): made from `initial` the
     * first time, in one statement that a second caller at the same moment cannot duplicate; afterwards
     * whatever people edited it to. Its name gets the key appended if a person's template has it already.
     */
    async builtin(key: string, initial: () => BuiltinTemplate): Promise<string> {
      const existing = await db
        .selectFrom('message_templates')
        .select('id')
        .where('builtin', '=', key)
        .executeTakeFirst();
      if (existing) return existing.id;
      const made = initial();
      const taken = await db
        .selectFrom('message_templates')
        .select('id')
        .where(sql<string>`lower(name)`, '=', made.name.toLowerCase())
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      await db
        .insertInto('message_templates')
        .values({
          name: taken ? `${made.name} (${key})` : made.name,
          channel: made.channel,
          message_type: made.messageType,
          content: JSON.stringify(made.content),
          builtin: key,
        })
        .onConflict((oc) => oc.column('builtin').where('builtin', 'is not', null).doNothing())
        .execute();
      const found = await db.selectFrom('message_templates').select('id').where('builtin', '=', key).executeTakeFirst();
      return found!.id;
    },

    async remove(actor: Actor, id: string) {
      const before = await row(id);
      const { builtin } = await db
        .selectFrom('message_templates')
        .select('builtin')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      // The module that sends it would have nothing to send: a built-in template is edited, never deleted.
      if (builtin) throw invalidField(['params', 'id'], 'errors.messagingTemplateBuiltin');
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('message_templates').set({ deleted_at: new Date() }).where('id', '=', id).execute();
        await audit.record(trx, actor, { action: 'delete', entity: 'message_template', entityId: id, before });
      });
      return { ok: true as const };
    },

    async variables() {
      const known = await knownVariables(db);
      return { fixed: [...FIXED_VARIABLES], accountFields: [...known.accountFields], usageModules: known.usageModules };
    },

    /** The message as this contact would get it (links shown as written, no tracking). */
    async preview(
      id: string,
      contactId: string,
      wanted?: MessageLocale,
      links?: Links,
      variables?: Pick<MessageContext, 'report'>,
    ) {
      const template = await row(id);
      const recipient = (await loadRecipients(db, [contactId], defaultLocale)).get(contactId);
      if (!recipient) throw notFound('contact');
      if (variables) recipient.context = { ...recipient.context, ...variables };
      const locale = pickLocale(template.content, wanted ?? recipient.locale) ?? wanted ?? recipient.locale;
      const part = template.content[locale] ?? { subject: '', body: '' };
      if (template.channel === 'email' && links) {
        const mail = composeEmail(
          { ...template, track_opens: false, track_clicks: false },
          locale,
          recipient,
          'preview',
          links,
        );
        return { locale, subject: mail.subject, text: mail.text, html: mail.html };
      }
      return { locale, ...renderMessage(part, recipient.context) };
    },
  };
}
