import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ops } from './ops.js';

/**
 * The ops endpoints of a process without the web server — `tenure worker` with TENURE_WORKER_PORT:
 * GET /healthz, /readyz and /metrics with the same answers and the same /metrics rule as the
 * server's. Nothing else is served (404).
 */
export async function serveOps(ops: Ops, { port, host }: { port: number; host: string }) {
  const server = http.createServer((request, response) => {
    const send = (status: number, body: unknown, type = 'application/json; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const path = (request.url ?? '/').split('?')[0];
    void (async () => {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return send(405, { error: { code: 'method_not_allowed' } });
      if (path === '/healthz') return send(200, ops.liveness());
      if (path === '/readyz') {
        const readiness = await ops.readiness();
        return send(readiness.status === 'ok' ? 200 : 503, readiness);
      }
      if (path === '/metrics') {
        const access = ops.metricsAccess({ headers: request.headers, remoteAddress: request.socket.remoteAddress });
        if (access === 'token_required') return send(401, { error: { code: 'metrics_token_required' } });
        if (access === 'loopback_only') return send(403, { error: { code: 'metrics_loopback_only' } });
        return send(200, await ops.metrics.scrape(), ops.metrics.contentType);
      }
      return send(404, { error: { code: 'not_found' } });
    })().catch(() => {
      if (!response.headersSent) send(500, { error: { code: 'internal' } });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    /** Stops accepting and closes idle keep-alive connections; answers in flight finish. */
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
