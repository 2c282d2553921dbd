import { defineModule } from '../module.js';
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
    const reviews = createReviewService({
      ...services,
      timeZone: config.TENURE_TIMEZONE,
      defaultLocale: config.TENURE_LOCALE,
    });
    reviewRoutes(app, { reviews });
  },
});
