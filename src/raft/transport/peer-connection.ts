/**
 * Everything one transport keeps for one peer address: the gRPC client (one
 * channel) and the two outgoing lanes, flushed together once per event-loop turn.
 */
import type { RaftTransportClient } from '../../gen/raft/v1/RaftTransport.js';
import type { RaftLogger } from '../interfaces.js';
import type { Message, ServerAddress } from '../types.js';
import type { GrpcTransportLimits } from './grpc-transport-limits.js';
import { laneOf, type Lane } from './lanes.js';
import { OutgoingStream, type OutgoingStreamStats } from './outgoing-stream.js';

export interface PeerConnectionOptions {
  readonly address: ServerAddress;
  readonly client: RaftTransportClient;
  readonly limits: GrpcTransportLimits;
  readonly logger: RaftLogger;
}

export type PeerStats = Readonly<Record<Lane, OutgoingStreamStats>>;

export class PeerConnection {
  readonly client: RaftTransportClient;
  private readonly lanes: Readonly<Record<Lane, OutgoingStream>>;
  private flushScheduled = false;
  private closed = false;

  constructor(options: PeerConnectionOptions) {
    this.client = options.client;
    const { limits } = options;
    const common = {
      peerAddress: options.address,
      client: options.client,
      limits,
      logger: options.logger,
      requestFlush: () => this.scheduleFlush(),
    };
    this.lanes = {
      // Heartbeats and votes are small; the count bounds the lane.
      priority: new OutgoingStream({
        ...common,
        lane: 'priority',
        queueLimits: { messagesMax: limits.priorityQueueMessagesMax, bytesMax: limits.bulkQueueBytesMax },
      }),
      bulk: new OutgoingStream({
        ...common,
        lane: 'bulk',
        queueLimits: { messagesMax: limits.bulkQueueMessagesMax, bytesMax: limits.bulkQueueBytesMax },
      }),
    };
  }

  enqueue(message: Message, bytes: number): void {
    this.lanes[laneOf(message)].enqueue(message, bytes);
    this.scheduleFlush();
  }

  stats(): PeerStats {
    return { priority: this.lanes.priority.stats(), bulk: this.lanes.bulk.stats() };
  }

  close(): void {
    this.closed = true;
    this.lanes.priority.close();
    this.lanes.bulk.close();
    this.client.close();
  }

  /** One flush per turn gathers every message queued in that turn into as few batches as possible. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.closed) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.closed) return;
      this.lanes.priority.flush();
      this.lanes.bulk.flush();
    });
  }
}
