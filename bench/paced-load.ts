/**
 * A steady load: request i is due at start + i / rate whatever happened to the ones before, and its latency
 * counts from when it was due, not from when it could be sent. A stall of the server therefore shows in every
 * request that waited behind it (coordinated omission accounted for, as wrk2 does), and requests are spread
 * evenly over each second, as independent users' clicks are.
 *
 * Why not autocannon's fixed-rate mode (autocannon 9, lib/httpClient.js and lib/run.js): each connection
 * sends its quota for the second back to back as soon as the second starts, so "500 requests/s" arrives as
 * one burst of 500 followed by silence; and its coordinated-omission correction records every latency with
 * an expected interval of `Math.ceil(1 / rate)` = 1 ms whatever the rate, so one 250 ms answer adds ~250
 * synthetic samples (at 500/s over 32 connections the interval is 64 ms: ~4). The bench still uses
 * autocannon for its unpaced rows (as many requests as 4 connections can make), where neither applies.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { quantile } from '../src/shared/stats.js';

export interface PacedRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface PacedResult {
  /** Answered requests a second, over the time from the first due request to the last answer. */
  rate: number;
  p50: number;
  p99: number;
  max: number;
  /** Requests that failed on the network or timed out. */
  errors: number;
  /** Answers by status code. */
  statuses: Map<number, number>;
  /**
   * The longest this process's event loop was held up (by its own work, its garbage collector or the machine's
   * other processes): time in which it could neither send nor read answers, so latency the load generator may
   * have added to the figures above.
   */
  loopLag: number;
}

const TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 5;

/**
 * Sends `rate` requests a second for `seconds` seconds to `url` over at most `connections` kept-alive
 * connections (a request due while all are busy waits for one, and that wait is part of its latency).
 * `next(i)` gives request i.
 */
export async function pacedLoad(options: {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  next: (index: number) => PacedRequest;
}): Promise<PacedResult> {
  const { url, rate, seconds, connections, next } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  const statuses = new Map<number, number>();
  let answered = 0;
  let errors = 0;
  let lastAnswer = 0;
  let loopLag = 0;
  let lastBeat = performance.now();
  const heartbeat = setInterval(() => {
    const now = performance.now();
    loopLag = Math.max(loopLag, now - lastBeat - HEARTBEAT_MS);
    lastBeat = now;
  }, HEARTBEAT_MS);
  const start = performance.now() + 20;
  const dueAt = (i: number) => start + (i * 1000) / rate;

  const send = (i: number) =>
    new Promise<void>((resolve) => {
      const request = next(i);
      const due = dueAt(i);
      const finish = (status?: number) => {
        const end = performance.now();
        lastAnswer = Math.max(lastAnswer, end);
        if (status === undefined) errors++;
        else {
          latencies[answered++] = end - due;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
        resolve();
      };
      const outgoing = http.request(
        new URL(request.path, url),
        { method: request.method, headers: request.headers, agent, timeout: TIMEOUT_MS },
        (response) => {
          response.resume();
          response.once('end', () => finish(response.statusCode));
          response.once('error', () => finish());
        },
      );
      outgoing.once('timeout', () => outgoing.destroy(new Error('timed out')));
      outgoing.once('error', () => finish());
      outgoing.end(request.body);
    });

  const inFlight: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = () => {
      // Everything due by now goes out now: a late timer sends the requests it owes at once, and their
      // latencies still count from when they were due.
      while (i < total && dueAt(i) <= performance.now()) inFlight.push(send(i++));
      if (i >= total) return resolve();
      setTimeout(tick, Math.max(0, dueAt(i) - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(inFlight);
  clearInterval(heartbeat);
  agent.destroy();

  const sorted = [...latencies.subarray(0, answered).sort()];
  return {
    rate: answered / Math.max(0.001, (lastAnswer - start) / 1000),
    p50: quantile(sorted, 0.5) ?? Number.NaN,
    p99: quantile(sorted, 0.99) ?? Number.NaN,
    max: quantile(sorted, 1) ?? Number.NaN,
    errors,
    statuses,
    loopLag,
  };
}
