import type { Services } from '../../services.js';
import { defineModule } from '../module.js';
import { createReportService } from './report.service.js';
import { createRequestService } from './requests.service.js';
import { createTaxonomyService } from './taxonomy.service.js';
import { vocRoutes } from './voc.routes.js';

/** The organisation's currency when the configuration names none (as src/services.ts). */
const DEFAULT_CURRENCY = 'CNY';

export function createVocService(services: Services, currency: string) {
  const { db, clock, timeZone, audit, ctas } = services;
  const taxonomy = createTaxonomyService({ db, clock, audit });
  const requests = createRequestService({ db, clock, timeZone, currency, audit, ctas });
  const report = createReportService({ db, clock, timeZone, currency, requests });
  return { taxonomy, requests, report };
}
export type VocService = ReturnType<typeof createVocService>;

/**
 * Voice of the customer (docs/voc.md): the tag taxonomy and the tags on activities, tickets and NPS answers,
 * feature requests with the ARR of the accounts that asked, and the VoC report. Reads the timeline's, tickets',
 * surveys', accounts' and contacts' rows through their read models; opens CTAs through the CTA service. A leaf:
 * nothing depends on it, so its service is built with its routes.
 */
export const vocModule = defineModule({
  name: 'voc',
  routes(app, { services, config }) {
    vocRoutes(app, { voc: createVocService(services, config.TENURE_CURRENCY ?? DEFAULT_CURRENCY) });
  },
});
