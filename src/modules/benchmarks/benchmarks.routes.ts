import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { benchmarksApi } from '../../shared/benchmarks.js';
import type { BenchmarkService } from './benchmarks.service.js';

export function benchmarkRoutes(app: App, { benchmarks }: { benchmarks: BenchmarkService }) {
  route(app, benchmarksApi.account, {
    access: 'read',
    tags: ['accounts'],
    summary: 'Peer benchmark: the account’s percentile among accounts of the same industry, size band, tier or all',
    handler: (request) => benchmarks.account(request.params.id, request.query.group),
  });
}
