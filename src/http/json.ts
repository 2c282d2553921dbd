import type { FastifyInstance } from 'fastify';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../shared/json.js';
import { AppError } from './errors.js';

export const jsonTooDeep = () => new AppError(400, 'json_too_deep', 'errors.jsonTooDeep', { max: MAX_JSON_DEPTH });

/**
 * Fastify's own JSON parser (`__proto__` and `constructor.prototype` keys refused), behind a depth
 * check: a body nested thousands deep used to parse, then overflow the stack of whatever walked it
 * next (a 500). Scopes with parsers of their own (/v1, the Stripe webhook) check depth themselves.
 */
export function installJsonParser(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestedDeeperThan(body as string)) return done(jsonTooDeep(), undefined);
    parse(request, body as string, done);
  });
}
