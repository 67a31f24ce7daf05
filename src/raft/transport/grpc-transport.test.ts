import { Server, ServerCredentials } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotHeader, TransportHandlers } from '../interfaces.js';
import type { HeartbeatMessage, Message } from '../types.js';
import { GrpcTransport } from './grpc-transport.js';
import type { GrpcTransportLimits } from './grpc-transport-limits.js';
import { comparableMessage, everyMessage, sampleSnapshotMeta } from './sample-messages.js';
import { isTransportError } from './transport-error.js';

/** Waits on a condition, never on a fixed sleep; fails after timeoutMs with the label. */
async function waitFor(label: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Node {
  readonly id: string;
  readonly transport: GrpcTransport;
  readonly received: Message[];
  readonly peer: { id: string; address: string };
}

const open: GrpcTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((transport) => transport.close()));
});

const fastReconnect: Partial<GrpcTransportLimits> = { reconnectBackoffInitialMs: 20, reconnectBackoffMaxMs: 200 };

async function startNode(
  id: string,
  options: {
    address?: string;
    limits?: Partial<GrpcTransportLimits>;
    onSnapshot?: TransportHandlers['onSnapshot'];
  } = {},
): Promise<Node> {
  const transport = new GrpcTransport({
    localId: id,
    localAddress: options.address ?? '127.0.0.1:0',
    limits: { ...fastReconnect, ...options.limits },
  });
  open.push(transport);
  const received: Message[] = [];
  await transport.start({
    onMessage: (message) => received.push(message),
    onSnapshot: options.onSnapshot ?? (async () => undefined),
  });
  return { id, transport, received, peer: { id, address: transport.localAddress } };
}

function heartbeat(from: string, to: string, context: number): HeartbeatMessage {
  return { type: 'heartbeat', from, to, term: 1, commit: 0, context };
}

function append(from: string, to: string, index: number, dataBytes: number): Message {
  return {
    type: 'appendEntries',
    from,
    to,
    term: 1,
    prevLogIndex: index - 1,
    prevLogTerm: 1,
    leaderCommit: 0,
    entries: [{ index, term: 1, type: 'command', data: new Uint8Array(dataBytes).fill(index % 256) }],
  };
}

async function* chunksOf(
  totalBytes: number,
  chunkBytes: number,
  produced: { count: number },
): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < totalBytes; offset += chunkBytes) {
    produced.count += 1;
    yield new Uint8Array(Math.min(chunkBytes, totalBytes - offset)).fill(produced.count % 256);
  }
}

