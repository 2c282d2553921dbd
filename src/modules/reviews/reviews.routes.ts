import { z } from 'zod';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { DECK_LANGUAGES, deckApi, reviewsApi } from '../../shared/reviews.js';
import { deckHtml } from './reviews.html.js';
import { htmlToPdf } from './reviews.pdf.js';
import { deckPptx } from './reviews.pptx.js';
import type { DeckService } from './reviews.deck.js';
import type { ReviewService } from './reviews.service.js';

export function reviewRoutes(
  app: App,
  { reviews, deck, chromiumPath }: { reviews: ReviewService; deck: DeckService; chromiumPath?: string },
) {
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

  // Files, not JSON: registered by hand (test/contract.test.ts, NOT_JSON). A download link cannot set
  // Accept-Language, so the language is a query parameter (else the account's, else the organisation's).
  for (const format of ['pdf', 'pptx'] as const)
    app.get(`/api/accounts/:id/reviews/deck.${format}`, {
      config: { access: 'read' },
      schema: {
        tags,
        summary: `The business review deck as ${format === 'pdf' ? 'a PDF (headless Chromium)' : 'an editable PowerPoint file'}`,
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ lang: z.enum(DECK_LANGUAGES).optional() }),
      },
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        const { lang } = request.query as { lang?: (typeof DECK_LANGUAGES)[number] };
        const content = await deck.deck(id, lang);
        const file = format === 'pdf' ? await htmlToPdf(deckHtml(content), chromiumPath) : await deckPptx(content);
        const name = `business-review-${content.generatedOn}-${content.language}.${format}`;
        return reply
          .header(
            'content-type',
            format === 'pdf'
              ? 'application/pdf'
              : 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
          )
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(file);
      },
    });
}
