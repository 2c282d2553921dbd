import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { deckApi, reviewsApi } from '../../shared/reviews.js';
import type { DeckService } from './reviews.deck.js';
import type { ReviewService } from './reviews.service.js';

export function reviewRoutes(app: App, { reviews, deck }: { reviews: ReviewService; deck: DeckService }) {
  const tags = ['reviews'];
  route(app, reviewsApi.cadences, {
    access: 'read',
    tags,
    summary: 'Business review cadence per service tier (every N months, QBR or EBR)',
    handler: async () => ({ items: await reviews.cadences() }),
  });
  route(app, reviewsApi.setCadences, {
    access: 'admin',
    tags,
    summary: 'Set the business review cadence of the tiers given (audited)',
    handler: async (request) => ({ items: await reviews.setCadences(request.actor, request.body.items) }),
  });
  route(app, reviewsApi.status, {
    access: 'read',
    tags,
    summary: "An account's business reviews: cadence, last review, next due, history",
    handler: (request) => reviews.status(request.params.id),
  });
  route(app, reviewsApi.log, {
    access: 'write',
    tags,
    summary: 'Log a held business review on the timeline; clears the review CTA',
    handler: (request) => reviews.log(request.actor, request.params.id, request.body),
  });
  route(app, deckApi.deck, {
    access: 'read',
    tags,
    summary: "The business review deck's content for an account (what the PDF and PPTX show)",
    handler: (request) => deck.deck(request.params.id, request.query.lang),
  });
}
