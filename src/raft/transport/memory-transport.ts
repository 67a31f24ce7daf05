/**
 * MemoryTransport: a Transport over a MemoryNetwork, for tests and in-process
 * clusters. Same contract as the gRPC transport: send never throws and drops
 * what cannot be delivered; sendSnapshot streams the chunks one by one (copied,
 * pulled only as the receiver asks) and resolves when the receiver's handler did.
 */
import type { SnapshotHeader, Transport, TransportHandlers } from '../interfaces.js';
import type { Message, ServerAddress, ServerId } from '../types.js';
import { assert } from '../errors.js';
import type { MemoryNetwork } from './memory-network.js';
import { TransportError } from './transport-error.js';

export interface MemoryTransportOptions {
  readonly network: MemoryNetwork;
  readonly localAddress: ServerAddress;
}

export class MemoryTransport implements Transport {
  readonly localAddress: ServerAddress;
  private readonly network: MemoryNetwork;
  private started = false;
  private closed = false;

  constructor(options: MemoryTransportOptions) {
    this.network = options.network;
    this.localAddress = options.localAddress;
  }

  async start(handlers: TransportHandlers): Promise<void> {
    assert(!this.started, 'MemoryTransport.start called twice');
    assert(!this.closed, 'MemoryTransport.start after close');
    this.started = true;
    this.network.attach(this.localAddress, handlers);
  }

  send(to: { id: ServerId; address: ServerAddress }, message: Message): void {
    if (this.closed || !this.started) return;
    this.network.post(this.localAddress, to.address, message);
  }

  async sendSnapshot(
    to: { id: ServerId; address: ServerAddress },
    header: SnapshotHeader,
    chunks: AsyncIterable<Uint8Array>,
  ): Promise<void> {
    if (this.closed) throw new TransportError('closed', 'the transport is closed');
    // Asynchronous like every delivery: the receiver never runs inside the caller's turn.
    await new Promise((resolve) => setImmediate(resolve));
    const handlers = this.network.handlersFor(this.localAddress, to.address);
    if (handlers === null) throw new TransportError('unreachable', `${to.id} (${to.address}) is unreachable`);
    try {
      await handlers.onSnapshot(structuredClone(header), this.relay(to.address, chunks));
    } catch (error: unknown) {
      if (error instanceof TransportError) throw error;
      throw new TransportError(
        'snapshot-rejected',
        `the receiver refused the snapshot: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.started) this.network.detach(this.localAddress);
  }

  /** Pulls one chunk from the sender per chunk the receiver asks for; a fault mid-stream breaks it. */
  private async *relay(to: ServerAddress, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      if (this.closed || !this.network.canReach(this.localAddress, to)) {
        throw new TransportError('unreachable', `snapshot stream to ${to} broke`);
      }
      yield chunk.slice();
    }
  }
}
