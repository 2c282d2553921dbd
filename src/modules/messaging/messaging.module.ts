import { defineModule } from '../module.js';
import { messagingInboundRoutes } from './messaging.inbound.routes.js';
import { inAppRoutes } from './inapp.routes.js';
import { messagingJobs } from './messaging.jobs.js';
import { messagingPublicRoutes } from './messaging.public.js';
import { messagingRoutes } from './messaging.routes.js';
import { createMessagingService, type MessagingService } from './messaging.service.js';

declare module '../module.js' {
  interface ModuleServices {
    messaging: MessagingService;
  }
}

/**
 * Customer messaging (docs/messaging.md): templates, consent and channels — the one way a module sends
 * a message to a customer. A leaf today (journeys and surveys will build on its service).
 */
export const messagingModule = defineModule({
  name: 'messaging',
  services: ({ services, config }): { messaging: MessagingService } => ({
    messaging: createMessagingService({
      db: services.db,
      clock: services.clock,
      mailer: services.mailer,
      audit: services.audit,
      jobs: {
        send: (name: 'messaging-webhook', payload: { sendId: string }): Promise<unknown> =>
          services.jobs.send(name, payload),
      },
      defaultLocale: config.TENURE_LOCALE ?? 'zh-CN',
      publicUrl: config.TENURE_PUBLIC_URL ?? 'http://localhost:3000',
      allowPrivateWebhooks: config.TENURE_ALLOW_PRIVATE_WEBHOOKS ?? false,
    }),
  }),
  routes(app, { services, config }) {
    messagingRoutes(app, services);
    messagingPublicRoutes(app, services);
    messagingInboundRoutes(app, services);
    inAppRoutes(app, services, config.TENURE_PUBLIC_URL ?? 'http://localhost:3000');
  },
  jobs: messagingJobs,
});
