import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { messagingApi } from '../../shared/messaging.js';
import type { MessagingService } from './messaging.service.js';

export function messagingRoutes(app: App, { messaging }: { messaging: MessagingService }) {
  const tags = ['messaging'];
  const { templates, consent } = messaging;
  route(app, messagingApi.recipients, {
    access: 'read',
    tags,
    summary: 'Contacts to preview a template for, by name, email or account (first 20)',
    handler: async (request) => ({ items: await messaging.recipients(request.query.q) }),
  });
  route(app, messagingApi.templates, {
    access: 'read',
    tags,
    summary: 'Message templates (email, SMS, webhook), by name',
    handler: async () => ({ items: await templates.list() }),
  });
  route(app, messagingApi.template, {
    access: 'read',
    tags,
    summary: 'One message template',
    handler: (request) => templates.get(request.params.id),
  });
  route(app, messagingApi.createTemplate, {
    access: 'manage',
    tags,
    summary: 'Create a template; an unknown {{variable}} is refused naming the field and the variable (audited)',
    handler: (request) => templates.create(request.actor, request.body),
  });
  route(app, messagingApi.updateTemplate, {
    access: 'manage',
    tags,
    summary: 'Change a template; variables checked as on create (audited)',
    handler: (request) => templates.update(request.actor, request.params.id, request.body),
  });
  route(app, messagingApi.deleteTemplate, {
    access: 'manage',
    tags,
    summary: 'Remove a template; its sends keep its name (audited)',
    handler: (request) => templates.remove(request.actor, request.params.id),
  });
  route(app, messagingApi.variables, {
    access: 'read',
    tags,
    summary: 'Variables templates may use: fixed ones, account attribute keys, product modules',
    handler: () => templates.variables(),
  });
  route(app, messagingApi.preview, {
    access: 'read',
    tags,
    summary: 'A template rendered for a real contact (no tracking, inert unsubscribe link)',
    handler: (request) => messaging.preview(request.params.id, request.body.contactId, request.body.locale),
  });
  route(app, messagingApi.testSend, {
    access: 'write',
    tags,
    summary: "A test email of the template to the signed-in person's own address, filled in for a contact",
    handler: (request) => messaging.testSend(request.actor, request.params.id, request.body),
  });
  route(app, messagingApi.send, {
    access: 'write',
    tags,
    summary: 'Send a template to a contact: consent checked, idempotent by key (a re-run never sends twice)',
    handler: (request) => messaging.send(request.body),
  });
  route(app, messagingApi.accountSends, {
    access: 'read',
    tags,
    summary: "The account's message sends, newest first",
    handler: async (request) => ({ items: await messaging.accountSends(request.params.id) }),
  });
  route(app, messagingApi.chatGroup, {
    access: 'read',
    tags,
    summary: "The account's own chat group (its robot's URL masked, the secret never returned)",
    handler: (request) => messaging.chatGroups.get(request.params.id),
  });
  route(app, messagingApi.setChatGroup, {
    access: 'write',
    tags,
    summary: "Set the account's own chat group: WeCom, DingTalk or Feishu custom robot (audited without the URL)",
    handler: (request) => messaging.chatGroups.set(request.actor, request.params.id, request.body),
  });
  route(app, messagingApi.removeChatGroup, {
    access: 'write',
    tags,
    summary: "Remove the account's chat group",
    handler: (request) => messaging.chatGroups.remove(request.actor, request.params.id),
  });
  route(app, messagingApi.preferences, {
    access: 'read',
    tags,
    summary: "A contact's channel preferences and whether their address is suppressed",
    handler: (request) => consent.preferences(request.params.id),
  });
  route(app, messagingApi.setPreferences, {
    access: 'write',
    tags,
    summary: "Change a contact's channel preferences (audited)",
    handler: (request) => consent.setPreferences(request.actor, request.params.id, request.body),
  });
  route(app, messagingApi.suppressions, {
    access: 'read',
    tags,
    summary: 'Suppressed addresses (bounced, complained, added by hand), newest first',
    handler: async () => ({ items: await consent.suppressions() }),
  });
  route(app, messagingApi.addSuppression, {
    access: 'manage',
    tags,
    summary: 'Suppress an address; reason bounce or complaint also records it on the latest send to it (audited)',
    handler: (request) => consent.suppress(request.actor, request.body),
  });
  route(app, messagingApi.removeSuppression, {
    access: 'manage',
    tags,
    summary: 'Take an address off the suppression list (audited)',
    handler: (request) => consent.unsuppress(request.actor, request.params.address),
  });
  route(app, messagingApi.smsSettings, {
    access: 'admin',
    tags,
    summary: 'The SMS provider (log-only or Twilio); the auth token is never returned',
    handler: () => messaging.smsSettings(),
  });
  route(app, messagingApi.setSmsSettings, {
    access: 'admin',
    tags,
    summary: 'Choose the SMS provider and its credentials (audited, token not logged)',
    handler: (request) => messaging.setSmsSettings(request.actor, request.body),
  });
  route(app, messagingApi.inbound, {
    access: 'admin',
    tags,
    summary: 'The intake URL for replies and bounces (raw messages) and its bearer key',
    handler: () => messaging.inbound.intake(),
  });
}
