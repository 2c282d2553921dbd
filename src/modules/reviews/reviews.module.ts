import { createAccount360Service } from '../account360/account360.service.js';
import { createBenchmarkService } from '../benchmarks/benchmarks.service.js';
import { defineModule } from '../module.js';
import { createDeckService } from './reviews.deck.js';
import { reviewRoutes } from './reviews.routes.js';
import { createReviewService } from './reviews.service.js';

/**
 * Business reviews (QBR / EBR, docs/business-reviews.md): cadence per tier, the due review (a CTA through the
 * `review_due` trigger, which reads this module's read model), logging a review on the timeline, and the
 * generated deck. Nothing depends on its service, so it is built with its routes.
 */
export const reviewsModule = defineModule({
  name: 'reviews',
  routes(app, { services, config }) {
    const timeZone = config.TENURE_TIMEZONE;
    const reviews = createReviewService({ ...services, timeZone, defaultLocale: config.TENURE_LOCALE });
    const deck = createDeckService({
      ...services,
      timeZone,
      reviews,
      summary: createAccount360Service({ ...services, timeZone, baseCurrency: config.TENURE_CURRENCY }),
      benchmarks: createBenchmarkService(services),
      objectives: services.successPlans,
    });
    reviewRoutes(app, { reviews, deck, chromiumPath: config.TENURE_CHROMIUM_PATH });
  },
});
