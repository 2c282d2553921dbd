import { AppError, invalidField } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import { inAppAnswerSchema } from '../../shared/inapp.js';
import type { SurveyService } from './surveys.service.js';

/**
 * An in-app survey prompt's answer (docs/inapp.md), posted by the snippet from the customer's page: the
 * prompt's signed token authenticates it exactly as the answer page's link does, and it takes the same
 * path (surveys.respond.ts), so the answer feeds NPS, health, the advocacy rules and the timeline alike.
 */
export function surveyInAppRoutes(app: App, { surveys }: { surveys: SurveyService }) {
  app.register(async (plain) => {
    const scope = plain as unknown as App;
    // JSON as text/plain from the snippet: no CORS preflight.
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError(400, 'invalid_json', 'errors.invalidJson'), undefined);
      }
    });
    scope.addHook('onRequest', async (_request, reply) => {
      reply
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('cache-control', 'no-store');
    });
    scope.post(
      '/v1/inapp/answer',
      {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: 60_000 } },
        schema: { hide: true, body: inAppAnswerSchema },
      },
      async (request) => {
        const { token, score, comment } = request.body;
        const result = await surveys.answers.answer(token, { score, comment });
        if (result.state === 'invalid') throw new AppError(404, 'not_found', 'errors.surveyLinkInvalid');
        if (result.state === 'expired') throw new AppError(410, 'gone', 'errors.surveyLinkExpired');
        if (result.state === 'badScore') throw invalidField(['body', 'score'], 'errors.surveyScoreOutOfScale');
        // A second answer (double tap, two tabs) changes nothing; the snippet thanks either way.
        return { state: result.state === 'thanks' ? ('answered' as const) : ('alreadyAnswered' as const) };
      },
    );
  });
}
