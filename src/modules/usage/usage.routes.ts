import { invalidField } from '../../http/errors.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { usageApi } from '../../shared/usage.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { UsageService } from './usage.service.js';

interface UsageRouteDeps {
  usage: UsageService;
  accounts: Pick<AccountService, 'get'>;
  settings: Pick<SettingsService, 'get' | 'set'>;
  tracking: PeopleDirectory;
}

/**
 * Who the tracked people are (the tracking module's describePeople): named here rather than imported as
 * the tracking service's type, since tracking feeds usage and the two modules would form a cycle.
 */
export interface PeopleDirectory {
  describePeople(
    accountId: string,
    persons: string[],
  ): Promise<Map<string, { name: string | null; email: string | null; contactId: string | null }>>;
}

export function usageRoutes(app: App, { usage, accounts, settings, tracking }: UsageRouteDeps) {
  const tags = ['usage'];
  route(app, usageApi.daily, {
    access: 'read',
    tags,
    summary: 'Daily roll-up per event: count and distinct users, days in the organisation time zone',
    handler: async (request) => {
      await accounts.get(request.params.id);
      return { items: await usage.daily(request.params.id, request.query.from, request.query.to) };
    },
  });

  route(app, usageApi.active, {
    access: 'read',
    tags,
    summary: 'Distinct active users per day',
    handler: async (request) => {
      await accounts.get(request.params.id);
      return { items: await usage.activeDaily(request.params.id, request.query.from, request.query.to) };
    },
  });

  route(app, usageApi.users, {
    access: 'read',
    tags,
    summary: 'Per user: events, active days and last seen over the range, with the contact when known',
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

  route(app, usageApi.catalogue, {
    access: 'read',
    tags,
    summary: 'Every event name seen: volume, accounts, last seen, product module',
    handler: async () => ({ items: await usage.catalogue() }),
  });

  route(app, usageApi.setEventModule, {
    access: 'manage',
    tags,
    summary: 'Map an event to a product module (null: none)',
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

  route(app, usageApi.config, {
    access: 'read',
    tags,
    summary: 'Product modules (core or not), the key behaviour and its weekly frequency, raw-event retention',
    handler: config,
  });

  route(app, usageApi.saveModules, {
    access: 'manage',
    tags,
    summary: 'Product modules; `core` marks the ones that matter for adoption',
    handler: async (request) => {
      await settings.set(request.actor, 'product_modules', request.body.modules);
      return config();
    },
  });

  route(app, usageApi.saveKeyBehaviour, {
    access: 'manage',
    tags,
    summary: 'The key (activation) behaviour: an event and how many times a week an active customer does it',
    handler: async (request) => {
      await settings.set(request.actor, 'key_behaviour', request.body.keyBehaviour);
      return config();
    },
  });

  route(app, usageApi.saveRetention, {
    access: 'admin',
    tags,
    summary: 'Days raw events are kept (roll-ups are kept for good)',
    handler: async (request) => {
      await settings.set(request.actor, 'event_retention_days', request.body.retentionDays);
      usage.forgetRetention();
      return config();
    },
  });
}
