import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotHeader } from '../interfaces.js';
import type { HeartbeatMessage, Message } from '../types.js';
import { MemoryNetwork } from './memory-network.js';
import { MemoryTransport } from './memory-transport.js';
import { comparableMessage, everyMessage, sampleSnapshotMeta } from './sample-messages.js';
import { isTransportError } from './transport-error.js';

interface Node {
  readonly transport: MemoryTransport;
  readonly received: Message[];
  readonly peer: { id: string; address: string };
}

const open: MemoryTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((transport) => transport.close()));
});

async function startNode(
  network: MemoryNetwork,
  id: string,
  onSnapshot?: (header: SnapshotHeader, chunks: AsyncIterable<Uint8Array>) => Promise<void>,
): Promise<Node> {
  const transport = new MemoryTransport({ network, localAddress: `mem://${id}` });
  open.push(transport);
  const received: Message[] = [];
  await transport.start({
    onMessage: (message) => received.push(message),
    onSnapshot: onSnapshot ?? (async () => undefined),
  });
  return { transport, received, peer: { id, address: transport.localAddress } };
}

/** Lets every delivery already scheduled (one macrotask each) happen. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

function heartbeat(context: number): HeartbeatMessage {
  return { type: 'heartbeat', from: 'a', to: 'b', term: 1, commit: 0, context };
}

describe('MemoryTransport', () => {
  it('delivers every message type, as copies, in order, on a later macrotask', async () => {
    const network = new MemoryNetwork();
    const a = await startNode(network, 'a');
    const b = await startNode(network, 'b');
    for (const message of everyMessage) a.transport.send(b.peer, message);
    expect(b.received).toEqual([]); // never inside the sender's turn
    await settle();
    expect(b.received.map(comparableMessage)).toEqual(everyMessage.map(comparableMessage));
    expect(b.received[0] === everyMessage[0]).toBe(false); // a copy, not the same object
  });

  it('drops messages to a disconnected node and delivers again after connect', async () => {
    const network = new MemoryNetwork();
    const a = await startNode(network, 'a');
    const b = await startNode(network, 'b');
    network.disconnect(b.peer.address);
    a.transport.send(b.peer, heartbeat(1));
    await settle();
    network.connect(b.peer.address);
    a.transport.send(b.peer, heartbeat(2));
    await settle();
    expect(b.received.map((message) => (message as HeartbeatMessage).context)).toEqual([2]);
    expect(network.stats().dropped).toBe(1);
  });

  it('partitions two groups both ways until heal', async () => {
    const network = new MemoryNetwork();
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((id) => startNode(network, id)));
    if (a === undefined || b === undefined || c === undefined) throw new Error('nodes');
    network.partition([a.peer.address], [b.peer.address, c.peer.address]);
    a.transport.send(b.peer, heartbeat(1));
    b.transport.send(a.peer, heartbeat(2));
    b.transport.send(c.peer, heartbeat(3)); // inside the majority side
    await settle();
    expect(a.received).toEqual([]);
    expect(b.received).toEqual([]);
    expect(c.received).toHaveLength(1);
    network.heal();
    a.transport.send(b.peer, heartbeat(4));
    await settle();
    expect(b.received).toHaveLength(1);
  });

  it('drops one way only with block', async () => {
    const network = new MemoryNetwork();
    const a = await startNode(network, 'a');
    const b = await startNode(network, 'b');
    network.block(a.peer.address, b.peer.address);
    a.transport.send(b.peer, heartbeat(1));
    b.transport.send(a.peer, heartbeat(2));
    await settle();
    expect(b.received).toEqual([]);
    expect(a.received).toHaveLength(1);
  });

  it('drops a message whose link breaks while it is in flight', async () => {
    const network = new MemoryNetwork();
    const a = await startNode(network, 'a');
    const b = await startNode(network, 'b');
    a.transport.send(b.peer, heartbeat(1));
    network.disconnect(a.peer.address);
    await settle();
    expect(b.received).toEqual([]);
  });

  it('streams a snapshot chunk by chunk and resolves after the handler', async () => {
    const network = new MemoryNetwork();
    const seen: number[] = [];
    let done = false;
    const b = await startNode(network, 'b', async (header, chunks) => {
      expect(header.message.snapshot).toEqual(sampleSnapshotMeta);
      for await (const chunk of chunks) seen.push(chunk.byteLength);
      done = true;
    });
    const a = await startNode(network, 'a');
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 10; i += 1) yield new Uint8Array(1000 + i);
    }
    const header: SnapshotHeader = {
      message: { type: 'installSnapshot', from: 'a', to: 'b', term: 7, snapshot: sampleSnapshotMeta },
    };
    await a.transport.sendSnapshot(b.peer, header, chunks());
    expect(done).toBe(true);
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => 1000 + i));
  });

  it('rejects a snapshot the receiver refuses, or one cut by a fault', async () => {
    const network = new MemoryNetwork();
    const b = await startNode(network, 'b', async (_header, chunks) => {
      for await (const _chunk of chunks) network.disconnect('mem://b');
      throw new Error('disk full');
    });
    const a = await startNode(network, 'a');
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10);
      yield new Uint8Array(10);
    }
    const header: SnapshotHeader = {
      message: { type: 'installSnapshot', from: 'a', to: 'b', term: 7, snapshot: sampleSnapshotMeta },
    };
    await expect(a.transport.sendSnapshot(b.peer, header, chunks())).rejects.toSatisfy((error: unknown) =>
      isTransportError(error, 'unreachable'),
    );
    await expect(a.transport.sendSnapshot(b.peer, header, chunks())).rejects.toSatisfy((error: unknown) =>
      isTransportError(error, 'unreachable'),
    );
    network.heal();
    const refusing = await startNode(network, 'c', async () => {
      throw new Error('disk full');
    });
    await expect(a.transport.sendSnapshot(refusing.peer, header, chunks())).rejects.toSatisfy((error: unknown) =>
      isTransportError(error, 'snapshot-rejected'),
    );
  });
});
