import type { FastifyInstance } from 'fastify';
import { AppError } from '../../http/errors.js';
import { createOps, type Ops, type OpsDeps } from './ops.js';

/** The ops endpoints on the app (src/app.ts): returns the process's Ops (metrics for the queue, drain for shutdown). */
export function installOps(app: FastifyInstance, deps: OpsDeps): Ops {
  const ops = createOps(deps);
  opsRoutes(app, ops);
  // However the app closes (the server's shutdown, a test), readiness says so from the first moment.
  app.addHook('preClose', async () => ops.drain());
  // Draining, each answer closes its connection: keep-alive clients (a load balancer's pool) reconnect
  // elsewhere, and the close is not held up by idle keep-alive sockets (Fastify keeps them 72 s).
  app.addHook('onSend', async (_request, reply) => {
    if (ops.draining) reply.header('connection', 'close');
  });
  return ops;
}

/**
 * GET /healthz (liveness), GET /readyz (readiness, 503 naming the failing check) and GET /metrics
 * (Prometheus text). Outside /api: no sign-in, no CSRF, not counted by the API rate limit, never
 * cached, hidden from the OpenAPI document. Every answered request is timed for
 * tenure_http_request_duration_seconds by its route pattern (and a read the read cache may keep counted as a hit
 * or a miss).
 */
export function opsRoutes(app: FastifyInstance, ops: Ops) {
  app.addHook('onResponse', async (request, reply) => {
    const cache = reply.getHeader('x-tenure-cache');
    ops.metrics.observeRequest(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
      typeof cache === 'string' ? cache : undefined,
    );
  });

  const options = { config: { access: 'public' as const }, schema: { hide: true } };

  app.get('/healthz', options, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return ops.liveness();
  });

  app.get('/readyz', options, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    const readiness = await ops.readiness();
    return reply.status(readiness.status === 'ok' ? 200 : 503).send(readiness);
  });

  app.get('/metrics', options, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const access = ops.metricsAccess({ headers: request.headers, remoteAddress: request.socket.remoteAddress });
    if (access === 'token_required') {
      reply.header('www-authenticate', 'Bearer realm="tenure-metrics"');
      throw new AppError(401, 'metrics_token_required', 'errors.metricsTokenRequired');
    }
    if (access === 'loopback_only') throw new AppError(403, 'metrics_loopback_only', 'errors.metricsLoopbackOnly');
    const text = await ops.metrics.scrape();
    return reply.type(ops.metrics.contentType).send(text);
  });
}
