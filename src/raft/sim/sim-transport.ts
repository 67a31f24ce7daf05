/**
 * The production node's Transport in the simulator: messages and snapshot chunks
 * become packets on the simulated network (which drops, delays, reorders,
 * duplicates and partitions them). A snapshot is streamed as chunks that carry
 * its header, so any order assembles; the receiver acknowledges once the node's
 * handler holds it durably, and the sender gives up after a timeout.
 */
import { AssertionError } from '../errors.js';
import type { SnapshotHeader, Transport, TransportHandlers } from '../interfaces.js';
import type { Message, ServerAddress, ServerId } from '../types.js';
import type { Packet } from './network.js';

/** The network as one process sees it; both die with the process. */
export interface SimLink {
  send(to: ServerId, packet: Packet): void;
  later(delayMs: number, label: string, action: () => void): void;
  /** A programmer error surfaced on an asynchronous path: the run fails. */
  fail(error: unknown): void;
}

export interface SimTransportOptions {
  readonly id: ServerId;
  readonly snapshotTimeoutMs: number;
}

/** Streams whose chunks were lost are abandoned by their senders; only the newest few are kept. */
const incomingSnapshotsMax = 4;

export class SimTransport implements Transport {
  readonly localAddress: ServerAddress;
  private handlers: TransportHandlers | null = null;
  /** Snapshot streams waiting for the receiver's acknowledgement, by "peer/snapshot id". */
  private readonly outgoing = new Map<string, () => void>();
  private readonly incoming = new Map<string, (Uint8Array | undefined)[]>();

  constructor(
    private readonly link: SimLink,
    private readonly options: SimTransportOptions,
  ) {
    this.localAddress = options.id;
  }

  async start(handlers: TransportHandlers): Promise<void> {
    this.handlers = handlers;
  }

  send(to: { id: ServerId; address: ServerAddress }, message: Message): void {
    if (this.handlers === null) return;
    this.link.send(to.id, { kind: 'raft', message });
  }

  async sendSnapshot(
    to: { id: ServerId; address: ServerAddress },
    header: SnapshotHeader,
    chunks: AsyncIterable<Uint8Array>,
  ): Promise<void> {
    const data: Uint8Array[] = [];
    for await (const chunk of chunks) data.push(chunk);
    if (data.length === 0) data.push(new Uint8Array(0));
    const key = `${to.id}/${header.message.snapshot.id}`;
    const acknowledged = new Promise<void>((resolve, reject) => {
      this.outgoing.set(key, resolve);
      this.link.later(this.options.snapshotTimeoutMs, `snapshot-timeout ${this.options.id}>${to.id}`, () => {
        if (this.outgoing.get(key) !== resolve) return;
        this.outgoing.delete(key);
        reject(new Error(`snapshot ${header.message.snapshot.id} to ${to.id} was not acknowledged in time`));
      });
    });
    data.forEach((part, index) => {
      this.link.send(to.id, {
        kind: 'chunk',
        from: this.options.id,
        header: header.message,
        part: index,
        parts: data.length,
        data: part,
      });
    });
    return acknowledged;
  }

  async close(): Promise<void> {
    this.handlers = null;
  }

  /** A packet the network delivered to this server. */
  deliver(packet: Packet): void {
    const handlers = this.handlers;
    if (handlers === null) return;
    if (packet.kind === 'raft') {
      handlers.onMessage(packet.message);
    } else if (packet.kind === 'chunk') {
      this.receiveChunk(handlers, packet);
    } else {
      const key = `${packet.from}/${packet.snapshotId}`;
      const resolve = this.outgoing.get(key);
      this.outgoing.delete(key);
      resolve?.();
    }
  }

  private receiveChunk(handlers: TransportHandlers, packet: Packet & { kind: 'chunk' }): void {
    const key = `${packet.from}/${packet.header.snapshot.id}`;
    const parts = this.incoming.get(key) ?? new Array<Uint8Array | undefined>(packet.parts).fill(undefined);
    parts[packet.part] = packet.data;
    this.incoming.set(key, parts);
    while (this.incoming.size > incomingSnapshotsMax) this.incoming.delete(this.incoming.keys().next().value as string);
    if (parts.some((part) => part === undefined)) return;
    this.incoming.delete(key);
    const snapshotId = packet.header.snapshot.id;
    handlers.onSnapshot({ message: packet.header }, replay(parts as Uint8Array[])).then(
      () => this.link.send(packet.from, { kind: 'chunkAck', from: this.options.id, snapshotId }),
      // Refused or failed: no acknowledgement, and the sender's timeout makes it retry.
      (error: unknown) => {
        if (error instanceof AssertionError) this.link.fail(error);
      },
    );
  }
}

async function* replay(parts: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}
