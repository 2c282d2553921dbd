/** Sends the demo's most recent usage through the tracking service, as a product would through /v1/batch. */
import { createProcessor } from '../modules/tracking/processor.js';
import type { Services } from '../services.js';
import { demoMessages, type RecentSplit } from './events.js';
import type { DemoPlan } from './types.js';
import { demoActor } from './write.js';

const BATCH = 500;

/** Returns the number of messages sent; the roll-ups and traits are current when it resolves. */
export async function sendDemoEvents(
  services: Pick<Services, 'writeKeys' | 'tracking' | 'usage'>,
  plan: DemoPlan,
  split: RecentSplit,
): Promise<number> {
  const messages = demoMessages(plan, split);
  if (!messages.length) return 0;
  const key = await services.writeKeys.create(demoActor, { name: 'Demo product' });
  for (let i = 0; i < messages.length; i += BATCH) {
    await services.tracking.ingest({ id: key.id, name: key.name }, { messages: messages.slice(i, i + BATCH) });
  }
  await createProcessor({ tracking: services.tracking, usage: services.usage }).runNow();
  return messages.length;
}

/** The demo product's modules (reporting and automation are core), its events mapped to them, and its key behaviour (automations run). */
export async function configureDemoProduct(services: Pick<Services, 'settings' | 'usage'>) {
  await services.settings.set(demoActor, 'product_modules', [
    { key: 'reporting', name: 'Reporting', core: true },
    { key: 'automation', name: 'Automation', core: true },
    { key: 'data', name: 'Data & integrations', core: false },
  ]);
  const mapping: Record<string, string> = {
    report_viewed: 'reporting',
    dashboard_created: 'reporting',
    workflow_run: 'automation',
    data_exported: 'data',
    integration_synced: 'data',
  };
  for (const [event, module] of Object.entries(mapping)) await services.usage.setEventModule(demoActor, event, module);
  // Running automations is what keeps a customer: weak customers seldom set them up, and drifting
  // ones stop first (viewing a report a few times a week, nearly every account does).
  await services.settings.set(demoActor, 'key_behaviour', { event: 'workflow_run', perWeek: 5 });
}
