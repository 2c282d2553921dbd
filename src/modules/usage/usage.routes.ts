import { z } from 'zod';
import { invalidField } from '../../http/errors.js';
import { type App, idParams } from '../../http/types.js';
import {
  activeDayItemSchema,
  catalogueItemSchema,
  dailyUsageItemSchema,
  eventsConfigSchema,
  keyBehaviourValueSchema,
  usageRangeQuerySchema,
  usageUserSchema,
} from '../../shared/usage.js';
import type { AccountService } from '../accounts/accounts.service.js';
import { eventRetentionDaysSchema, productModulesSchema, type SettingsService } from '../settings/settings.service.js';
import type { TrackingService } from '../tracking/tracking.service.js';
import type { UsageService } from './usage.service.js';

interface UsageRouteDeps {
  usage: UsageService;
  accounts: Pick<AccountService, 'get'>;
  settings: Pick<SettingsService, 'get' | 'set'>;
  tracking: Pick<TrackingService, 'describePeople'>;
}

export function usageRoutes(app: App, { usage, accounts, settings, tracking }: UsageRouteDeps) {
  app.get('/api/accounts/:id/usage/daily', {
    config: { access: 'read' },
    schema: {
      tags: ['usage'],
      summary: 'Daily roll-up per event: count and distinct users, days in the organisation time zone',
      params: idParams,
      querystring: usageRangeQuerySchema,
      response: { 200: z.object({ items: z.array(dailyUsageItemSchema) }) },
    },
    handler: async (request) => {
      await accounts.get(request.params.id);
      return { items: await usage.daily(request.params.id, request.query.from, request.query.to) };
    },
  });

  app.get('/api/accounts/:id/usage/active', {
    config: { access: 'read' },
    schema: {
      tags: ['usage'],
      summary: 'Distinct active users per day',
      params: idParams,
      querystring: usageRangeQuerySchema,
      response: { 200: z.object({ items: z.array(activeDayItemSchema) }) },
    },
    handler: async (request) => {
      await accounts.get(request.params.id);
      return { items: await usage.activeDaily(request.params.id, request.query.from, request.query.to) };
    },
  });

  app.get('/api/accounts/:id/usage/users', {
    config: { access: 'read' },
    schema: {
      tags: ['usage'],
      summary: 'Per user: events, active days and last seen over the range, with the contact when known',
      params: idParams,
      querystring: usageRangeQuerySchema,
      response: { 200: z.object({ items: z.array(usageUserSchema) }) },
    },
    handler: async (request) => {
      const { id } = request.params;
      await accounts.get(id);
      const people = await usage.people(id, request.query.from, request.query.to);
      const known = await tracking.describePeople(
        id,
        people.map((p) => p.person),
      );
      return {
        items: people.map((p) => {
          const anonymous = p.person.startsWith('anon:');
          const who = known.get(p.person);
          return {
            userId: anonymous ? p.person.slice(5) : p.person,
            anonymous,
            name: who?.name ?? null,
            email: who?.email ?? null,
            contactId: who?.contactId ?? null,
            events: p.events,
            activeDays: p.activeDays,
            lastSeenAt: p.lastSeenAt,
          };
        }),
      };
    },
  });

  app.get('/api/events/catalogue', {
    config: { access: 'read' },
    schema: {
      tags: ['usage'],
      summary: 'Every event name seen: volume, accounts, last seen, product module',
      response: { 200: z.object({ items: z.array(catalogueItemSchema) }) },
    },
    handler: async () => ({ items: await usage.catalogue() }),
  });

  app.patch('/api/events/catalogue/:event', {
    config: { access: 'manage' },
    schema: {
      tags: ['usage'],
      summary: 'Map an event to a product module (null: none)',
      params: z.object({ event: z.string().min(1).max(200) }),
      body: z.object({ module: z.string().max(40).nullable() }),
      response: { 200: z.object({ event: z.string(), module: z.string().nullable() }) },
    },
    handler: async (request) => {
      const { module } = request.body;
      if (module !== null) {
        const modules = await settings.get('product_modules');
        if (!modules.some((m) => m.key === module)) throw invalidField(['body', 'module'], 'errors.unknownModule');
      }
      return usage.setEventModule(request.actor, request.params.event, module);
    },
  });

  const config = async () => ({
    modules: await settings.get('product_modules'),
    keyBehaviour: await settings.get('key_behaviour'),
    retentionDays: await settings.get('event_retention_days'),
  });

  app.get('/api/events/config', {
    config: { access: 'read' },
    schema: {
      tags: ['usage'],
      summary: 'Product modules (core or not), the key behaviour and its weekly frequency, raw-event retention',
      response: { 200: eventsConfigSchema },
    },
    handler: config,
  });

  app.put('/api/events/modules', {
    config: { access: 'manage' },
    schema: {
      tags: ['usage'],
      summary: 'Product modules; `core` marks the ones that matter for adoption',
      body: z.object({ modules: productModulesSchema }),
      response: { 200: eventsConfigSchema },
    },
    handler: async (request) => {
      await settings.set(request.actor, 'product_modules', request.body.modules);
      return config();
    },
  });

  app.put('/api/events/key-behaviour', {
    config: { access: 'manage' },
    schema: {
      tags: ['usage'],
      summary: 'The key (activation) behaviour: an event and how many times a week an active customer does it',
      body: z.object({ keyBehaviour: keyBehaviourValueSchema.nullable() }),
      response: { 200: eventsConfigSchema },
    },
    handler: async (request) => {
      await settings.set(request.actor, 'key_behaviour', request.body.keyBehaviour);
      return config();
    },
  });

  app.put('/api/events/retention', {
    config: { access: 'admin' },
    schema: {
      tags: ['usage'],
      summary: 'Days raw events are kept (roll-ups are kept for good)',
      body: z.object({ retentionDays: eventRetentionDaysSchema }),
      response: { 200: eventsConfigSchema },
    },
    handler: async (request) => {
      await settings.set(request.actor, 'event_retention_days', request.body.retentionDays);
      usage.forgetRetention();
      return config();
    },
  });
}
