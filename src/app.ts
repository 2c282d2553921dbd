import fs from 'node:fs';
import { route } from './http/route.js';
import { opsApi } from './shared/ops.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyReply, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import { createClock, type Clock } from './clock.js';
import { type Config, fastifyTrustProxy, secureTransport } from './config.js';
import type { Database } from './db/connection.js';
import { installApiRateLimit } from './http/api-rate-limit.js';
import { installAuth } from './http/auth.js';
import { AppError, fromFrameworkError } from './http/errors.js';
import { installReadCache } from './http/read-cache.js';
import { installJsonParser } from './http/json.js';
import type { App } from './http/types.js';
import type { Access } from './shared/roles.js';
import { errorBody, installErrorHandling, requestLocale, validatorCompiler } from './http/validation.js';
import { createServices, type Services } from './services.js';
import { createProcessor, type Processor } from './modules/tracking/processor.js';
import { modules } from './modules/index.js';
import { createQueue, type Queue } from './jobs/queue.js';
import { installOps } from './modules/ops/ops.routes.js';
import type { Ops } from './modules/ops/ops.js';
import { jobs as jobDefinitions } from './jobs/registry.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(ROOT, 'web', 'dist');

export interface BuildOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: boolean;
  /** Serve the built web UI (off in API tests). */
  serveWeb?: boolean;
  /** Run the usage processor (roll-ups, traits, retention) in this process; tests may drive it by hand. */
  processUsage?: boolean;
  /** Start the job queue (pg-boss) and, with TENURE_WORKER=on, a worker in this process; tests leave it off. */
  jobs?: boolean;
  /** Let that worker fire the hourly and daily schedules (default true; browser tests, their clock pinned, do not). */
  schedules?: boolean;
}

export interface RouteInfo {
  method: string;
  url: string;
  access?: Access;
}

export interface BuiltApp {
  app: App;
  services: Services;
  /** Every route with the access level it declares (the access test walks them all). */
  routes: RouteInfo[];
  /** The usage processor: started with the app unless processUsage is false. */
  processor: Processor;
  /** The job queue when started (jobs: true); without it services.jobs runs jobs inline. */
  queue?: Queue;
  /** /healthz, /readyz, /metrics (modules/ops): its metrics, and drain() for the graceful stop. */
  ops: Ops;
}

/** Composition root: services from the database and config, then the HTTP surface on top. */
export async function buildApp({
  config,
  database,
  clock = createClock(config.TENURE_NOW),
  logger = false,
  serveWeb = true,
  processUsage = true,
  jobs = true,
  schedules = true,
}: BuildOptions): Promise<BuiltApp> {
  const services = createServices({ db: database.db, clock, config });
  const app = Fastify({
    logger: logger ? { level: config.LOG_LEVEL } : false,
    // One line per request is noise on a laptop; LOG_LEVEL=debug brings it back.
    logController: new LogController({
      disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace',
    }),
    // X-Forwarded-For is anyone's to send: believed only from the proxies configured (request.ip
    // keys the sign-in limit, so trusting it from everyone let a client rotate past the limit).
    trustProxy: fastifyTrustProxy(config.TENURE_TRUST_PROXY),
    bodyLimit: 1_048_576,
    // A malformed address (a bad %-escape) fails before routing, so before the error handler: same shape, same catalog.
    frameworkErrors: (error, request, reply) => {
      const refusal =
        fromFrameworkError(error) ?? new AppError(400, 'bad_request', 'errors.badRequest', { status: 400 });
      void (reply as FastifyReply)
        .status(refusal.status)
        .header('cache-control', 'no-store')
        .send(errorBody(refusal, requestLocale(request)));
    },
  }).withTypeProvider() as unknown as App;
  app.decorate('defaultLocale', config.TENURE_LOCALE);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installJsonParser(app);
  // API answers are about customers and people, and change by the minute: no browser or proxy keeps them.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    // The OpenAPI pages are public documentation.
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), access: 'public' };
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        routes.push({ method, url: route.url, access: (route.config as { access?: Access } | undefined)?.access });
    }
  });

  // Security headers on every answer. The middleware is built once: the Fastify plugin rebuilt it (parsing the
  // content-security policy) on every request: 2 % of account 360's CPU in a profile (docs/performance.md).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // Tenure is often reached over plain HTTP on a laptop or LAN: don't force https.
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: secureTransport(config),
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    // For routes that declare config.rateLimit (counted in this process). Sign-in has its own
    // limiter, in the database, shared by every API process (modules/auth/login-limit.ts).
    hook: 'preHandler',
    errorResponseBuilder: (request, context) => ({
      statusCode: 429,
      ...errorBody(
        new AppError(429, 'rate_limited', 'errors.rateLimited', { seconds: Math.ceil(context.ttl / 1000) }),
        requestLocale(request),
      ),
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tenure API',
        version: '0.1.0',
        description:
          'Customer success platform. Authenticate with the session cookie or `Authorization: Bearer <token>`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          writeKey: {
            type: 'http',
            scheme: 'basic',
            description: 'Tracking API (/v1/*): the write key as user name, empty password',
          },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  const { changes } = database;
  if (config.TENURE_READ_CACHE) {
    await changes.start(database.db);
    installReadCache(app, { changes, today: () => clock.today(config.TENURE_TIMEZONE) });
  }
  installAuth(app, services.auth, {
    publicUrl: config.TENURE_PUBLIC_URL,
    sessions: config.TENURE_READ_CACHE ? { changes, now: () => clock.now() } : undefined,
  });
  installApiRateLimit(app, config.TENURE_API_RATE_LIMIT);

  route(app, opsApi.apiHealth, {
    access: 'public',
    tags: ['ops'],
    summary: 'Liveness, the same as /healthz',
    handler: async () => ({ ok: true as const }),
  });
  const ops = installOps(app, {
    database,
    clock,
    queue: () => queue,
    expectQueue: jobs,
    metricsToken: config.TENURE_METRICS_TOKEN,
    log: app.log,
  });
  // Every module's routes (src/modules/index.ts), in list order.
  for (const module of modules) await module.routes?.(app, { services, config });

  const hasWeb = serveWeb && fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    // The SPA owns every non-API path: deep links such as /accounts/<id> load index.html.
    // Paths that name a file (assets of an older build) are real 404s, not the app.
    const isPage = !/\.[a-z0-9]+$/i.test(request.url.split('?')[0]);
    if (hasWeb && request.method === 'GET' && isPage && !request.url.startsWith('/api/'))
      return reply.sendFile('index.html');
    return reply
      .status(404)
      .send(errorBody(new AppError(404, 'not_found', 'errors.routeNotFound'), requestLocale(request)));
  });

  const processor = createProcessor({ tracking: services.tracking, usage: services.usage, log: app.log });
  if (processUsage) {
    processor.start();
    app.addHook('onClose', () => processor.stop());
  }

  let queue: Queue | undefined;
  if (jobs) {
    // On PGlite nobody else can open the database, so the server is always its own worker.
    const worker = config.TENURE_WORKER === 'on' || database.backend === 'pglite';
    queue = createQueue({
      database,
      definitions: jobDefinitions,
      timeZone: config.TENURE_TIMEZONE,
      clock,
      log: app.log,
      worker,
      schedules,
      onJobSettled: ops.metrics.jobSettled,
    });
    await queue.start();
    if (worker) await queue.work(services);
    services.jobs.attach(queue);
    app.addHook('onClose', async () => {
      services.jobs.detach();
      await queue?.stop();
    });
  }

  return { app, services, routes, processor, queue, ops };
}
