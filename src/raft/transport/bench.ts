/**
 * Throughput of GrpcTransport on loopback: single-entry appendEntries with 256-byte
 * entries from one transport to another, as many as a bounded window of unanswered
 * messages allows. Prints one JSON line per measurement.
 *   node dist/src/raft/transport/bench.js [--duration-ms 3000] [--entry-bytes 256] [--window 2048]
 */
import { parseArgs } from 'node:util';
import type { AppendEntriesMessage } from '../types.js';
import { GrpcTransport } from './grpc-transport.js';

interface BenchOptions {
  readonly durationMs: number;
  readonly entryBytes: number;
  readonly window: number;
}

function options(): BenchOptions {
  const { values } = parseArgs({
    options: { 'duration-ms': { type: 'string' }, 'entry-bytes': { type: 'string' }, window: { type: 'string' } },
  });
  return {
    durationMs: Number(values['duration-ms'] ?? 3000),
    entryBytes: Number(values['entry-bytes'] ?? 256),
    window: Number(values.window ?? 2048),
  };
}

function appendOf(index: number, data: Uint8Array): AppendEntriesMessage {
  return {
    type: 'appendEntries',
    from: 'a',
    to: 'b',
    term: 1,
    prevLogIndex: index - 1,
    prevLogTerm: 1,
    leaderCommit: index - 1,
    entries: [{ index, term: 1, type: 'command', data }],
  };
}

async function main(): Promise<void> {
  const { durationMs, entryBytes, window } = options();
  const receiver = new GrpcTransport({ localId: 'b', localAddress: '127.0.0.1:0' });
  const sender = new GrpcTransport({ localId: 'a', localAddress: '127.0.0.1:0' });
  let received = 0;
  await receiver.start({ onMessage: () => (received += 1), onSnapshot: async () => undefined });
  await sender.start({ onMessage: () => undefined, onSnapshot: async () => undefined });
  const peer = { id: 'b', address: receiver.localAddress };
  const data = new Uint8Array(entryBytes).fill(7);
  let sent = 0;
  const startedMs = performance.now();
  const endMs = startedMs + durationMs;
  while (performance.now() < endMs) {
    // A window keeps the sender from outrunning the queue bound (which would drop, not measure).
    while (sent - received < window) sender.send(peer, appendOf((sent += 1), data));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const elapsedMs = performance.now() - startedMs;
  const stats = sender.peerStats(peer.address);
  process.stdout.write(
    JSON.stringify({
      bench: 'raft-transport-grpc-append',
      entryBytes,
      window,
      durationMs: Math.round(elapsedMs),
      sent,
      received,
      messagesPerSecond: Math.round((received / elapsedMs) * 1000),
      megabytesPerSecond: Number(((received * entryBytes) / elapsedMs / 1000).toFixed(2)),
      batches: stats?.bulk.sentBatches ?? 0,
      dropped: stats?.bulk.droppedMessages ?? 0,
    }) + '\n',
  );
  await sender.close();
  await receiver.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
