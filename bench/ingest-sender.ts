/**
 * The sending side of bench:ingest, run as its own process (child_process.fork): Segment batches
 * over HTTP, several in flight, each batch's latency measured from request to acknowledgement.
 * Deterministic: the same arguments send the same messages.
 */
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/shared/stats.js';

export interface SenderJob {
  url: string;
  writeKey: string;
  runId: string;
  accounts: number;
  usersPerAccount: number;
  events: number;
  batchSize: number;
  concurrency: number;
  /** The day the events spread over ends at this instant (ISO). */
  until: string;
}

export interface SenderReport {
  messages: number;
  batches: number;
  seconds: number;
  /** Epoch milliseconds of the last acknowledgement. */
  lastAckAt: number;
  latenciesMs: number[];
  accepted: number;
  duplicates: number;
  rejected: number;
}

const EVENTS = [
  'Report Viewed',
  'Dashboard Opened',
  'Workflow Run',
  'Data Exported',
  'Filter Applied',
  'Comment Added',
  'Invite Sent',
  'Integration Synced',
  'Alert Created',
  'Search Performed',
];

function* messages(job: SenderJob) {
  // The shared seeded generator (src/shared/stats.ts), so runs are comparable.
  const rng = new Rng(42);
  const rnd = () => rng.next();
  const users = job.accounts * job.usersPerAccount;
  const context = { library: { name: 'analytics-node', version: '2.1.0' } };
  // First every user joins their account (group), then they use the product.
  for (let u = 0; u < users; u++) {
    const account = u % job.accounts;
    yield {
      type: 'group',
      messageId: `${job.runId}-g${u}`,
      userId: `user-${u}`,
      groupId: `bench-${account}`,
      traits: { name: `Bench customer ${account}` },
      timestamp: job.until,
      context,
    };
  }
  const until = Date.parse(job.until);
  for (let i = 0; i < job.events; i++) {
    const u = Math.floor(rnd() * users);
    // Spread over the last 36 hours, so every account has events on two calendar days.
    const timestamp = new Date(until - Math.floor(rnd() * 36 * 3_600_000)).toISOString();
    if (i % 10 === 0) {
      yield {
        type: 'page',
        messageId: `${job.runId}-e${i}`,
        userId: `user-${u}`,
        name: 'Dashboard',
        properties: { path: '/dashboard', title: 'Dashboard', url: 'https://app.example.com/dashboard' },
        timestamp,
        context,
      };
    } else {
      yield {
        type: 'track',
        messageId: `${job.runId}-e${i}`,
        userId: `user-${u}`,
        event: EVENTS[Math.floor(rnd() * EVENTS.length)],
        properties: { plan: 'growth', items: Math.floor(rnd() * 100), source: rnd() < 0.5 ? 'web' : 'api' },
        timestamp,
        context,
      };
    }
  }
}

export async function send(job: SenderJob): Promise<SenderReport> {
  const auth = `Basic ${Buffer.from(`${job.writeKey}:`).toString('base64')}`;
  const source = messages(job);
  const report: SenderReport = {
    messages: 0,
    batches: 0,
    seconds: 0,
    lastAckAt: 0,
    latenciesMs: [],
    accepted: 0,
    duplicates: 0,
    rejected: 0,
  };
  const nextBatch = () => {
    const batch: unknown[] = [];
    for (let n = 0; n < job.batchSize; n++) {
      const next = source.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const batch = nextBatch();
      if (!batch.length) return;
      const body = JSON.stringify({ batch, sentAt: new Date().toISOString() });
      for (let attempt = 1; ; attempt++) {
        const t = performance.now();
        const response = await fetch(`${job.url}/v1/batch`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body,
        }).catch((error: Error) => error);
        if (response instanceof Response && response.ok) {
          const result = (await response.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
          report.latenciesMs.push(performance.now() - t);
          report.lastAckAt = Date.now();
          report.accepted += result.accepted;
          report.duplicates += result.duplicates;
          report.rejected += result.rejected.length;
          report.batches++;
          report.messages += batch.length;
          break;
        }
        // At-least-once, like the SDKs: a failed batch is sent again.
        if (attempt >= 5)
          throw new Error(
            `batch failed: ${response instanceof Response ? `${response.status} ${await response.text()}` : response.message}`,
          );
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

// Forked by bench/ingest.ts: one job in, one report out.
if (process.send) {
  process.once('message', (job: SenderJob) => {
    send(job).then(
      (report) => process.send!({ report }, () => process.exit(0)),
      (error: Error) => process.send!({ error: error.message }, () => process.exit(1)),
    );
  });
}
