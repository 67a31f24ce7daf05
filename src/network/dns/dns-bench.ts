/**
 * A DNS load generator: A queries for `names` in turn over one UDP socket,
 * with at most `concurrency` in flight, for `durationMs`; then it waits for
 * the stragglers (at most `timeoutMs`) and reports. Errors are timeouts and
 * SERVFAIL/REFUSED/FORMERR/NOTIMP answers (NXDOMAIN is an answer).
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';
import { RECURSION_DESIRED, encode } from 'dns-packet';
import { requireInteger } from './dns-config.js';
import { NetworkError } from '../network-error.js';
import { rcodeOf } from './wire.js';

export interface BenchDnsOptions {
  readonly server: { readonly address: string; readonly port: number };
  readonly names: readonly string[];
  readonly concurrency: number;
  readonly durationMs: number;
  /** A query unanswered this long counts as an error. */
  readonly timeoutMs?: number;
}

export interface BenchDnsResult {
  readonly queriesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

export const benchDnsLimits = Object.freeze({
  concurrencyMax: 10_000,
  durationMsMax: 600_000,
  latencySamplesMax: 2_000_000,
  timeoutMs: 1_000,
});

const errorRcodes = new Set(['SERVFAIL', 'REFUSED', 'FORMERR', 'NOTIMP']);

interface Pending {
  readonly sentAt: number;
}

export async function benchDns(options: BenchDnsOptions): Promise<BenchDnsResult> {
  validate(options);
  const timeoutMs = options.timeoutMs ?? benchDnsLimits.timeoutMs;
  const queries = options.names.map((name) =>
    encode({ type: 'query', id: 0, flags: RECURSION_DESIRED, questions: [{ type: 'A', name, class: 'IN' }] }),
  );
  const socket = createSocket(isIPv6(options.server.address) ? 'udp6' : 'udp4');
  const pending = new Map<number, Pending>();
  const freeIds = Array.from({ length: 65_536 }, (_, id) => 65_535 - id);
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  let answered = 0;
  const startedAt = performance.now();
  const deadline = startedAt + options.durationMs;
  return new Promise<BenchDnsResult>((resolve) => {
    let finished = false;
    const release = (id: number) => {
      pending.delete(id);
      freeIds.push(id);
    };
    const sendMore = () => {
      while (!finished && pending.size < options.concurrency && performance.now() < deadline) {
        const id = freeIds.pop();
        const query = queries[sent % queries.length];
        if (id === undefined || query === undefined) break;
        const message = Buffer.from(query);
        message.writeUInt16BE(id, 0);
        pending.set(id, { sentAt: performance.now() });
        sent += 1;
        socket.send(message, options.server.port, options.server.address);
      }
      if (pending.size === 0 && performance.now() >= deadline) finish();
    };
    const finish = () => {
      if (finished) return;
      finished = true;
      clearInterval(sweeper);
      socket.close();
      resolve(summarize(latencies, answered, errors, performance.now() - startedAt));
    };
    // timeouts are swept, not timed one by one: one timer whatever the rate
    const sweeper = setInterval(
      () => {
        const now = performance.now();
        for (const [id, entry] of pending) {
          if (now - entry.sentAt < timeoutMs) continue;
          errors += 1;
          release(id);
        }
        sendMore();
      },
      Math.max(10, Math.min(100, timeoutMs / 4)),
    );
    socket.on('error', () => {
      errors += 1;
    });
    socket.on('message', (message) => {
      if (message.length < 12) return;
      const id = message.readUInt16BE(0);
      const entry = pending.get(id);
      if (entry === undefined) return;
      answered += 1;
      if (latencies.length < benchDnsLimits.latencySamplesMax) latencies.push(performance.now() - entry.sentAt);
      if (errorRcodes.has(rcodeOf(message))) errors += 1;
      release(id);
      sendMore();
    });
    sendMore();
  });
}

function summarize(latencies: number[], answered: number, errors: number, elapsedMs: number): BenchDnsResult {
  const sorted = Float64Array.from(latencies).sort();
  const percentile = (fraction: number) =>
    sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0);
  return {
    queriesPerSecond: elapsedMs <= 0 ? 0 : Math.round((answered / elapsedMs) * 1000),
    p50Ms: round(percentile(0.5)),
    p99Ms: round(percentile(0.99)),
    errors,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function validate(options: BenchDnsOptions): void {
  if (options.names.length === 0) throw new NetworkError('config', 'names: at least one name to query');
  requireInteger('concurrency', options.concurrency, 1, benchDnsLimits.concurrencyMax);
  requireInteger('durationMs', options.durationMs, 1, benchDnsLimits.durationMsMax);
  requireInteger('server.port', options.server.port, 1, 65_535);
  if (options.timeoutMs !== undefined) requireInteger('timeoutMs', options.timeoutMs, 1, 60_000);
}