describe('GrpcTransport', () => {
  it('delivers every message type between three transports, unchanged', async () => {
    const nodes = await Promise.all(['a', 'b', 'c'].map((id) => startNode(id)));
    for (const from of nodes) {
      for (const to of nodes.filter((node) => node !== from)) {
        for (const message of everyMessage) from.transport.send(to.peer, { ...message, from: from.id, to: to.id });
      }
    }
    for (const node of nodes)
      await waitFor(`${node.id} to receive all`, () => node.received.length === 2 * everyMessage.length);
    for (const node of nodes) {
      for (const from of nodes.filter((other) => other !== node)) {
        const fromPeer = node.received.filter((message) => message.from === from.id);
        const expected = everyMessage.map((message) => ({ ...message, from: from.id, to: node.id }));
        // Lanes are independent streams: order holds within a lane, so compare as sets here.
        const key = (message: unknown): string => JSON.stringify(Object.entries(message as object).sort());
        const sorted = (messages: Message[]): unknown[] =>
          messages.map(comparableMessage).sort((x, y) => key(x).localeCompare(key(y)));
        expect(sorted(fromPeer)).toEqual(sorted(expected));
      }
    }
  });

  it('preserves order per peer within each lane', async () => {
    const [a, b] = await Promise.all([startNode('a'), startNode('b')]);
    if (a === undefined || b === undefined) throw new Error('nodes');
    const count = 2000;
    for (let i = 1; i <= count; i += 1) {
      a.transport.send(b.peer, append('a', 'b', i, 64));
      a.transport.send(b.peer, heartbeat('a', 'b', i));
      // Spread over several event-loop turns so several batches are involved.
      if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor('all messages', () => b.received.length === 2 * count);
    const appendIndexes = b.received.flatMap((message) =>
      message.type === 'appendEntries' ? [message.prevLogIndex + 1] : [],
    );
    const heartbeatContexts = b.received.flatMap((message) => (message.type === 'heartbeat' ? [message.context] : []));
    const inOrder = Array.from({ length: count }, (_, i) => i + 1);
    expect(appendIndexes).toEqual(inOrder);
    expect(heartbeatContexts).toEqual(inOrder);
  });

  it('reconnects to a peer that restarts on the same address', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    a.transport.send(b.peer, heartbeat('a', 'b', 1));
    await waitFor('first heartbeat', () => b.received.length === 1);
    await b.transport.close();
    for (let i = 2; i <= 5; i += 1) a.transport.send(b.peer, heartbeat('a', 'b', i)); // lost or late: Raft retries
    const restarted = await startNode('b', { address: b.peer.address });
    let context = 100;
    // Raft keeps sending; once the channel reconnects, new messages arrive.
    await waitFor('a message after the restart', () => {
      a.transport.send(b.peer, heartbeat('a', 'b', (context += 1)));
      return restarted.received.some((message) => message.type === 'heartbeat' && message.context > 100);
    });
  });

  it('streams a 20 MiB snapshot in bounded chunks and resolves once the receiver acked', async () => {
    const chunkBytes = 64 * 1024;
    const totalBytes = 20 * 1024 * 1024;
    const produced = { count: 0 };
    let consumed = 0;
    let aheadMax = 0;
    let receivedBytes = 0;
    let chunkMax = 0;
    let acked = false;
    const b = await startNode('b', {
      onSnapshot: async (header, chunks) => {
        expect(header.message.snapshot).toEqual(sampleSnapshotMeta);
        for await (const chunk of chunks) {
          consumed += 1;
          aheadMax = Math.max(aheadMax, produced.count - consumed);
          chunkMax = Math.max(chunkMax, chunk.byteLength);
          receivedBytes += chunk.byteLength;
          // A slow disk: the sender must wait rather than buffer the whole snapshot.
          if (consumed % 8 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        }
        acked = true;
      },
    });
    const a = await startNode('a', { limits: { snapshotChunkBytesMax: chunkBytes } });
    const header: SnapshotHeader = {
      message: { type: 'installSnapshot', from: 'a', to: 'b', term: 7, snapshot: sampleSnapshotMeta },
    };
    await a.transport.sendSnapshot(b.peer, header, chunksOf(totalBytes, 256 * 1024, produced));
    expect(acked).toBe(true);
    expect(receivedBytes).toBe(totalBytes);
    expect(consumed).toBe(totalBytes / chunkBytes);
    expect(chunkMax).toBeLessThanOrEqual(chunkBytes);
    // Source chunks of 256 KiB, so 4 wire chunks each: at most a few MiB are ever in flight, not 20.
    console.log(
      JSON.stringify({ test: 'snapshot back-pressure', sourceChunksAheadMax: aheadMax, sourceChunks: produced.count }),
    );
    expect(aheadMax * 4).toBeLessThan(consumed / 2);
  });

  it('rejects sendSnapshot when the receiver refuses the snapshot', async () => {
    const b = await startNode('b', {
      onSnapshot: async (_header, chunks) => {
        for await (const _chunk of chunks) break;
        throw new Error('disk full');
      },
    });
    const a = await startNode('a');
    const header: SnapshotHeader = {
      message: {
        type: 'installSnapshot',
        from: 'a',
        to: 'b',
        term: 7,
        snapshot: { ...sampleSnapshotMeta, size: 1024 * 1024 },
      },
    };
    const sending = a.transport.sendSnapshot(b.peer, header, chunksOf(1024 * 1024, 16 * 1024, { count: 0 }));
    await expect(sending).rejects.toSatisfy(
      (error: unknown) => isTransportError(error, 'snapshot-rejected') && error.message.includes('disk full'),
    );
  });

  it('does not delay heartbeats behind a large backlog of appends to the same peer', async () => {
    const b = await startNode('b');
    const a = await startNode('a', { limits: { bulkQueueBytesMax: 256 * 1024 * 1024 } });
    const appends = 120;
    for (let i = 1; i <= appends; i += 1) a.transport.send(b.peer, append('a', 'b', i, 256 * 1024));
    // The heartbeat comes only once the backlog is already flowing over the connection.
    await waitFor('the first appends', () => b.received.length > 0);
    a.transport.send(b.peer, heartbeat('a', 'b', 1));
    await waitFor('the backlog', () => b.received.length === appends + 1, 30_000);
    const heartbeatPosition = b.received.findIndex((message) => message.type === 'heartbeat');
    console.log(JSON.stringify({ test: 'heartbeat behind appends', heartbeatPosition, appends }));
    expect(heartbeatPosition).toBeLessThan(appends);
  });

  it('drops the oldest queued messages instead of growing when the peer is down', async () => {
    const down = new Server();
    const port = await new Promise<number>((resolve, reject) => {
      down.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, boundPort) =>
        error === null ? resolve(boundPort) : reject(error),
      );
    });
    down.forceShutdown(); // a free port nobody listens on
    const a = await startNode('a', { limits: { bulkQueueMessagesMax: 100, bulkQueueBytesMax: 1024 * 1024 } });
    const peer = { id: 'b', address: `127.0.0.1:${port}` };
    for (let i = 1; i <= 5000; i += 1) {
      a.transport.send(peer, append('a', 'b', i, 1024));
      if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor('the stream to fail', () => (a.transport.peerStats(peer.address)?.bulk.streamFailures ?? 0) > 0);
    const stats = a.transport.peerStats(peer.address);
    expect(stats?.bulk.queuedMessages).toBeLessThanOrEqual(100);
    expect(stats?.bulk.queuedBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(stats?.bulk.droppedMessages).toBeGreaterThan(0);
  });

  it('serves Raft on a grpc.Server owned by someone else', async () => {
    const server = new Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
    const shared = new GrpcTransport({ localId: 'b', localAddress: '127.0.0.1:0', server });
    open.push(shared);
    const received: Message[] = [];
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, boundPort) =>
        error === null ? resolve(boundPort) : reject(error),
      );
    });
    await shared.start({ onMessage: (message) => received.push(message), onSnapshot: async () => undefined });
    const a = await startNode('a');
    a.transport.send({ id: 'b', address: `127.0.0.1:${port}` }, heartbeat('a', 'b', 7));
    await waitFor('a heartbeat through the shared server', () => received.length === 1);
    await shared.close();
    server.forceShutdown();
  });
});
