import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { jobs as jobDefinitions } from '../../jobs/registry.js';
import { cliActor } from '../audit/actor.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { testDatabase } from '../../../test/support/db.js';
import { waitFor } from '../../../test/support/wait.js';
import { gracefulShutdown } from './shutdown.js';
import { sample } from './prometheus.test-helper.js';

const TOKEN = 'metrics-token-0123456789abcdef';

describe('ops endpoints on the app', () => {
  let t: TestApp;
  let writeKey: string;
  const scrape = async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode, response.body).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    // The job queue runs (jobs: true) so readiness checks it and the depth gauge has queues to show.
    t = await createTestApp({}, { jobs: true });
    // The tracking pipeline is driven by hand below: its background loop would race the lag figures.
    await t.processor.stop();
    writeKey = (await t.services.writeKeys.create(cliActor, { name: 'ops test' })).key;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('GET /healthz: 200 without touching the database, never cached', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('GET /readyz: 200 naming each check when the database answers, migrations are current and the queue runs', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'ok', migrations: 'ok', queue: 'ok' } });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('GET /readyz: 503 naming migrations when a shipped migration is not applied', async () => {
    const last = (
      await sql<{ version: string }>`select max(version) as version from schema_migrations`.execute(t.database.db)
    ).rows[0].version;
    await sql`delete from schema_migrations where version = ${last}`.execute(t.database.db);
    try {
      const response = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'unavailable',
        failing: 'migrations',
        checks: { database: 'ok', migrations: 'failed' },
      });
    } finally {
      await sql`insert into schema_migrations (version) values (${last})`.execute(t.database.db);
    }
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('times requests by route pattern, method and status (never the raw path)', async () => {
    const admin = await t.as('admin');
    expect((await t.app.inject({ method: 'GET', url: '/api/accounts', headers: admin.headers })).statusCode).toBe(200);
    const missing = '00000000-0000-4000-8000-00000000abcd';
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/accounts/${missing}`, headers: admin.headers })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/no/such/page' })).statusCode).toBe(404);
    // The same list again: the read cache answers it, and says so.
    expect((await t.app.inject({ method: 'GET', url: '/api/accounts', headers: admin.headers })).statusCode).toBe(200);
    const text = await scrape();
    expect(sample(text, 'tenure_read_cache_answers_total', { route: '/api/accounts', result: 'miss' })).toBe(1);
    expect(sample(text, 'tenure_read_cache_answers_total', { route: '/api/accounts', result: 'hit' })).toBe(1);
    expect(
      sample(text, 'tenure_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/accounts',
        status: '200',
      }),
    ).toBe(2);
    expect(
      sample(text, 'tenure_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/accounts/:id',
        status: '404',
      }),
    ).toBe(1);
    expect(
      sample(text, 'tenure_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'tenure_http_request_duration_seconds_bucket', {
        method: 'GET',
        route: '/api/accounts',
        status: '200',
        le: '+Inf',
      }),
    ).toBe(2);
    expect(text).not.toContain(missing);
    expect(text).not.toContain('/no/such/page');
    // Node's process metrics come along.
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
  });

  it('answers in Prometheus text format, never cached', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('# TYPE tenure_http_request_duration_seconds histogram');
    expect(response.body).toContain('# TYPE tenure_job_failures_total counter');
    expect(response.body).toContain('# TYPE tenure_job_queue_depth gauge');
    expect(response.body).toContain('# TYPE tenure_ingest_lag_seconds gauge');
  });

  it('shows the depth of each job queue by state, and a zero failure count for every queue', async () => {
    const name = jobDefinitions.find((d) => !d.cron)!.name;
    const before = sample(await scrape(), 'tenure_job_queue_depth', { queue: name, state: 'created' });
    expect(before).toBeDefined();
    // Due in an hour: it waits in `created` while the test looks.
    await t.queue!.boss.send(name, {}, { startAfter: 3600 });
    const text = await scrape();
    expect(sample(text, 'tenure_job_queue_depth', { queue: name, state: 'created' })).toBe(before! + 1);
    for (const d of jobDefinitions) {
      expect(sample(text, 'tenure_job_queue_depth', { queue: d.name, state: 'active' }), d.name).toBeDefined();
      expect(sample(text, 'tenure_job_failures_total', { queue: d.name, final: 'true' }), d.name).toBe(0);
    }
  });

  it('reports the ingest backlog: age and count of tracked events not yet rolled up, and waiting traits', async () => {
    const basic = { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` };
    const at = new Date(t.clock.now().getTime() - 120_000).toISOString();
    const group = await t.app.inject({
      method: 'POST',
      url: '/v1/group',
      headers: basic,
      payload: { userId: 'ops-u1', groupId: 'ops-acme', traits: { name: 'Ops Acme' } },
    });
    expect(group.statusCode, group.body).toBe(200);
    const track = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: basic,
      payload: { userId: 'ops-u1', event: 'Report Run', timestamp: at },
    });
    expect(track.statusCode, track.body).toBe(200);

    let text = await scrape();
    expect(sample(text, 'tenure_ingest_pending', { stage: 'rollup' })).toBe(1);
    expect(sample(text, 'tenure_ingest_lag_seconds', { stage: 'rollup' })).toBe(120);
    expect(sample(text, 'tenure_ingest_pending', { stage: 'traits' })).toBe(1);
    expect(sample(text, 'tenure_ingest_lag_seconds', { stage: 'traits' })).toBeGreaterThanOrEqual(0);

    await t.processor.runNow();
    text = await scrape();
    expect(sample(text, 'tenure_ingest_pending', { stage: 'rollup' })).toBe(0);
    expect(sample(text, 'tenure_ingest_lag_seconds', { stage: 'rollup' })).toBe(0);
    expect(sample(text, 'tenure_ingest_pending', { stage: 'traits' })).toBe(0);
    expect(sample(text, 'tenure_ingest_lag_seconds', { stage: 'traits' })).toBe(0);
  });

  it('without TENURE_METRICS_TOKEN, /metrics answers callers on this machine only, and not through a proxy', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
    const remote = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.7',
      headers: { 'accept-language': 'en' },
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error.code).toBe('metrics_loopback_only');
    expect(remote.json().error.message).toContain('TENURE_METRICS_TOKEN');
    const proxied = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(proxied.statusCode).toBe(403);
    const forwarded = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '127.0.0.1',
      headers: { forwarded: 'for=203.0.113.7' },
    });
    expect(forwarded.statusCode).toBe(403);
    // Health checks come from load balancers anywhere.
    expect((await t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
  });
});

