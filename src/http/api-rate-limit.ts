import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

/**
 * Requests per minute on /api for each API token and each signed-in user (TENURE_API_RATE_LIMIT;
 * 0 turns it off). Keyed by who is calling, not by address: people behind one office NAT do not
 * share a budget, and a token cannot dodge it by changing address. Counted in this process
 * (@fastify/rate-limit's memory store), so N API processes allow up to N × the figure. Public routes
 * (sign-in has its own limiter in the database) are not counted. Installed after the auth hook,
 * so the caller is known; a refused request costs no database work beyond the auth lookup.
 */
export function installApiRateLimit(app: FastifyInstance, perMinute: number) {
  if (perMinute <= 0) return;
  const limit = app.createRateLimit({
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `api:${request.actor.type}:${request.actor.id ?? request.actor.name}`,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.actor || !request.url.startsWith('/api/')) return;
    const result = await limit(request);
    if (result.isAllowed) return;
    reply.header('x-ratelimit-limit', perMinute);
    if (!result.isExceeded) {
      reply.header('x-ratelimit-remaining', result.remaining);
      return;
    }
    reply.header('x-ratelimit-remaining', 0);
    reply.header('retry-after', result.ttlInSeconds);
    throw new AppError(429, 'rate_limited', 'errors.apiRateLimited', { max: perMinute, seconds: result.ttlInSeconds });
  });
}
