import { z } from 'zod';
import { endpoint, idParams } from './endpoint.js';

/**
 * Peer benchmark (docs/benchmarks.md): where an account stands among comparable customers — the same
 * industry, size band or service tier, or all customers — on usage and outcome figures. A figure is shown
 * only when at least MIN_PEERS other accounts of the group have it, so no single peer can be read off.
 */
export const MIN_PEERS = 5;
export const PEER_GROUPS = ['industry', 'size', 'tier', 'all'] as const;
export type PeerGroup = (typeof PEER_GROUPS)[number];

/** Employee bands of the size group: [from, to) — the last is open. */
export const SIZE_BANDS = [
  { key: '1-49', from: 1, to: 50 },
  { key: '50-199', from: 50, to: 200 },
  { key: '200-999', from: 200, to: 1000 },
  { key: '1000-4999', from: 1000, to: 5000 },
  { key: '5000+', from: 5000, to: null },
] as const;

export const BENCHMARK_METRICS = ['health_score', 'active_users_30d', 'latest_nps', 'module_events_30d'] as const;

export const benchmarkMetricSchema = z.object({
  metric: z.enum(BENCHMARK_METRICS),
  /** The product module of `module_events_30d` (its key and the name the admin gave it). */
  module: z.object({ key: z.string(), name: z.string() }).nullable(),
  /** The account's own figure; null when it has none. */
  value: z.number().nullable(),
  /** Other accounts of the group with this figure. */
  peers: z.number().int(),
  /** Null below MIN_PEERS peers (hidden) or without a figure of the account's own (percentile). */
  average: z.number().nullable(),
  median: z.number().nullable(),
  /** Share of peers below the account, ties counted half, 0–100. */
  percentile: z.number().nullable(),
});
export type BenchmarkMetric = z.infer<typeof benchmarkMetricSchema>;

export const benchmarkSchema = z.object({
  group: z.enum(PEER_GROUPS),
  /** The industry, the size band's key or the tier the group shares; null for `all`, or when the account has none. */
  groupValue: z.string().nullable(),
  /** Whether the account can be compared at all (it has the group's attribute). */
  comparable: z.boolean(),
  /** Other live accounts in the group. */
  groupSize: z.number().int(),
  minimumPeers: z.number().int(),
  metrics: z.array(benchmarkMetricSchema),
});
export type Benchmark = z.infer<typeof benchmarkSchema>;

export const benchmarksApi = {
  account: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/benchmark',
    params: idParams,
    query: z.object({ group: z.enum(PEER_GROUPS).default('industry') }),
    response: benchmarkSchema,
  }),
};