describe('ops endpoints with TENURE_METRICS_TOKEN, and the API rate limit on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TENURE_METRICS_TOKEN: TOKEN, TENURE_API_RATE_LIMIT: '1' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('/metrics wants the token from everyone (loopback included), as a bearer token', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/metrics', headers: { 'accept-language': 'zh-CN' } });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.json().error).toMatchObject({ code: 'metrics_token_required' });
    expect(none.json().error.message).toContain('指标令牌');
    expect(
      (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer short' } })).statusCode,
    ).toBe(401);
    const remote = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.7',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(remote.statusCode).toBe(200);
    expect(remote.body).toContain('tenure_http_request_duration_seconds');
  });

  it('the ops endpoints are not rate-limited and need no sign-in', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      expect(
        (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } }))
          .statusCode,
      ).toBe(200);
    }
    // Jobs are off in this app (as in most tests): readiness does not ask for a queue.
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json().checks.queue).toBe('not_run');
  });
});

describe('readiness when the database is gone, and the graceful stop', () => {
  it('GET /readyz: 503 naming the database when it does not answer', async () => {
    const database = await testDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent', TENURE_NOW: '2026-06-15T04:00:00Z' });
    const { app } = await buildApp({ config, database, serveWeb: false, jobs: false, processUsage: false });
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await database.close();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', failing: 'database', checks: { database: 'failed' } });
    // Liveness does not depend on the database: the process is up, a restart would not help.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });

  it('on stop: /readyz turns 503 at once, the request in flight finishes, then the server closes and the database with it', async () => {
    const database = await testDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent', TENURE_NOW: '2026-06-15T04:00:00Z' });
    const { app, ops } = await buildApp({ config, database, serveWeb: false, jobs: false, processUsage: false });
    let arrived!: () => void;
    const slowArrived = new Promise<void>((resolve) => (arrived = resolve));
    let finish!: () => void;
    const slowGate = new Promise<void>((resolve) => (finish = resolve));
    app.get('/test/slow', { config: { access: 'public' } }, async () => {
      arrived();
      await slowGate;
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const slow = fetch(`${base}/test/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await slowArrived;

    let endDrain!: () => void;
    const drainGate = new Promise<void>((resolve) => (endDrain = resolve));
    let drainAsked = 0;
    let stopped = false;
    const stopping = gracefulShutdown({
      app,
      database,
      ops,
      drainSeconds: 5,
      wait: (ms) => {
        drainAsked = ms;
        return drainGate;
      },
    }).then(() => (stopped = true));

    // Draining: still serving, but the load balancer is told to go elsewhere.
    const during = await fetch(`${base}/readyz`);
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ status: 'unavailable', failing: 'shutting_down', checks: {} });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(drainAsked).toBe(5_000);

    endDrain();
    // The close waits for the request in flight.
    await waitFor(() => !app.server.listening);
    expect(stopped).toBe(false);
    finish();
    expect(await slow).toEqual({ status: 200, body: { done: true } });
    await stopping;
    expect(stopped).toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    await expect(sql`select 1`.execute(database.db)).rejects.toThrow();
  });
});
