/**
 * GrpcTransport: raft-ts messages over the raft.v1 RaftTransport service.
 *
 * Receiving: the service is registered on a grpc.Server, either one this
 * transport creates and binds on localAddress, or one owned by someone else (the
 * master serves its API and Raft on one port), in which case the owner binds it.
 *
 * Sending: one channel per peer address, created on first use. Per peer two Send
 * streams, a priority lane (heartbeats, votes, timeoutNow) and a bulk lane
 * (appends, snapshot messages), each behind a bounded queue; everything queued to
 * a peer in one event-loop turn goes out in one flush (setImmediate), priority
 * lane first. Snapshots stream on their own InstallSnapshot call.
 */
import {
  credentials,
  Server,
  ServerCredentials,
  type ChannelCredentials,
  type ChannelOptions,
  type ClientWritableStream,
} from '@grpc/grpc-js';
import type { SnapshotChunk } from '../../gen/raft/v1/SnapshotChunk.js';
import { assert } from '../errors.js';
import {
  silentLogger,
  type RaftLogger,
  type SnapshotHeader,
  type Transport,
  type TransportHandlers,
} from '../interfaces.js';
import type { Message, ServerAddress, ServerId } from '../types.js';
import { estimateMessageBytes } from './codec.js';
import { GrpcReceiver, type PeerCall } from './grpc-receiver.js';
import {
  defaultGrpcTransportLimits,
  validateGrpcTransportLimits,
  type GrpcTransportLimits,
} from './grpc-transport-limits.js';
import { PeerConnection, type PeerStats } from './peer-connection.js';
import { sendSnapshotOverGrpc } from './snapshot-sender.js';
import { TransportError } from './transport-error.js';
import { raftWire } from './wire.js';

export interface GrpcTransportOptions {
  readonly localId: ServerId;
  /** host:port to listen on when the transport owns its server (port 0 picks one; see localAddress after start). */
  readonly localAddress: ServerAddress;
  /**
   * A server owned by the caller: the transport only registers its service on it
   * (at construction, so it can be bound right away); the caller binds, sets its
   * message size limits (at least limits.messageBytesMax) and shuts it down.
   */
  readonly server?: Server;
  readonly limits?: Partial<GrpcTransportLimits>;
  readonly logger?: RaftLogger;
  /** Credentials of outgoing connections (TLS with this server's identity); insecure when absent. */
  readonly channelCredentials?: () => ChannelCredentials;
  /** Credentials of an own server; insecure when absent. */
  readonly serverCredentials?: () => ServerCredentials;
  /** Whether an incoming call comes from a member (its TLS identity); every call is accepted when absent. */
  readonly acceptPeer?: (call: PeerCall) => boolean;
}

export class GrpcTransport implements Transport {
  private address: ServerAddress;
  private readonly localId: ServerId;
  private readonly limits: GrpcTransportLimits;
  private readonly logger: RaftLogger;
  private readonly server: Server;
  private readonly ownsServer: boolean;
  private readonly receiver: GrpcReceiver;
  private readonly peers = new Map<ServerAddress, PeerConnection>();
  private readonly snapshotCalls = new Set<ClientWritableStream<SnapshotChunk>>();
  private started = false;
  private closed = false;
  private readonly channelCredentials: () => ChannelCredentials;
  private readonly serverCredentials: () => ServerCredentials;

  constructor(options: GrpcTransportOptions) {
    this.localId = options.localId;
    this.address = options.localAddress;
    this.limits = validateGrpcTransportLimits({ ...defaultGrpcTransportLimits(), ...options.limits });
    this.logger = options.logger ?? silentLogger;
    this.receiver = new GrpcReceiver(this.logger, options.acceptPeer);
    this.channelCredentials = options.channelCredentials ?? (() => credentials.createInsecure());
    this.serverCredentials = options.serverCredentials ?? (() => ServerCredentials.createInsecure());
    this.ownsServer = options.server === undefined;
    this.server =
      options.server ??
      new Server({
        'grpc.max_receive_message_length': this.limits.messageBytesMax,
        'grpc.max_send_message_length': this.limits.messageBytesMax,
      });
    this.server.addService(raftWire().service, this.receiver.implementation());
  }

  /** The address peers reach this transport on; with an own server bound on port 0, the real port once started. */
  get localAddress(): ServerAddress {
    return this.address;
  }

  async start(handlers: TransportHandlers): Promise<void> {
    assert(!this.started, 'GrpcTransport.start called twice');
    assert(!this.closed, 'GrpcTransport.start after close');
    this.started = true;
    this.receiver.start(handlers);
    if (this.ownsServer) this.address = await this.bind();
  }

  send(to: { id: ServerId; address: ServerAddress }, message: Message): void {
    if (this.closed) return;
    const bytes = estimateMessageBytes(message);
    if (bytes > this.limits.messageBytesMax) {
      this.logger.warn(
        { to: to.id, type: message.type, bytes, bytesMax: this.limits.messageBytesMax },
        'raft transport dropped a message larger than messageBytesMax',
      );
      return;
    }
    this.peer(to.address).enqueue(message, bytes);
  }

  async sendSnapshot(
    to: { id: ServerId; address: ServerAddress },
    header: SnapshotHeader,
    chunks: AsyncIterable<Uint8Array>,
  ): Promise<void> {
    if (this.closed) throw new TransportError('closed', 'the transport is closed');
    await sendSnapshotOverGrpc({
      client: this.peer(to.address).client,
      header,
      chunks,
      limits: this.limits,
      isClosed: () => this.closed,
      track: (call, running) => {
        if (running) this.snapshotCalls.add(call);
        else this.snapshotCalls.delete(call);
      },
    });
  }

  /** Queue and stream counters for one peer (null before anything was sent to it). */
  peerStats(address: ServerAddress): PeerStats | null {
    return this.peers.get(address)?.stats() ?? null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.receiver.close();
    for (const call of this.snapshotCalls) call.cancel();
    this.snapshotCalls.clear();
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    if (this.ownsServer) this.server.forceShutdown();
    else this.server.removeService(raftWire().service);
  }

  private peer(address: ServerAddress): PeerConnection {
    let peer = this.peers.get(address);
    if (peer === undefined) {
      const client = new (raftWire().Client)(address, this.channelCredentials(), this.channelOptions());
      peer = new PeerConnection({ address, client, limits: this.limits, logger: this.logger });
      this.peers.set(address, peer);
    }
    return peer;
  }

  private channelOptions(): ChannelOptions {
    return {
      'grpc.max_receive_message_length': this.limits.messageBytesMax,
      'grpc.max_send_message_length': this.limits.messageBytesMax,
      'grpc.initial_reconnect_backoff_ms': this.limits.reconnectBackoffInitialMs,
      'grpc.max_reconnect_backoff_ms': this.limits.reconnectBackoffMaxMs,
      // Each transport has its own connections, so closing one never disturbs another in the same process.
      'grpc.use_local_subchannel_pool': 1,
    };
  }

  private async bind(): Promise<ServerAddress> {
    const port = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(this.address, this.serverCredentials(), (error: Error | null, boundPort: number) => {
        if (error === null) resolve(boundPort);
        else
          reject(
            new TransportError(
              'unreachable',
              `raft transport of ${this.localId} cannot listen on ${this.address}: ${error.message}`,
            ),
          );
      });
    });
    const separator = this.address.lastIndexOf(':');
    return separator < 0 ? this.address : `${this.address.slice(0, separator)}:${port}`;
  }
}
